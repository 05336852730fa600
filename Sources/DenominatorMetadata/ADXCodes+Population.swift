import DHIS2
import Denominators

extension ADXCodes {
    /// Codes of the population metadata for ADX files.
    public static func population(ids: MetadataIDs, units: OrgUnitSet, extraElements: [PopulationMetadata.ExtraElement] = []) -> ADXCodes {
        var combos: [String: [(category: String, option: String)]] = [:]
        for (key, coc) in ids.ageSexCombos {
            let parts = key.split(separator: "|").map(String.init)
            let age = ("WP_AGE", PopulationMetadata.code("AGE_\(parts[1].replacingOccurrences(of: "+", with: "PLUS"))"))
            // The age combo of both-sexes runs ("t|…") has no sex category.
            combos[coc] = parts[0] == "t" ? [age] : [("WP_SEX", PopulationMetadata.code("SEX_\(parts[0])")), age]
        }
        var elements = [
            PopulationMetadata.totalDataElementID: "WP_POP", PopulationMetadata.ageSexDataElementID: "WP_POP_AGESEX",
            PopulationMetadata.ageDataElementID: "WP_POP_AGE",
        ]
        for g in DerivedGroup.standard { elements[PopulationMetadata.groupDataElementID(g.key)] = PopulationMetadata.code("POP_\(g.key)") }
        for e in extraElements { elements[e.id] = e.code }
        return ADXCodes(
            dataSet: "WP_POPULATION", dataElements: elements,
            orgUnits: Dictionary(units.units.compactMap { u in u.code.map { (u.id, $0) } }, uniquingKeysWith: { a, _ in a }), combos: combos
        )
    }
}
