import DenominatorMetadata

/// What a run is about, fixed once its populations are computed (stages 1–3): the plan, the
/// server and its org units, the rasters and the populations. A preview stops here; a sync's
/// later stages read it and each returns only what it adds.
struct SyncContext: Sendable {
    var plan: SyncPlan
    var orgUnits: OrgUnitsRead
    var rasters: RastersFound
    var populations: Populations
    /// The data elements the values go to.
    var targets: ValueTargets

    init(plan: SyncPlan, orgUnits: OrgUnitsRead, rasters: RastersFound, populations: Populations) {
        self.plan = plan
        self.orgUnits = orgUnits
        self.rasters = rasters
        self.populations = populations
        targets = ValueTargets(plan, rate: rasters.rate)
    }
}
