import DHIS2

/// Data elements of expected births and pregnancies: a 2015 rate applied to the synced year's
/// population, named as such so that nobody reads them as a count of the year, and the raw 2015
/// sums (on request). Kept apart from `PopulationMetadata`'s own declarations.
extension PopulationMetadata {
    public static func expectedDataElementID(_ what: String) -> String { uid("dataElement/expected/\(what)") }
    public static func rawRateDataElementID(_ what: String) -> String { uid("dataElement/raw-2015/\(what)") }

    /// "Expected live births (WorldPop 2015 rate)", its description stating the method and its limits.
    public static func expectedElement(_ what: String, method: String, credit: String) -> ExtraElement {
        let name = what.prefix(1).uppercased() + what.dropFirst()
        return ExtraElement(
            id: expectedDataElementID(what), name: "Expected \(what) (WorldPop 2015 rate)",
            shortName: String("Expected \(what) WP 2015 rate".prefix(50)), code: code("EXPECTED_\(what)"),
            description: "\(name) expected in the year: WorldPop's 2015 rate applied to the year's WorldPop population, by "
                + "worldpop-dhis2. \(method) Source: \(credit)")
    }

    /// "Live births 2015 (WorldPop, 1 km grid)": the grid's own 2015 sum, for period 2015 only.
    public static func rawRateElement(_ what: String, credit: String) -> ExtraElement {
        let name = what.prefix(1).uppercased() + what.dropFirst()
        return ExtraElement(
            id: rawRateDataElementID(what), name: "\(name) 2015 (WorldPop, 1 km grid)", shortName: String("\(name) 2015 WP".prefix(50)),
            code: code("\(what)_2015"),
            description: "WorldPop's circa-2015 estimate of \(what), summed exactly over the org unit's boundary on its 1 km "
                + "grid by worldpop-dhis2 (2015 only; not a figure of any other year). Source: \(credit)")
    }
}
