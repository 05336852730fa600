import Audit
import Catchments
import DHIS2
import DenominatorMetadata
import Denominators
import GDALBinding
import Geometry
import Zonal

/// Everything a sync found and did, for the report, the audit log and the exit code.
public struct SyncOutcome: Sendable {
    public var runID: Int64?
    public var server: String
    public var version: String
    public var plan: SyncPlan
    /// The rasters of each year, as stage 2 found them.
    public var inputs: [YearInputs]
    /// The credit line of the rasters (CC BY 4.0).
    public var credit: String
    /// The derived groups of the run with their bands (none when the values are not bands).
    public var groups: [GroupBands]
    /// All units read (the synced levels and, for the hierarchy check, their parents).
    public var units: OrgUnitSet
    public var syncedLevels: [Int]
    /// The metadata's UIDs and the category option combos DHIS2 generated.
    public var metadataIDs: MetadataIDs?
    public var table: PopulationTable
    /// Every value computed.
    public var values: [DataValue]
    /// Values sent: new ones and changed ones. Unchanged values are not sent again.
    public var created: [DataValue] = []
    public var updated: [(value: DataValue, previous: String)] = []
    public var unchanged = 0
    public var importResult: ImportResult?
    public var conflictLines: [String] = []
    /// Values read back after the import that differ from what was sent.
    public var mismatches: [String] = []
    public var hierarchy: [HierarchyFinding] = []
    public var comparisons: [Comparison] = []
    /// (unit, year, relative difference of the age/sex band sum from the total raster).
    public var bandTotalDifferences: [(unit: String, year: Int, difference: Double)] = []
    public var reportFiles: [String] = []
    /// Facilities not used for catchments or access, with the reason.
    public var excludedFacilities: [ExcludedFacility] = []
    /// For `access`: each unit's population within and beyond the distance.
    public var access: [AccessRow] = []
    /// The zones drawn by the tool (catchments; for access, the parts within reach), for maps.
    public var drawnZones: [Zone] = []
    public var notes: [SyncNote] = []
    /// How a boundary file matched the org units, when the plan used one.
    public var boundaryMatch: BoundaryMatch?
    /// The analytics tables job, when the plan asked for it.
    public var analytics: AnalyticsOutcome?
    /// For a preview: what DHIS2 holds now, "data element|org unit|year" → value (summed over
    /// option combos, so the age/sex element gives the unit's band total).
    public var currentValues: [String: Double] = [:]

    /// What DHIS2 holds now of a data element for a unit and year (previews only).
    public func current(_ dataElement: String, unit: String, year: Int) -> Double? {
        currentValues["\(dataElement)|\(unit)|\(year)"]
    }

    public enum AnalyticsOutcome: Sendable, Equatable {
        case completed(job: String, lastYears: Int)
        case failed(String)
    }

    /// What a sync delivered to DHIS2: stages 4–8.
    struct Delivery {
        var metadata: MetadataReady
        var changes: ValueChanges
        var recorded: RunRecorded
        var imported: ValuesImported
        var verified: ValuesVerified
    }

    /// The outcome of a sync, or of a preview (`delivery` nil), from what its stages returned.
    init(_ run: SyncContext, delivery: Delivery?, checked: Checked, server: String) {
        let orgUnits = run.orgUnits
        self.server = server
        version = orgUnits.server.version
        serverInfo = orgUnits.server
        plan = run.plan
        inputs = run.rasters.inputs
        credit = run.rasters.credit
        groups = run.populations.groups
        units = orgUnits.units
        syncedLevels = plan.levels
        syncedUnits = orgUnits.synced
        table = run.populations.table
        excludedFacilities = orgUnits.zoning.excluded
        drawnZones = orgUnits.zoning.drawn
        boundaryMatch = orgUnits.boundaryMatch
        access = run.populations.access
        hierarchy = checked.hierarchy
        bandTotalDifferences = checked.bandTotalDifferences
        comparisons = checked.comparisons
        notes = orgUnits.notes + run.rasters.notes + run.populations.notes
        guard let delivery else {
            values = []
            notes.append(SyncNote(.preview, .init(key: "note.preview")))
            return
        }
        runID = delivery.recorded.runID
        metadataIDs = delivery.metadata.ids
        values = delivery.metadata.values
        created = delivery.changes.created
        updated = delivery.changes.updated
        unchanged = delivery.changes.unchanged
        importResult = delivery.imported.result
        conflictLines = delivery.imported.result.describeConflicts(names: units.names)
        mismatches = delivery.verified.mismatches
        analytics = delivery.verified.analytics
        notes += delivery.metadata.notes + delivery.verified.notes
    }

