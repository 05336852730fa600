import Foundation
import GRDB

/// A unit of work of the server (`serve`): a preview, a sync or an undo, queued by the API or the
/// schedule. Jobs live in the audit store so that a restart knows what was in flight.
public struct AuditJob: Codable, Sendable, Hashable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "job"

    public var id: Int64?
    /// preview, sync or undo.
    public var kind: String
    public var status: JobStatus
    /// api or schedule.
    public var trigger: String
    /// The request as JSON (years, levels, product, run to undo …).
    public var parameters: String
    public var createdAt: Date
    public var startedAt: Date?
    public var finishedAt: Date?
    public var error: String?
    /// The audit run the job recorded (sync and undo).
    public var runId: Int64?
    /// Where its report and results are.
    public var resultDirectory: String?

    public init(kind: String, trigger: String, parameters: String, createdAt: Date = Date()) {
        self.kind = kind
        self.status = .queued
        self.trigger = trigger
        self.parameters = parameters
        self.createdAt = createdAt
    }

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

public enum JobStatus: String, Codable, Sendable, DatabaseValueConvertible {
    case queued, running, succeeded, failed
}

extension AuditLog {
    public func insert(job: AuditJob) throws -> AuditJob {
        var job = job
        try db.write { try job.insert($0) }
        return job
    }

    public func update(job: AuditJob) throws {
        try db.write { try job.update($0) }
    }

    public func job(id: Int64) throws -> AuditJob? {
        try db.read { try AuditJob.fetchOne($0, key: id) }
    }

    /// Newest first.
    /// Newest first; `offset` skips that many of the newest (paging).
    public func jobs(limit: Int = 50, offset: Int = 0) throws -> [AuditJob] {
        try db.read { try AuditJob.order(Column("id").desc).limit(limit, offset: offset).fetchAll($0) }
    }

    /// At server start: jobs that were queued or running when the last server stopped cannot go
    /// on; at server stop, the jobs it could not finish. They are marked failed with the reason;
    /// their audit runs (if any) say what reached DHIS2.
    @discardableResult
    public func failUnfinishedJobs(
        at date: Date = Date(),
        reason: String = "interrupted: the server stopped before the job finished"
    )
        throws -> Int
    {
        try db.write { db in
            try db.execute(
                sql: "UPDATE job SET status = ?, finishedAt = ?, error = ? WHERE status IN (?, ?)",
                arguments: [JobStatus.failed, date, reason, JobStatus.queued, JobStatus.running])
            return db.changesCount
        }
    }

    /// A server stopping with a job still running: the job's audit run (found by the command the
    /// server gave it) is marked interrupted now rather than left "running" until the next start.
    @discardableResult
    public func markInterrupted(runsWithCommand command: String, at date: Date = Date()) throws -> Int {
        try db.write { db in
            try db.execute(
                sql: "UPDATE run SET status = ?, finishedAt = ? WHERE status = ? AND command = ?",
                arguments: [RunStatus.interrupted, date, RunStatus.running, command])
            return db.changesCount
        }
    }
}
