import DHIS2

/// Stage 9: the checks of the populations — the parents' populations against the sum of their
/// children (hierarchy), the age/sex bands against the total raster, and the denominator already
/// in DHIS2 (`compareWith`, read once) against ours. A preview runs them too.
struct Checked: Sendable {
    var hierarchy: [HierarchyFinding] = []
    /// (unit, year, relative difference of the age/sex band sum from the total raster), largest first.
    var bandTotalDifferences: [(unit: String, year: Int, difference: Double)] = []
    var comparisons: [Comparison] = []
}

extension SyncRunner {
    func check(_ run: SyncContext) async throws -> Checked {
        var checked = Checked()
        let (plan, table) = (run.plan, run.populations.table)
        guard let firstYear = run.rasters.inputs.first else { return checked }
        let band = firstYear.total ?? firstYear.bands.values.sorted { $0.band < $1.band }.first
        if let band, firstYear.total != nil || plan.product == .total {
            checked.hierarchy = try HierarchyCheck.run(
                units: run.orgUnits.units, table: table, band: band, year: firstYear.year, engine: engine)
        }
        let synced = Set(run.orgUnits.synced.map(\.id))
        for (unit, years) in table.estimates where synced.contains(unit) {
            for (year, e) in years { if let d = e.bandTotalDifference { checked.bandTotalDifferences.append((unit, year, d)) } }
        }
        checked.bandTotalDifferences.sort { abs($0.difference) > abs($1.difference) }
        if let dataElement = plan.compareWith {
            checked.comparisons = try await compare(run, with: dataElement)
        }
        return checked
    }

    func compare(_ run: SyncContext, with dataElement: String) async throws -> [Comparison] {
        let plan = run.plan
        var theirs: [String: [Int: Double]] = [:]
        for root in run.orgUnits.roots {
            for v in try await client.dataValues(
                dataElement: dataElement, periods: plan.years.map(String.init), root: root, version: run.orgUnits.server)
            {
                theirs[v.orgUnit, default: [:]][Int(v.period) ?? 0, default: 0] += Double(v.value) ?? 0
            }
        }
        var comparisons: [Comparison] = []
        for unit in run.orgUnits.synced {
            for year in plan.years {
                guard let existing = theirs[unit.id]?[year], let e = run.populations.table.estimates[unit.id]?[year] else { continue }
                let ratio = existing > 0 ? e.population / existing : .infinity
                comparisons.append(
                    Comparison(
                        unit: unit.id, name: unit.name, year: year, existing: existing, worldPop: e.population,
                        flagged: abs(ratio - 1) > plan.compareThreshold))
            }
        }
        return comparisons.sorted { abs($0.ratio - 1) > abs($1.ratio - 1) }
    }
}
