import DHIS2

extension SyncRunner {
    /// Stage 9: the checks of the outcome — the parents' populations against the sum of their
    /// children (hierarchy), the age/sex bands against the total raster, and the denominator
    /// already in DHIS2 (`compareWith`, read once) against ours.
    func check(_ outcome: SyncOutcome) async throws -> SyncOutcome {
        var outcome = outcome
        let plan = outcome.plan
        guard let firstYear = plan.inputs.first else { return outcome }
        let band = firstYear.total ?? firstYear.bands.values.sorted { $0.band < $1.band }.first
        if let band, firstYear.total != nil || plan.product == .total {
            outcome.hierarchy = try HierarchyCheck.run(
                units: outcome.units, table: outcome.table, band: band, year: firstYear.year, engine: engine)
        }
        let synced = outcome.syncedIDs
        for (unit, years) in outcome.table.estimates where synced.contains(unit) {
            for (year, e) in years { if let d = e.bandTotalDifference { outcome.bandTotalDifferences.append((unit, year, d)) } }
        }
        outcome.bandTotalDifferences.sort { abs($0.difference) > abs($1.difference) }
        if let dataElement = plan.compareWith {
            outcome.comparisons = try await compare(outcome, with: dataElement)
        }
        return outcome
    }

    func compare(_ outcome: SyncOutcome, with dataElement: String) async throws -> [Comparison] {
        let plan = outcome.plan
        var theirs: [String: [Int: Double]] = [:]
        for root in outcome.roots {
            for v in try await client.dataValues(
                dataElement: dataElement, periods: plan.years.map(String.init), root: root, version: outcome.serverInfo)
            {
                theirs[v.orgUnit, default: [:]][Int(v.period) ?? 0, default: 0] += Double(v.value) ?? 0
            }
        }
        var comparisons: [Comparison] = []
        for unit in outcome.syncedUnits {
            for year in plan.years {
                guard let existing = theirs[unit.id]?[year], let e = outcome.table.estimates[unit.id]?[year] else { continue }
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
