import Denominators
import Geometry

/// Stage 3: the population of every zone, band and year (one coverage per zone, reused for every
/// band and year), the derived groups the bands give, and for access the people within and
/// beyond reach.
struct Populations: Sendable {
    var table: PopulationTable
    var access: [AccessRow]
    /// The plan's groups with the bands each sums (none when the values are not bands).
    var groups: [GroupBands]
    var notes: [SyncNote] = []
}

/// A derived group and the bands of the rasters it sums.
public struct GroupBands: Sendable {
    public var group: DerivedGroup
    public var bands: [AgeSexBand]
}

extension SyncRunner {
    func computePopulations(_ plan: SyncPlan, _ orgUnits: OrgUnitsRead, _ rasters: RastersFound) throws -> Populations {
        let zoning = orgUnits.zoning
        // The parents' own boundaries too, for the hierarchy check.
        let zoneIDs = Set(zoning.zones.map(\.id))
        let parents = orgUnits.units.zones.filter { !zoneIDs.contains($0.id) }
        let zones = parents + zoning.zones + zoning.extra
        let inputs = rasters.inputs
        var table = try PopulationTable.compute(
            zones: zones, inputs: inputs, engine: engine, strictGeometry: plan.strictGeometry, progress: progress)
        var notes = ClassSummary.note(table, inputs: inputs, units: zoneIDs).map { SyncNote(.classes, $0) }
        if let rate = rasters.rate {
            progress?("2015 \(rate.what) and population", 0)
            try RateSums.apply(rate, to: &table, zones: zones, engine: engine)
            notes.append(SyncNote(.method, "Expected \(rate.what) (WorldPop 2015 rate). " + rate.method))
        }
        logger.info(
            "populations computed",
            metadata: ["files": "\(Set(inputs.flatMap(\.files)).count)", "outsideRaster": "\(table.outsideRaster.count)"])
        let access = AccessRow.rows(zones: zoning.zones, plan: plan, table: table, names: orgUnits.units.names)
        // Groups are the population's; catchments and access carry their own data elements.
        let groups =
            plan.product.hasBands && plan.zoneSource.isBoundaries
            ? try plan.groups.map { GroupBands(group: $0, bands: try $0.bands(from: rasters.bands)) } : []
        return Populations(table: table, access: access, groups: groups, notes: notes)
    }
}
