import Geometry

/// Stage 2: the rasters of every year, found once the org units say which country they are in.
struct RastersFound: Sendable {
    var orgUnits: OrgUnitsRead
    /// The plan with its rasters and credit filled in.
    var plan: SyncPlan
    var notes: [String]
}

extension SyncRunner {
    func findRasters(_ orgUnits: OrgUnitsRead) async throws -> RastersFound {
        var plan = orgUnits.plan
        guard let request = plan.worldPop else {
            let (inputs, notes) = try CompanionTotalCheck.settingAsideMisaligned(plan.inputs)
            plan.inputs = inputs
            return RastersFound(orgUnits: orgUnits, plan: plan, notes: orgUnits.notes + notes)
        }
        let boxes = orgUnits.zoning.zones.compactMap(\.geometry.boundingBox)
        let box = BoundingBox(
            minX: boxes.map(\.minX).min()!, minY: boxes.map(\.minY).min()!,
            maxX: boxes.map(\.maxX).max()!, maxY: boxes.map(\.maxY).max()!)
        let country = try request.country(covering: box)
        logger.info(
            "WorldPop rasters", metadata: ["product": "\(request.product.id)", "country": "\(country)", "years": "\(request.years)"])
        let (found, notes) = try await request.inputs(country: country, progress: progress)
        let (inputs, checkNotes) = try CompanionTotalCheck.settingAsideMisaligned(found)
        plan.inputs = inputs
        plan.rate = try await request.rateInputs(country: country)
        if plan.credit.isEmpty { plan.credit = request.product.credit(iso3: country, years: request.years) }
        return RastersFound(orgUnits: orgUnits, plan: plan, notes: orgUnits.notes + notes + checkNotes)
    }
}
