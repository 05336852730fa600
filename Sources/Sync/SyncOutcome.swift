import Audit
import Catchments
import DHIS2
import Denominators
import Zonal

/// Everything a sync found and did, for the report, the audit log and the exit code.
public struct SyncOutcome: Sendable {
    public var runID: Int64?
    public var server: String
    public var version: String
    public var plan: SyncPlan
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
    public var notes: [String] = []
    /// How a boundary file matched the org units, when the plan used one.
    public var boundaryMatch: BoundaryMatch?
    /// The analytics tables job, when the plan asked for it.
    public var analytics: AnalyticsOutcome?

    public enum AnalyticsOutcome: Sendable, Equatable {
        case completed(job: String, lastYears: Int)
        case failed(String)
    }

    /// Boundaries of the synced units repaired before summing.
    public var repairedBoundaries: [RepairedBoundary] {
        let synced = Set(syncedUnits.map(\.id))
        return table.repaired.filter { synced.contains($0.id) }
    }

    /// Units of the synced levels.
    public var syncedUnits: [OrgUnit] { units.units.filter { syncedLevels.contains($0.level) } }

    public var hasConflicts: Bool { importResult?.hasProblems ?? false }

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
        if case let .failed(reason)? = analytics { throw SyncError.analyticsFailed(reason) }
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
