import DHIS2
import Denominators
import Localization

/// The metadata worldpop-dhis2 keeps in DHIS2, built from data (the product's age groups, the
/// derived groups, the target org units), with UIDs derived from stable keys so that re-running
/// updates the same objects.
///
/// - "Population (WorldPop)": totals, default category combo.
/// - "Population by age and sex (WorldPop)": the age/sex bands, on the combo Sex × Age group.
///   A data element has one category combo, so totals and bands need two elements; DHIS2
///   analytics shows the second's total as the sum of its bands.
/// - "Population by age (WorldPop)", on the combo Age group, when a run imports bands of both
///   sexes together (`ageOnly`, WorldPop's `t` files): the Sex × Age combo has no option for
///   "both sexes", and a sum over sexes entered as one sex would be wrong in every pivot table.
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
    /// Data elements of the catchment and access commands (facility catchments, people beyond
    /// a distance), added to the same data set.
    public var extraElements: [ExtraElement] = []
    /// Years the values are for: the data set must accept the latest of them.
    public var years: [Int] = []
    /// Adds "Population by age (WorldPop)" on the Age group combo, for bands of both sexes.
    public var ageOnly = false
    /// Data elements split by a category of classes (urbanisation); see `ClassElement`.
    public var classElements: [ClassElement] = []

    /// A data element beyond the population ones.
    public struct ExtraElement: Sendable, Hashable {
        public var id: String
        public var name: String
        public var shortName: String
        public var code: String
        public var description: String
        public var ageSex: Bool
        /// SUM-like for counts; AVERAGE for shares, which must not add up over org units.
        public var aggregationType: String
        /// Its texts in the catalogues (`MetadataTranslations`), when they are there.
        public var texts: TextKeys?

        public init(
            id: String, name: String, shortName: String, code: String, description: String, ageSex: Bool = false,
            aggregationType: String = "AVERAGE_SUM_ORG_UNIT"
        ) {
            self.id = id
            self.name = name
            self.shortName = shortName
            self.code = code
            self.description = description
            self.ageSex = ageSex
            self.aggregationType = aggregationType
        }
    }

    /// "Catchment population (WorldPop)" and its age/sex twin, for facility catchments.
    public static let catchmentDataElementID = uid("dataElement/catchment-population")
    public static let catchmentAgeSexDataElementID = uid("dataElement/catchment-population-age-sex")
    public static func beyondDataElementID(km: Double) -> String { uid("dataElement/beyond/\(kmLabel(km))") }
    public static func beyondShareDataElementID(km: Double) -> String { uid("dataElement/beyond-share/\(kmLabel(km))") }
    public static func kmLabel(_ km: Double) -> String { km == km.rounded() ? String(Int(km)) : String(km) }

    /// `radiusKm`: catchments within a radius (the description says so), nil for nearest-facility ones.
    public static func catchmentElements(method: String, credit: String, radiusKm: Double? = nil) -> [ExtraElement] {
        let d = "People living in the facility's catchment (\(method)), summed exactly by worldpop-dhis2. Source: \(credit)"
        var values = ["credit": credit]
        values["km"] = radiusKm.map(kmLabel)
        let description = radiusKm == nil ? "metadata.description.catchmentNearest" : "metadata.description.catchmentRadius"
        var elements = [
            ExtraElement(
                id: catchmentDataElementID, name: "Catchment population (WorldPop)", shortName: "Catchment pop WP",
                code: "WP_CATCHMENT_POP", description: d),
            ExtraElement(
                id: catchmentAgeSexDataElementID, name: "Catchment population by age and sex (WorldPop)",
                shortName: "Catchment pop age sex WP",
                code: "WP_CATCHMENT_POP_AGESEX", description: d, ageSex: true),
        ]
        elements[0].texts = TextKeys(prefix: "metadata.dataElement.catchment", values: values, description: description)
        elements[1].texts = TextKeys(prefix: "metadata.dataElement.catchmentAgeSex", values: values, description: description)
        return elements
    }

    /// A total that is not the whole population, e.g. "primary school-age population": its own
    /// data element, keyed by what it counts so that every release lands in the same one.
    public static func subpopulationDataElementID(_ what: String) -> String { uid("dataElement/subpopulation/\(what)") }

    public static func subpopulationElement(_ what: String, credit: String) -> ExtraElement {
        let name = what.prefix(1).uppercased() + what.dropFirst()
        let short = name.replacingOccurrences(of: "population", with: "pop")
        var element = ExtraElement(
            id: subpopulationDataElementID(what), name: "\(name) (WorldPop)", shortName: String("\(short) WP".prefix(50)),
            code: code("POP_\(what.replacingOccurrences(of: " population", with: ""))"),
            description: "Estimated \(what), summed exactly over the org unit's boundary by worldpop-dhis2. Source: \(credit)")
        let key = "metadata.subpopulation.\(what.replacingOccurrences(of: " ", with: "-"))"
        element.texts = TextKeys(prefix: key, values: ["credit": credit], description: key + ".description")
        return element
    }

    public static func accessElements(km: Double, credit: String) -> [ExtraElement] {
        let label = kmLabel(km)
        let d = "People living more than \(label) km (geodesic) from every health facility, by worldpop-dhis2. Source: \(credit)"
        let values = ["km": label, "credit": credit]
        var elements = [
            ExtraElement(
                id: beyondDataElementID(km: km), name: "Population beyond \(label) km of a health facility (WorldPop)",
                shortName: "Pop beyond \(label)km WP", code: "WP_BEYOND_\(label.replacingOccurrences(of: ".", with: "_"))KM", description: d
            ),
            ExtraElement(
                id: beyondShareDataElementID(km: km),
                name: "Share of population beyond \(label) km of a health facility (WorldPop, %)",
                shortName: "% beyond \(label)km WP", code: "WP_BEYOND_\(label.replacingOccurrences(of: ".", with: "_"))KM_PCT",
                description: d + " Percent of the org unit's population.", aggregationType: "AVERAGE"),
        ]
        elements[0].texts = TextKeys(prefix: "metadata.dataElement.beyond", values: values, description: "metadata.description.beyond")
        elements[1].texts = TextKeys(
            prefix: "metadata.dataElement.beyondShare", values: values, description: "metadata.description.beyondShare")
        return elements
    }

    public init(ageGroups: [String], derivedGroups: [Group] = [], orgUnitIDs: [String], credit: String) {
        self.ageGroups = ageGroups
        self.derivedGroups = derivedGroups
        self.orgUnitIDs = orgUnitIDs
        self.credit = credit
    }

    /// The 20 age groups of WorldPop Global 2 (R2025A): 0, 1-4, 5-9, …, 85-89, 90+.
    public static let r2025AgeGroups = ["0", "1-4"] + stride(from: 5, to: 90, by: 5).map { "\($0)-\($0 + 4)" } + ["90+"]

    /// Future periods the Yearly data set must open so that DHIS2 accepts every year of the run.
    /// DHIS2 takes the latest open period as the current one, moved back one and then forward
    /// `openFuturePeriods` (`DataElement.getLatestOpenFuturePeriod`): 0 closes the current year,
    /// so a value for year Y needs Y − current + 1.
    public func openFuturePeriods(currentYear: Int) -> Int {
        max(0, (years.max() ?? 0) - currentYear + 1)
    }

    static func uid(_ key: String) -> String { UID.deterministic("worldpop-dhis2/" + key) }
    public static func code(_ s: String) -> String {
        "WP_" + s.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
    }

    public static let totalDataElementID = uid("dataElement/population")
    public static let ageSexDataElementID = uid("dataElement/population-age-sex")
    public static let ageSexComboID = uid("categoryCombo/age-sex")
    public static let ageDataElementID = uid("dataElement/population-age")
    public static let ageComboID = uid("categoryCombo/age")
    public static let sexCategoryID = uid("category/sex")
    public static let ageCategoryID = uid("category/age")
    public static let dataSetID = uid("dataSet/population")
    public static func sexOptionID(_ sex: String) -> String { uid("categoryOption/sex/\(sex)") }
    public static func ageOptionID(_ label: String) -> String { uid("categoryOption/age/\(label)") }
    public static func groupDataElementID(_ key: String) -> String { uid("dataElement/group/\(key)") }

    /// Sex keys as WorldPop's file names have them.
    public static let sexes = [("f", "Female"), ("m", "Male")]

    /// The objects to import; with `translations`, their names and descriptions in each
    /// catalogue's language (`MetadataTranslations`).
    public func bundle(defaultComboID: String, translations: [Catalogue] = []) -> MetadataBundle {
        var b = MetadataBundle()
        for (key, name) in Self.sexes {
            b.categoryOptions.append(
                CategoryOption(
                    id: Self.sexOptionID(key), name: "\(name) (WorldPop)", shortName: "\(name) WP", code: Self.code("SEX_\(key)")))
        }
        for label in ageGroups {
            b.categoryOptions.append(
                CategoryOption(
                    id: Self.ageOptionID(label), name: "Age \(label) (WorldPop)", shortName: "Age \(label) WP",
                    code: Self.code("AGE_\(label.replacingOccurrences(of: "+", with: "PLUS"))")))
        }
        b.categories = [
            Category(
                id: Self.sexCategoryID, name: "Sex (WorldPop)", shortName: "Sex WP", code: "WP_SEX",
                categoryOptions: Self.sexes.map { Ref(Self.sexOptionID($0.0)) }),
            Category(
                id: Self.ageCategoryID, name: "Age group (WorldPop)", shortName: "Age group WP", code: "WP_AGE",
                categoryOptions: ageGroups.map { Ref(Self.ageOptionID($0)) }),
        ]
        b.categoryCombos = [
            CategoryCombo(
                id: Self.ageSexComboID, name: "Age and sex (WorldPop)", code: "WP_AGE_SEX",
                categories: [Ref(Self.sexCategoryID), Ref(Self.ageCategoryID)])
        ]
        if ageOnly {
            b.categoryCombos.append(
                CategoryCombo(
                    id: Self.ageComboID,
                    name: "Age (WorldPop)", code: "WP_AGE_ONLY", categories: [Ref(Self.ageCategoryID)]))
        }
        let description = "Estimated residents, summed exactly over the org unit's boundary by worldpop-dhis2. Source: \(credit)"
        b.dataElements =
            [
                DataElement(
                    id: Self.totalDataElementID, name: "Population (WorldPop)", shortName: "Population WP", code: "WP_POP",
                    description: description, categoryCombo: Ref(defaultComboID)),
                DataElement(
                    id: Self.ageSexDataElementID, name: "Population by age and sex (WorldPop)", shortName: "Population age sex WP",
                    code: "WP_POP_AGESEX", description: description, categoryCombo: Ref(Self.ageSexComboID)),
            ]
            + (ageOnly
                ? [
                    DataElement(
                        id: Self.ageDataElementID, name: "Population by age (WorldPop)",
                        shortName: "Population age WP", code: "WP_POP_AGE",
                        description: description + " Both sexes together.", categoryCombo: Ref(Self.ageComboID))
                ] : [])
            + derivedGroups.map { g in
                DataElement(
                    id: Self.groupDataElementID(g.key), name: g.name, shortName: g.shortName, code: Self.code("POP_\(g.key)"),
                    description: description, categoryCombo: Ref(defaultComboID))
            }
            + extraElements.map { e in
                DataElement(
                    id: e.id, name: e.name, shortName: e.shortName, code: e.code, description: e.description,
                    aggregationType: e.aggregationType,
                    categoryCombo: Ref(e.ageSex ? Self.ageSexComboID : defaultComboID))
            }
        for element in classElements { element.add(to: &b) }
        b.dataSets = [
            DataSet(
                id: Self.dataSetID, name: "WorldPop population", shortName: "WorldPop", code: "WP_POPULATION",
                description: "Population denominators from WorldPop. \(credit)",
                dataSetElements: b.dataElements.map { DataSetElement(dataElement: Ref($0.id)) },
                organisationUnits: orgUnitIDs.sorted().map(Ref.init))
        ]
        translate(&b, into: translations)
        return b
    }
}

extension PopulationMetadata {
    /// The derived groups created by default (under 1, under 5, women 15–49 …), as metadata groups.
    public static var standardGroups: [Group] {
        DerivedGroup.standard.map { Group(key: $0.key, name: $0.name, shortName: $0.shortName) }
    }
}