    /// Boundaries of the synced units repaired before summing.
    public var repairedBoundaries: [RepairedBoundary] {
        let synced = syncedIDs
        return table.repaired.filter { synced.contains($0.id) }
    }

    /// Units of the synced levels.
    public var syncedUnits: [OrgUnit]
    /// DHIS2's version rules, for reading its import counts.
    let serverInfo: SystemInfo

    var syncedIDs: Set<String> { Set(syncedUnits.map(\.id)) }

    public var hasConflicts: Bool { importResult?.hasProblems ?? false }

    /// Values sent that DHIS2 did not refuse, and so must be read back as sent.
    public var expectedStored: Int {
        let refused = Set(importResult?.conflictValues.compactMap { $0.value?.key } ?? [])
        return (created.map(\.key) + updated.map(\.value.key)).filter { !refused.contains($0) }.count
    }

    /// How to read DHIS2's counts, where they do not say what they seem to: 2.43 counts every
    /// value it stores as updated (new or not: `DataEntrySummary.toImportSummary`), and an async
    /// job whose summary DHIS2 lost counts nothing. Success then rests on the read-back.
    public var importCountNotes: [String] {
        guard let result = importResult, !plan.dryRun else { return [] }
        var notes: [String] = []
        if !serverInfo.importRules.countsNewValues, !(created.isEmpty && updated.isEmpty) {
            notes.append(
                "DHIS2 \(version) counts every value it stores as updated, new or not (updated \(result.summary.updated)): "
                    + "\(created.count) new and \(updated.count) changed are worldpop-dhis2's own count, from what DHIS2 held before.")
        }
        if !result.jobsWithoutSummary.isEmpty {
            notes.append(
                "DHIS2 kept no summary for \(result.jobsWithoutSummary.count) import job(s) "
                    + "(\(result.jobsWithoutSummary.joined(separator: ", "))): "
                    + "a known race of 2.41/2.42; what they stored was read back.")
        }
        for warning in result.jobWarnings.prefix(5) { notes.append("DHIS2's import job reported and went on: \(warning)") }
        return notes
    }

    /// What the read-back confirmed, for the summary and the audit record (the report says it in a notice of its own).
    public var readBackNote: String? {
        guard importResult != nil, !plan.dryRun, mismatches.isEmpty else { return nil }
        return "Read back from DHIS2: all \(expectedStored) value(s) sent are stored as sent."
    }

    /// The status the audit log records: always what the exit code says (`requireComplete`).
    public var recordedStatus: RunStatus {
        if plan.dryRun { return .dryRun }
        if !mismatches.isEmpty { return .failed }
        if case .failed? = analytics { return .failed }
        return hasConflicts ? .conflicts : .succeeded
    }

    /// Throws when DHIS2 refused values (unless the plan accepts that) or what was read back
    /// differs from what was sent: such a run must not end as a success.
    public func requireComplete() throws {
        if hasConflicts, !plan.allowConflicts {
            throw SyncError.conflicts(count: importResult?.summary.conflicts.count ?? 0, ignored: importResult?.summary.ignored ?? 0)
        }
        if let first = mismatches.first { throw SyncError.verificationFailed(mismatches: mismatches.count, example: first) }
        if case .failed(let reason)? = analytics { throw SyncError.analyticsFailed(reason) }
    }
}

/// A unit's new WorldPop figure against the denominator already in DHIS2.
public struct Comparison: Sendable {
    public var unit: String
    public var name: String
    public var year: Int
    public var existing: Double
    public var worldPop: Double
    public var ratio: Double { existing > 0 ? worldPop / existing : .infinity }
    public var flagged: Bool
}
