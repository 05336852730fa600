import Foundation
import GRDB

/// One invocation that talked to DHIS2 (or could have): a sync, a dry run, a metadata bootstrap,
/// an undo. `server` is the base URL without credentials; secrets are never stored.
public struct AuditRun: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"

    public var id: Int64?
    public var kind: String
    public var status: RunStatus
    public var startedAt: Date
    public var finishedAt: Date?
    /// The operating-system user who ran it, and the DHIS2 user it authenticated as, if known.
    public var user: String
    public var server: String
    public var dhis2Version: String?
    /// The command line, with secrets redacted by the caller.
    public var command: String
    /// Free-form JSON: years, levels, product, options.
    public var parameters: String
    /// Free-form JSON written when the run ends: totals, checks, report paths.
    public var summary: String?
    /// For an undo run: the run it reverted. For a reverted run: set on the undo's target.
    public var undoes: Int64?
    public var undoneBy: Int64?
    /// The machine and process that ran it, so that a run whose process is gone can be told from
    /// one still going.
    public var host: String?
    public var pid: Int32?

    public init(
        kind: String, user: String, server: String, dhis2Version: String? = nil, command: String,
        parameters: String = "{}", startedAt: Date = Date()
    ) {
        self.host = ProcessInfo.processInfo.hostName
        self.pid = ProcessInfo.processInfo.processIdentifier
        self.kind = kind
        self.status = .running
        self.startedAt = startedAt
        self.user = user
        self.server = server
        self.dhis2Version = dhis2Version
        self.command = command
        self.parameters = parameters
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public enum RunStatus: String, Codable, Sendable, DatabaseValueConvertible {
    /// Started and not finished; after a crash or restart it is marked `interrupted`.
    case running
    case succeeded
    /// Finished, but DHIS2 ignored or rejected some values.
    case conflicts
    case failed
    case interrupted
    case dryRun = "dry-run"
}

/// A file a run read, with its checksum, so that a result can be traced to exact inputs.
public struct AuditInput: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "input"
    public var runId: Int64
    public var kind: String
    public var name: String
    public var size: Int64
    public var sha256: String

    public init(runId: Int64, kind: String, name: String, size: Int64, sha256: String) {
        self.runId = runId
        self.kind = kind
        self.name = name
        self.size = size
        self.sha256 = sha256
    }
}

/// What a value sent in a run did to DHIS2, and what it replaced (for undo).
public enum ValueAction: String, Codable, Sendable, DatabaseValueConvertible {
    /// There was no value before: undo deletes it.
    case created
    /// It replaced `previousValue`: undo writes that back.
    case updated
    /// DHIS2 already held this exact value: undo leaves it.
    case unchanged
    /// Sent with importStrategy DELETE (by an undo).
    case deleted
}

/// One data value sent to DHIS2 in a run.
public struct AuditValue: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "value"
    public var runId: Int64
    public var dataElement: String
    public var period: String
    public var orgUnit: String
    public var categoryOptionCombo: String
    public var attributeOptionCombo: String
    public var value: String
    public var previousValue: String?
    public var action: ValueAction

    public init(
        runId: Int64, dataElement: String, period: String, orgUnit: String, categoryOptionCombo: String,
        attributeOptionCombo: String, value: String, previousValue: String?, action: ValueAction
    ) {
        self.runId = runId
        self.dataElement = dataElement
        self.period = period
        self.orgUnit = orgUnit
        self.categoryOptionCombo = categoryOptionCombo
        self.attributeOptionCombo = attributeOptionCombo
        self.value = value
        self.previousValue = previousValue
        self.action = action
    }
}

/// One request to /api/dataValueSets (a chunk) and DHIS2's answer.
public struct AuditImport: Codable, Sendable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "import"
    public var runId: Int64
    public var sequence: Int
    public var strategy: String
    public var dryRun: Bool
    public var status: String
    public var imported: Int
    public var updated: Int
    public var ignored: Int
    public var deleted: Int
    /// JSON array of conflicts as DHIS2 reported them.
    public var conflicts: String

    public init(
        runId: Int64, sequence: Int, strategy: String, dryRun: Bool, status: String, imported: Int,
        updated: Int, ignored: Int, deleted: Int, conflicts: String = "[]"
    ) {
        self.runId = runId
        self.sequence = sequence
        self.strategy = strategy
        self.dryRun = dryRun
        self.status = status
        self.imported = imported
        self.updated = updated
        self.ignored = ignored
        self.deleted = deleted
        self.conflicts = conflicts
    }
}
