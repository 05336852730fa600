import Audit
import DHIS2
import DenominatorMetadata
import Foundation

/// Reverts a run: deletes the values it created and writes back the values it overwrote,
/// recorded as a run of its own.
public struct UndoRunner: Sendable {
    public var client: DHIS2Client
    public var audit: AuditLog
    public var user: String

    public init(client: DHIS2Client, audit: AuditLog, user: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown") {
        self.client = client
        self.audit = audit
        self.user = user
    }

    public struct Outcome: Sendable {
        public var undoRunID: Int64
        public var deleted: ImportSummary
        public var restored: ImportSummary
        /// The run's values read back afterwards that are not as the undo left them: "District A
        /// 2020: expected nothing, found 12". DHIS2 2.43 counts every value of a DELETE as deleted,
        /// stored or not, so the read-back, not the count, says the undo took.
        public var mismatches: [String] = []

        /// The one rule for `undo` and `serve`'s undo: only conflicts are problems. Values already
        /// in the wanted state — absent for a delete (a cut-off run recorded values that never
        /// arrived), equal for a restore — are counted as ignored by DHIS2, and that is success.
        public var conflicts: [ImportSummary.Conflict] { deleted.conflicts + restored.conflicts }

        public func requireComplete() throws {
            guard conflicts.isEmpty else { throw SyncError.conflicts(count: conflicts.count, ignored: deleted.ignored + restored.ignored) }
            guard mismatches.isEmpty else { throw SyncError.undoNotVerified(mismatches) }
        }
    }

    public func undo(runID: Int64, command: String) async throws -> Outcome {
        let checked = try audit.undoPlan(forRun: runID)
        let server = client.connection.baseURL.absoluteString
        guard checked.run.server == server else { throw SyncError.wrongServer(run: runID, recorded: checked.run.server, given: server) }
        let info = try await client.systemInfo()
        // Checked again and claimed in one transaction: another `undo` of the same run, started
        // meanwhile, is refused rather than sending the same deletes twice.
        let (plan, undo) = try audit.claimUndo(
            ofRun: runID,
            as: AuditRun(
                kind: "undo", user: user, server: server, dhis2Version: info.version, command: command,
                parameters: #"{"undoes":\#(runID)}"#))
        let undoID = undo.id!
        if plan.run.kind == "boundaries" {
            do {
                try await BoundaryImport.undo(plan, client: client, audit: audit, undoID: undoID)
                try audit.finish(
                    runID: undoID, status: .succeeded,
                    summary: try AuditJSON.encode(["geometries": plan.deletes.count + plan.restores.count]))
                try audit.markUndone(runID: runID, by: undoID)
                return Outcome(
                    undoRunID: undoID, deleted: ImportSummary(deleted: plan.deletes.count),
                    restored: ImportSummary(updated: plan.restores.count))
            } catch {
                try? audit.finish(runID: undoID, status: .failed)
                throw error
            }
        }
        do {
            func value(_ a: AuditValue, _ v: String) -> DataValue {
                DataValue(
                    dataElement: a.dataElement, period: a.period, orgUnit: a.orgUnit, categoryOptionCombo: a.categoryOptionCombo,
                    attributeOptionCombo: a.attributeOptionCombo, value: v)
            }
            let deletes = plan.deletes.map { value($0, $0.value) }
            let restores = plan.restores.map { value($0, $0.previousValue ?? $0.value) }
            let dataSet = PopulationMetadata.dataSetID
            let deleted = try await client.importDataValues(deletes, options: ImportOptions(dataSet: dataSet, strategy: .delete))
            let restored = try await client.importDataValues(restores, options: ImportOptions(dataSet: dataSet, strategy: .createAndUpdate))
            let mismatches = try await readBack(expectingAbsent: deletes, present: restores, dataSet: dataSet)
            try audit.record(
                import: AuditImport(
                    runId: undoID, sequence: 0, strategy: "DELETE", dryRun: false, status: deleted.summary.status,
                    imported: deleted.summary.imported, updated: deleted.summary.updated, ignored: deleted.summary.ignored,
                    deleted: deleted.summary.deleted))
            try audit.record(
                import: AuditImport(
                    runId: undoID, sequence: 1, strategy: "CREATE_AND_UPDATE", dryRun: false, status: restored.summary.status,
                    imported: restored.summary.imported, updated: restored.summary.updated, ignored: restored.summary.ignored,
                    deleted: restored.summary.deleted))
            try audit.record(
                values: plan.deletes.map {
                    AuditValue(
                        runId: undoID, dataElement: $0.dataElement, period: $0.period, orgUnit: $0.orgUnit,
                        categoryOptionCombo: $0.categoryOptionCombo, attributeOptionCombo: $0.attributeOptionCombo,
                        value: $0.value, previousValue: $0.value, action: .deleted)
                }
                    + plan.restores.map {
                        AuditValue(
                            runId: undoID, dataElement: $0.dataElement, period: $0.period, orgUnit: $0.orgUnit,
                            categoryOptionCombo: $0.categoryOptionCombo, attributeOptionCombo: $0.attributeOptionCombo,
                            value: $0.previousValue ?? $0.value, previousValue: $0.value, action: .updated)
                    })
            let outcome = Outcome(undoRunID: undoID, deleted: deleted.summary, restored: restored.summary, mismatches: mismatches)
            try audit.finish(
                runID: undoID, status: !outcome.conflicts.isEmpty ? .conflicts : mismatches.isEmpty ? .succeeded : .failed,
                summary: try AuditJSON.encode([
                    "deleted": deleted.summary.deleted, "restored": restored.summary.imported + restored.summary.updated,
                    "alreadyInPlace": deleted.summary.ignored + restored.summary.ignored, "notAsExpected": mismatches.count,
                ]))
            if mismatches.isEmpty { try audit.markUndone(runID: runID, by: undoID) }
            return outcome
        } catch {
            try? audit.finish(runID: undoID, status: .failed)
            throw error
        }
    }

    /// The run's values as DHIS2 holds them after the undo, compared with what it should hold.
    func readBack(expectingAbsent deletes: [DataValue], present restores: [DataValue], dataSet: String) async throws -> [String] {
        let all = deletes + restores
        guard !all.isEmpty else { return [] }
        let stored = try await client.dataValues(
            dataSet: dataSet, periods: Array(Set(all.map(\.period))).sorted(), orgUnits: Array(Set(all.map(\.orgUnit))).sorted())
        let found = Dictionary(stored.map { ($0.key, $0.value) }, uniquingKeysWith: { a, _ in a })
        var mismatches: [String] = []
        for v in deletes {
            if let value = found[v.key] { mismatches.append("\(v.orgUnit) \(v.period): expected nothing, found \(value)") }
        }
        for v in restores where found[v.key].flatMap(Double.init) != Double(v.value) {
            mismatches.append("\(v.orgUnit) \(v.period): expected \(v.value), found \(found[v.key] ?? "nothing")")
        }
        return mismatches
    }
}
