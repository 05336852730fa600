/// The slice of DHIS2's metadata model that worldpop-dhis2 creates, as `/api/metadata` takes it.
public struct MetadataBundle: Codable, Sendable, Equatable {
    public var categoryOptions: [CategoryOption] = []
    public var categories: [Category] = []
    public var categoryCombos: [CategoryCombo] = []
    public var dataElements: [DataElement] = []
    public var dataSets: [DataSet] = []

    public init() {}

    public var objectCount: Int { categoryOptions.count + categories.count + categoryCombos.count + dataElements.count + dataSets.count }
}

public struct Ref: Codable, Sendable, Hashable {
    public var id: String
    public init(_ id: String) { self.id = id }
}

public struct CategoryOption: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var shortName: String
    public var code: String?
    /// Names and descriptions in other languages (`Translation`).
    public var translations: [Translation] = []

    public init(
        id: String, name: String, shortName: String, code: String? = nil, translations: [Translation] = []
    ) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.code = code
        self.translations = translations
    }
}

public struct Category: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var shortName: String
    public var code: String?
    public var dataDimensionType = "DISAGGREGATION"
    public var categoryOptions: [Ref]
    /// Names and descriptions in other languages (`Translation`).
    public var translations: [Translation] = []

    public init(
        id: String, name: String, shortName: String, code: String? = nil, dataDimensionType: String = "DISAGGREGATION",
        categoryOptions: [Ref], translations: [Translation] = []
    ) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.code = code
        self.dataDimensionType = dataDimensionType
        self.categoryOptions = categoryOptions
        self.translations = translations
    }
}

public struct CategoryCombo: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var code: String?
    public var dataDimensionType = "DISAGGREGATION"
    public var categories: [Ref]
    /// Names and descriptions in other languages (`Translation`).
    public var translations: [Translation] = []

    public init(
        id: String, name: String, code: String? = nil, dataDimensionType: String = "DISAGGREGATION", categories: [Ref],
        translations: [Translation] = []
    ) {
        self.id = id
        self.name = name
        self.code = code
        self.dataDimensionType = dataDimensionType
        self.categories = categories
        self.translations = translations
    }
}

public struct DataElement: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var shortName: String
    public var code: String?
    public var description: String?
    public var valueType = "NUMBER"
    public var domainType = "AGGREGATE"
    /// Sum over org units, average over time: the right aggregation for a population.
    public var aggregationType = "AVERAGE_SUM_ORG_UNIT"
    public var zeroIsSignificant = true
    public var categoryCombo: Ref
    /// Names and descriptions in other languages (`Translation`).
    public var translations: [Translation] = []

    public init(
        id: String, name: String, shortName: String, code: String? = nil, description: String? = nil, valueType: String = "NUMBER",
        domainType: String = "AGGREGATE", aggregationType: String = "AVERAGE_SUM_ORG_UNIT", zeroIsSignificant: Bool = true,
        categoryCombo: Ref, translations: [Translation] = []
    ) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.code = code
        self.description = description
        self.valueType = valueType
        self.domainType = domainType
        self.aggregationType = aggregationType
        self.zeroIsSignificant = zeroIsSignificant
        self.categoryCombo = categoryCombo
        self.translations = translations
    }
}

public struct DataSetElement: Codable, Sendable, Equatable {
    public var dataElement: Ref

    public init(
        dataElement: Ref
    ) {
        self.dataElement = dataElement
    }
}

public struct DataSet: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var shortName: String
    public var code: String?
    public var description: String?
    public var periodType = "Yearly"
    public var dataSetElements: [DataSetElement]
    public var organisationUnits: [Ref]
    /// Names and descriptions in other languages (`Translation`).
    public var translations: [Translation] = []

    public init(
        id: String, name: String, shortName: String, code: String? = nil, description: String? = nil, periodType: String = "Yearly",
        dataSetElements: [DataSetElement], organisationUnits: [Ref], translations: [Translation] = []
    ) {
        self.id = id
        self.name = name
        self.shortName = shortName
        self.code = code
        self.description = description
        self.periodType = periodType
        self.dataSetElements = dataSetElements
        self.organisationUnits = organisationUnits
        self.translations = translations
    }
}
