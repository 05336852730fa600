import DHIS2
import Denominators

/// One synced org unit in one year: the row the report's maps, tables and files, serve's
/// results and the DHIS2 app read, so that each says the same of a unit.
public struct UnitYear: Sendable {
    public var unit: OrgUnit
    public var year: Int
    /// nil: the unit got no value (no boundary, a Point, outside the raster).
    public var estimate: PopulationEstimate?
    /// Each derived group's population by key (products with bands; empty otherwise).
    public var groups: [String: Double]

    /// The unit's population: the total raster's figure, else the sum of the bands; nil without a value.
    public var population: Double? {
        guard let estimate, estimate.total != nil || !estimate.byBand.isEmpty else { return nil }
        return estimate.population
    }
}

extension SyncOutcome {
    /// Every synced unit in every year of the plan, units in UID order, then by year.
    public var unitYears: [UnitYear] {
        syncedUnits.sorted { $0.id < $1.id }.flatMap { unit in plan.years.map { unitYear(unit, $0) } }
    }

    /// One unit's row for a year.
    public func unitYear(_ unit: OrgUnit, _ year: Int) -> UnitYear {
        let estimate = table.estimates[unit.id]?[year]
        var groups: [String: Double] = [:]
        if let estimate {
            for g in self.groups { groups[g.group.key] = estimate.value(of: g.group, bands: g.bands) }
        }
        return UnitYear(unit: unit, year: year, estimate: estimate, groups: groups)
    }
}
