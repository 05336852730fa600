import Geometry
import Parallel

/// Stage 3: the population of every zone, band and year (one coverage per zone, reused for every
/// band and year), and for access the people within and beyond reach.
struct Populations: Sendable {
    var rasters: RastersFound
    var table: PopulationTable
    var access: [AccessRow]
    var notes: [String] = []

    var plan: SyncPlan { rasters.plan }
    var orgUnits: OrgUnitsRead { rasters.orgUnits }
}

extension SyncRunner {
    func computePopulations(_ rasters: RastersFound) async throws -> Populations {
        let zoning = rasters.orgUnits.zoning
        // The parents' own boundaries too, for the hierarchy check.
        let zoneIDs = Set(zoning.zones.map(\.id))
        let parents = rasters.orgUnits.units.zones.filter { !zoneIDs.contains($0.id) }
        let (engine, progress) = (self.engine, self.progress)
        let zones = parents + zoning.zones + zoning.extra
        var table = try await onWorkerThread {
            try PopulationTable.compute(
                zones: zones, inputs: rasters.plan.inputs, engine: engine, strictGeometry: rasters.plan.strictGeometry,
                progress: progress)
        }
        var rateNotes: [String] = []
        if let rate = rasters.plan.rate {
            progress?("2015 \(rate.what) and population", 0)
            let counted = table
            table = try await onWorkerThread {
                var t = counted
                try RateSums.apply(rate, to: &t, zones: zones, engine: engine)
                return t
            }
            rateNotes.append("Expected \(rate.what) (WorldPop 2015 rate). " + rate.method)
        }
        logger.info(
            "populations computed",
            metadata: [
                "files": "\(Set(rasters.plan.inputs.flatMap(\.files)).count)",
                "outsideRaster": "\(table.outsideRaster.count)",
            ])
        let access = AccessRow.rows(zones: zoning.zones, plan: rasters.plan, table: table, names: rasters.orgUnits.units.names)
        let notes = ClassSummary.note(table, inputs: rasters.plan.inputs, units: zoneIDs) + rateNotes
        return Populations(rasters: rasters, table: table, access: access, notes: notes)
    }
}
