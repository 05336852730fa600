import DHIS2
import DenominatorMetadata
import Denominators

/// Stage 4: the population metadata in DHIS2 (created or completed where needed, its category
/// option combos generated) and every value computed against its UIDs.
struct MetadataReady: Sendable {
    var ids: MetadataIDs
    /// Every value computed for the synced zones.
    var values: [DataValue]
    /// A dry run on a server without our metadata cannot validate values: DHIS2 would only say
    /// the data elements do not exist.
    var cannotValidateValues: Bool
    var notes: [SyncNote]
}

extension SyncRunner {
    func ensureMetadata(_ run: SyncContext) async throws -> MetadataReady {
        let (plan, orgUnits, populations) = (run.plan, run.orgUnits, run.populations)
        let zones = orgUnits.zoning.zones
        let credit = run.rasters.credit
        let ageGroups = Array(Set(run.rasters.bands.map(\.age))).sorted().map(\.label)
        var spec = PopulationMetadata(
            ageGroups: ageGroups.isEmpty ? PopulationMetadata.r2025AgeGroups : ageGroups,
            derivedGroups: populations.groups.map {
                PopulationMetadata.Group(key: $0.group.key, name: $0.group.name, shortName: $0.group.shortName)
            },
            orgUnitIDs: zones.map(\.id), credit: credit)
        spec.extraElements = run.targets.extraElements(credit: credit)
        spec.years = plan.years
        spec.ageOnly = plan.product == .age
        let classElements = run.rasters.inputs.compactMap(\.classes).first.map { [$0.element(credit: credit)] } ?? []
        spec.classElements = classElements
        progress?("ensuring metadata", 0)
        let server = orgUnits.server
        let metadata = try await client.ensureMetadata(
            spec, dryRun: plan.dryRun, requireAgeSex: plan.product.hasBands, currentYear: server.currentYear)
        let cannotValidate = plan.dryRun && metadata.missingObjects > 0
        if !plan.dryRun { try await requireAssigned(zones.map(\.id), names: orgUnits.units.names) }

        let values: [DataValue]
        if populations.access.isEmpty {
            let synced = Set(zones.map(\.id))
            var table = populations.table
            table.estimates = table.estimates.filter { synced.contains($0.key) }
            var builder = ValueBuilder(
                product: plan.product, groups: populations.groups.map { ($0.group, $0.bands) }, ids: metadata.ids, decimals: plan.decimals,
                targets: run.targets)
            builder.classElement = classElements.first
            values = builder.values(table)
        } else {
            values = AccessRow.values(populations.access, targets: run.targets, ids: metadata.ids, decimals: plan.decimals)
        }

        var notes = metadata.notes.map { SyncNote(.metadataChanged, $0) }
        if let how = metadata.optionCombosGenerated {
            // A total-only run creates the age/sex element too (the data set holds both), so the
            // note says what the combos are for.
            let key = plan.product == .age ? "age" : plan.product.hasBands ? "ageSex" : "forAgeSex"
            let way = "note.optionCombos.way." + (how == .maintenance ? "maintenance" : "update")
            notes.append(SyncNote(.optionCombosGenerated, .init(key: "note.optionCombos." + key, messageValues: ["way": way])))
        }
        if cannotValidate {
            notes.append(SyncNote(.notValidated, .init(key: "note.notValidated", values: ["count": String(metadata.missingObjects)])))
        }
        return MetadataReady(
            ids: metadata.ids, values: values, cannotValidateValues: cannotValidate, notes: notes)
    }
}

extension SyncRunner {
    /// Every unit of the run must be a unit of the data set before a value is sent: 2.43 refuses
    /// a whole request for one unit that is not (E8022, `DefaultDataEntryService.validateKeyConsistency`).
    /// The metadata stage assigns them; this reads back that DHIS2 kept them.
    func requireAssigned(_ units: [String], names: [String: String]) async throws {
        let assigned = try await client.dataSetOrgUnits(PopulationMetadata.dataSetID)
        let missing = units.filter { !assigned.contains($0) }
        guard !missing.isEmpty else { return }
        throw SyncError.invalidInput(
            "the data set WorldPop population is not assigned to \(missing.count) org unit(s) of the run (e.g. "
                + missing.prefix(3).map { "\(names[$0] ?? $0) (\($0))" }.joined(separator: ", ")
                + ") although the metadata update sent them; DHIS2 would refuse their values (E8022 on 2.43). Assign them in "
                + "Maintenance ▸ Data set ▸ WorldPop population ▸ Organisation units, or run with an account that may edit the data set.")
    }
}
