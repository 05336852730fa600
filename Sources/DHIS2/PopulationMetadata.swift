/// The metadata worldpop-dhis2 keeps in DHIS2, built from data (the product's age groups, the
/// derived groups, the target org units), with UIDs derived from stable keys so that re-running
/// updates the same objects.
///
/// - "Population (WorldPop)": totals, default category combo.
/// - "Population by age and sex (WorldPop)": the age/sex bands, on the combo Sex × Age group.
///   A data element has one category combo, so totals and bands need two elements; DHIS2
///   analytics shows the second's total as the sum of its bands.
/// - One data element per derived group (under-1, under-5, …), default combo.
/// - A Yearly data set holding them all, assigned to the target org units.
public struct PopulationMetadata: Sendable {
    public struct Group: Sendable, Hashable {
        public var key: String
        public var name: String
        public var shortName: String
        public init(key: String, name: String, shortName: String) {
            self.key = key
            self.name = name
            self.shortName = shortName
        }
    }

    /// Age-group labels in order, e.g. "0", "1-4", … "90+" (data from the product's band list).
    public var ageGroups: [String]
    public var derivedGroups: [Group]
    public var orgUnitIDs: [String]
    /// Credit for data element and data set descriptions (CC BY 4.0).
    public var credit: String

    public init(ageGroups: [String], derivedGroups: [Group] = [], orgUnitIDs: [String], credit: String) {
        self.ageGroups = ageGroups
        self.derivedGroups = derivedGroups
        self.orgUnitIDs = orgUnitIDs
        self.credit = credit
    }

    /// The 20 age groups of WorldPop Global 2 (R2025A): 0, 1-4, 5-9, …, 85-89, 90+.
    public static let r2025AgeGroups = ["0", "1-4"] + stride(from: 5, to: 90, by: 5).map { "\($0)-\($0 + 4)" } + ["90+"]

    static func uid(_ key: String) -> String { UID.deterministic("worldpop-dhis2/" + key) }
    public static func code(_ s: String) -> String {
        "WP_" + s.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    public static let totalDataElementID = uid("dataElement/population")
    public static let ageSexDataElementID = uid("dataElement/population-age-sex")
    public static let ageSexComboID = uid("categoryCombo/age-sex")
    public static let sexCategoryID = uid("category/sex")
    public static let ageCategoryID = uid("category/age")
    public static let dataSetID = uid("dataSet/population")
    public static func sexOptionID(_ sex: String) -> String { uid("categoryOption/sex/\(sex)") }
    public static func ageOptionID(_ label: String) -> String { uid("categoryOption/age/\(label)") }
    public static func groupDataElementID(_ key: String) -> String { uid("dataElement/group/\(key)") }

    /// Sex keys as WorldPop's file names have them.
    public static let sexes = [("f", "Female"), ("m", "Male")]

    public func bundle(defaultComboID: String) -> MetadataBundle {
        var b = MetadataBundle()
        for (key, name) in Self.sexes {
            b.categoryOptions.append(CategoryOption(id: Self.sexOptionID(key), name: "\(name) (WorldPop)", shortName: "\(name) WP", code: Self.code("SEX_\(key)")))
        }
        for label in ageGroups {
            b.categoryOptions.append(CategoryOption(id: Self.ageOptionID(label), name: "Age \(label) (WorldPop)", shortName: "Age \(label) WP", code: Self.code("AGE_\(label.replacingOccurrences(of: "+", with: "PLUS"))")))
        }
        b.categories = [
            Category(id: Self.sexCategoryID, name: "Sex (WorldPop)", shortName: "Sex WP", code: "WP_SEX",
                     categoryOptions: Self.sexes.map { Ref(Self.sexOptionID($0.0)) }),
            Category(id: Self.ageCategoryID, name: "Age group (WorldPop)", shortName: "Age group WP", code: "WP_AGE",
                     categoryOptions: ageGroups.map { Ref(Self.ageOptionID($0)) }),
        ]
        b.categoryCombos = [CategoryCombo(id: Self.ageSexComboID, name: "Age and sex (WorldPop)", code: "WP_AGE_SEX",
                                          categories: [Ref(Self.sexCategoryID), Ref(Self.ageCategoryID)])]
        let description = "Estimated residents, summed exactly over the org unit's boundary by worldpop-dhis2. Source: \(credit)"
        b.dataElements = [
            DataElement(id: Self.totalDataElementID, name: "Population (WorldPop)", shortName: "Population WP", code: "WP_POP",
                        description: description, categoryCombo: Ref(defaultComboID)),
            DataElement(id: Self.ageSexDataElementID, name: "Population by age and sex (WorldPop)", shortName: "Population age sex WP",
                        code: "WP_POP_AGESEX", description: description, categoryCombo: Ref(Self.ageSexComboID)),
        ] + derivedGroups.map { g in
            DataElement(id: Self.groupDataElementID(g.key), name: g.name, shortName: g.shortName, code: Self.code("POP_\(g.key)"),
                        description: description, categoryCombo: Ref(defaultComboID))
        }
        b.dataSets = [DataSet(id: Self.dataSetID, name: "WorldPop population", shortName: "WorldPop", code: "WP_POPULATION",
                              description: "Population denominators from WorldPop. \(credit)",
                              dataSetElements: b.dataElements.map { DataSetElement(dataElement: Ref($0.id)) },
                              organisationUnits: orgUnitIDs.sorted().map(Ref.init))]
        return b
    }
}
