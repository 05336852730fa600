import Audit
import DHIS2

/// Stage 6: the run in the audit log before anything is sent — its rasters' checksums and, unless
/// it is a dry run, every value with the one it replaces. If the import then breaks off (network,
/// a kill), the run still says which values may have reached DHIS2, and undo reverts them.
struct RunRecorded: Sendable {
    var runID: Int64
}

extension SyncRunner {
    func recordRun(_ run: SyncContext, _ changes: ValueChanges) throws -> RunRecorded {
        let plan = run.plan
        try audit.markInterruptedRuns()
        let record = try audit.begin(
            AuditRun(
                kind: plan.kind, user: user, server: client.connection.baseURL.absoluteString,
                dhis2Version: run.orgUnits.server.version, command: plan.command,
                parameters: AuditJSON.encode(RunParameters(plan))))
        let runID = record.id!
        try audit.record(
            inputs: try run.rasters.inputs.flatMap(\.files).map { try FileChecksum.input(runID: runID, kind: "raster", path: $0) })
        if !plan.dryRun {
            try audit.record(
                values: changes.created.map { AuditValue(runID, $0, previous: nil, .created) }
                    + changes.updated.map { AuditValue(runID, $0.value, previous: $0.previous, .updated) })
        }
        return RunRecorded(runID: runID)
    }
}

extension AuditValue {
    init(_ runID: Int64, _ v: DataValue, previous: String?, _ action: ValueAction) {
        self.init(
            runId: runID, dataElement: v.dataElement, period: v.period, orgUnit: v.orgUnit, categoryOptionCombo: v.categoryOptionCombo,
            attributeOptionCombo: v.attributeOptionCombo, value: v.value, previousValue: previous, action: action)
    }
}
