import Audit
import DHIS2
import DenominatorMetadata
import Foundation

/// Stage 7: the values sent with `/api/dataValueSets` (chunked, as background jobs if asked),
/// each chunk's summary in the audit log, and the values DHIS2 refused forgotten there (undo
/// must not touch what DHIS2 never took).
struct ValuesImported: Sendable {
    var result: ImportResult
    /// Keys of the values DHIS2 refused.
    var rejected: Set<DataValue.Key>
}

extension SyncRunner {
    func importValues(
        _ run: SyncContext, _ metadata: MetadataReady, _ changes: ValueChanges, _ recorded: RunRecorded
    ) async throws -> ValuesImported {
        let plan = run.plan
        let runID = recorded.runID
        let toSend = changes.toSend
        if let file = plan.valuesFile {
            try write(
                values: metadata.values, to: file, ids: metadata.ids, units: run.orgUnits.units,
                extraElements: run.targets.extraElements(credit: run.rasters.credit))
        }
        var options = plan.importOptions
        options.dryRun = plan.dryRun
        progress?("importing \(toSend.count) values", 0)
        let result: ImportResult
        do {
            result = try await client.importDataValues(toSend, options: options) { [progress] done, total in
                progress?("importing \(total) values", Double(done) / Double(max(total, 1)))
            }
        } catch let error as DHIS2Error where !plan.dryRun {
            throw await stopped(by: error, sent: toSend, orgUnits: run.orgUnits, years: plan.years)
        }
        logger.info(
            "import",
            metadata: [
                "sent": "\(toSend.count)", "imported": "\(result.summary.imported)", "updated": "\(result.summary.updated)",
                "ignored": "\(result.summary.ignored)", "conflicts": "\(result.summary.conflicts.count)", "dryRun": "\(plan.dryRun)",
            ])
        for (k, chunk) in result.chunks.enumerated() {
            let s = chunk.summary
            try audit.record(
                import: AuditImport(
                    runId: runID, sequence: k, strategy: options.strategy.rawValue, dryRun: plan.dryRun, status: s.status,
                    imported: s.imported, updated: s.updated, ignored: s.ignored, deleted: s.deleted,
                    conflicts: try AuditJSON.encode(s.conflicts)))
        }
        let rejected = Set(result.conflictValues.compactMap { $0.value?.key })
        if !plan.dryRun {
            try audit.forget(
                runID: runID,
                values: toSend.filter { rejected.contains($0.key) }.map {
                    ($0.dataElement, $0.period, $0.orgUnit, $0.categoryOptionCombo, $0.attributeOptionCombo)
                })
        }
        return ValuesImported(result: result, rejected: rejected)
    }

    /// An import that failed part-way (a job that failed, DHIS2 gone, a chunk refused whole) may
    /// still have stored some values: read back, the error says how many. When even the
    /// read-back fails, DHIS2's own error is the one to show.
    func stopped(by error: DHIS2Error, sent: [DataValue], orgUnits: OrgUnitsRead, years: [Int]) async -> Error {
        guard let stored = try? await storedValues(orgUnits, years: years) else { return error }
        let arrived = sent.filter { stored[$0.key].flatMap(Double.init) == Double($0.value) }.count
        logger.info("import stopped", metadata: ["stored": "\(arrived)", "sent": "\(sent.count)"])
        return SyncError.importStopped(reason: String(describing: error), stored: arrived, of: sent.count)
    }

    /// `--output-values`: the data value set as a file too (format from the extension).
    func write(values: [DataValue], to file: String, ids: MetadataIDs, units: OrgUnitSet, extraElements: [PopulationMetadata.ExtraElement])
        throws
    {
        guard let format = DataValueSetFormat(path: file) else {
            throw SyncError.invalidInput("--output-values '\(file)': use a .json, .csv or .xml (ADX) file name")
        }
        let codes = ADXCodes.population(ids: ids, units: units, extraElements: extraElements)
        try DataValueSetWriter.render(values, as: format, codes: codes).write(toFile: file, atomically: true, encoding: .utf8)
    }
}
