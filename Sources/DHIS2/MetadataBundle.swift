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
}

public struct CategoryCombo: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var code: String?
    public var dataDimensionType = "DISAGGREGATION"
    public var categories: [Ref]
    /// Names and descriptions in other languages (`Translation`).
    public var translations: [Translation] = []
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
}

public struct DataSetElement: Codable, Sendable, Equatable {
    public var dataElement: Ref
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
}
