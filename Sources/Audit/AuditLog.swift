import Foundation
import GRDB

/// The audit log: a SQLite file recording every run, its inputs, every value sent and DHIS2's
/// answers, so that any import can be explained later and undone exactly.
public struct AuditLog: Sendable {
    let db: AuditDatabase
    public let path: String

    /// Opens (creating if needed) the log at `path`; `":memory:"` keeps it in memory for tests.
    public init(path: String) throws {
        self.path = path
        let queue: DatabaseQueue
        if path == ":memory:" {
            queue = try DatabaseQueue()
        } else {
            let dir = URL(fileURLWithPath: path).deletingLastPathComponent()
            do {
                try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            } catch {
                throw AuditError.notWritable(path: path, reason: "cannot create its folder: \((error as NSError).localizedDescription)")
            }
            do {
                queue = try DatabaseQueue(path: path, configuration: Self.sharedFileConfiguration)
            } catch {
                let explained = AuditDatabase.explained(error, path: path)
                throw explained is AuditError ? explained : AuditError.cannotOpen(path: path, reason: "\(error)")
            }
        }
        db = AuditDatabase(queue: queue, path: path)
        do {
            try Self.migrate(queue)
        } catch {
            throw db.explained(error)
        }
    }

    /// How long a write waits for another process's write to the same file (a `sync` from cron
    /// and `serve`'s schedule) before giving up; writes take milliseconds, so this is generous.
    static let busyTimeout: TimeInterval = 30

    /// Without a busy timeout SQLite answers "database is locked" at once whenever another
    /// connection writes. GRDB begins write transactions IMMEDIATE, so waiting cannot deadlock.
    static var sharedFileConfiguration: Configuration {
        var configuration = Configuration()
        configuration.busyMode = .timeout(busyTimeout)
        return configuration
    }

    /// Two processes opening a new file at once both find it unmigrated; the second's migration
    /// then fails ("table run already exists") after waiting for the first's. Migrating again
    /// finds the work done, so a failed migration is retried before it counts.
    static func migrate(_ db: DatabaseQueue, attempts: Int = 3) throws {
        for attempt in 1...attempts {
            do {
                try migrator.migrate(db)
                return
            } catch is DatabaseError where attempt < attempts {
                Thread.sleep(forTimeInterval: 0.05 * Double(attempt))
            }
        }
    }

    /// `~/.local/share/worldpop-dhis2/audit.sqlite`, or `$WORLDPOP_DHIS2_AUDIT`.
    public static var defaultPath: String {
        if let p = ProcessInfo.processInfo.environment["WORLDPOP_DHIS2_AUDIT"], !p.isEmpty { return p }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        return "\(home)/.local/share/worldpop-dhis2/audit.sqlite"
    }

    private static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            try db.create(table: "run") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("status", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("user", .text).notNull()
                t.column("server", .text).notNull()
                t.column("dhis2Version", .text)
                t.column("command", .text).notNull()
                t.column("parameters", .text).notNull()
                t.column("summary", .text)
                t.column("undoes", .integer).references("run")
                t.column("undoneBy", .integer).references("run")
            }
            try db.create(table: "input") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade).indexed()
                t.column("kind", .text).notNull()
                t.column("name", .text).notNull()
                t.column("size", .integer).notNull()
                t.column("sha256", .text).notNull()
            }
            try db.create(table: "value") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade).indexed()
                t.column("dataElement", .text).notNull()
                t.column("period", .text).notNull()
                t.column("orgUnit", .text).notNull()
                t.column("categoryOptionCombo", .text).notNull()
                t.column("attributeOptionCombo", .text).notNull()
                t.column("value", .text).notNull()
                t.column("previousValue", .text)
                t.column("action", .text).notNull()
            }
            try db.create(table: "import") { t in
                t.column("runId", .integer).notNull().references("run", onDelete: .cascade).indexed()
                t.column("sequence", .integer).notNull()
                t.column("strategy", .text).notNull()
                t.column("dryRun", .boolean).notNull()
                t.column("status", .text).notNull()
                t.column("imported", .integer).notNull()
                t.column("updated", .integer).notNull()
                t.column("ignored", .integer).notNull()
                t.column("deleted", .integer).notNull()
                t.column("conflicts", .text).notNull()
            }
        }
        m.registerMigration("v2: host and pid of runs") { db in
            try db.alter(table: "run") { t in
                t.add(column: "host", .text)
                t.add(column: "pid", .integer)
            }
        }
        m.registerMigration("v3: server jobs") { db in
            try db.create(table: "job") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("status", .text).notNull()
                t.column("trigger", .text).notNull()
                t.column("parameters", .text).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("startedAt", .datetime)
                t.column("finishedAt", .datetime)
                t.column("error", .text)
                t.column("runId", .integer).references("run")
                t.column("resultDirectory", .text)
            }
        }
        return m
    }

    // MARK: Writing

    /// Records the start of a run and returns it with its id.
    public func begin(_ run: AuditRun) throws -> AuditRun {
        var run = run
        try db.write { try run.insert($0) }
        return run
    }

    public func record(inputs: [AuditInput]) throws {
        try db.write { db in for i in inputs { try i.insert(db) } }
    }

    public func record(values: [AuditValue]) throws {
        try db.write { db in for v in values { try v.insert(db) } }
    }

    /// Drops the records of values DHIS2 refused (they never changed anything to undo).
    public func forget(
        runID: Int64,
        values keys: [(dataElement: String, period: String, orgUnit: String, categoryOptionCombo: String, attributeOptionCombo: String)]
    ) throws {
        try db.write { db in
            for k in keys {
                try db.execute(
                    sql: """
                        DELETE FROM value WHERE runId = ? AND dataElement = ? AND period = ? AND orgUnit = ?
                        AND categoryOptionCombo = ? AND attributeOptionCombo = ?
                        """, arguments: [runID, k.dataElement, k.period, k.orgUnit, k.categoryOptionCombo, k.attributeOptionCombo])
            }
        }
    }

    public func record(import summary: AuditImport) throws {
        try db.write { try summary.insert($0) }
    }

    public func finish(runID: Int64, status: RunStatus, summary: String? = nil, at date: Date = Date()) throws {
        try db.write { db in
            try db.execute(
                sql: "UPDATE run SET status = ?, summary = COALESCE(?, summary), finishedAt = ? WHERE id = ?",
                arguments: [status, summary, date, runID])
        }
    }

    /// Links an undo run to the run it reverted.
    public func markUndone(runID: Int64, by undoID: Int64) throws {
        try db.write { db in
            try db.execute(sql: "UPDATE run SET undoneBy = ? WHERE id = ?", arguments: [undoID, runID])
            try db.execute(sql: "UPDATE run SET undoes = ? WHERE id = ?", arguments: [runID, undoID])
        }
    }

    /// Runs still marked running whose process on this machine is gone (a crash, a kill, a
    /// restart) can never finish: mark them interrupted. Runs of live processes, and of other
    /// machines sharing the file, are left alone.
    @discardableResult
    public func markInterruptedRuns(at date: Date = Date()) throws -> Int {
        try db.write { db in
            let running = try AuditRun.filter(Column("status") == RunStatus.running).fetchAll(db)
            var marked = 0
            for run in running where !Self.mayStillBeRunning(run) {
                try db.execute(
                    sql: "UPDATE run SET status = ?, finishedAt = ? WHERE id = ?", arguments: [RunStatus.interrupted, date, run.id])
                marked += 1
            }
            return marked
        }
    }

    /// A run marked running whose process is alive on this machine, or ran on another machine (whose
    /// processes cannot be seen from here). Runs without host (older records) count as gone.
    static func mayStillBeRunning(_ run: AuditRun) -> Bool {
        guard run.status == .running, let host = run.host else { return false }
        return host != ProcessInfo.processInfo.hostName || isAlive(run.pid)
    }

    static func isAlive(_ pid: Int32?) -> Bool {
        guard let pid, pid > 0 else { return false }
        return kill(pid, 0) == 0 || errno == EPERM
    }

    // MARK: Reading

    /// Newest first.
    public func runs(limit: Int = 50) throws -> [AuditRun] {
        try db.read { try AuditRun.order(Column("id").desc).limit(limit).fetchAll($0) }
    }

    public func run(id: Int64) throws -> AuditRun? {
        try db.read { try AuditRun.fetchOne($0, key: id) }
    }

    public func inputs(ofRun id: Int64) throws -> [AuditInput] {
        try db.read { try AuditInput.filter(Column("runId") == id).fetchAll($0) }
    }

    public func values(ofRun id: Int64) throws -> [AuditValue] {
        try db.read { try AuditValue.filter(Column("runId") == id).fetchAll($0) }
    }

    public func imports(ofRun id: Int64) throws -> [AuditImport] {
        try db.read { try AuditImport.filter(Column("runId") == id).order(Column("sequence")).fetchAll($0) }
    }

    /// What undoing `runID` must do: delete the values it created and write back the ones it
    /// overwrote. Refused when the run was already undone, is still running (its process is alive:
    /// values it is still sending would stay), is being undone by a live process, or when a later
    /// run (not undone) wrote the same values — undoing would then clobber newer data.
    public func undoPlan(forRun runID: Int64) throws -> UndoPlan {
        try db.read { db in try Self.undoPlan(db, runID: runID) }
    }

    /// Starts the undo of `runID`: checks the plan and records `undo` (as undoing it) in one write
    /// transaction, so that of two `undo N` at once — two processes sharing the file — exactly one
    /// gets the plan and the other is refused. The claim lasts while the undo run runs in a live
    /// process; a failed or interrupted undo leaves the run free to be undone again.
    public func claimUndo(ofRun runID: Int64, as undo: AuditRun) throws -> (plan: UndoPlan, undo: AuditRun) {
        try db.write { db in
            let plan = try Self.undoPlan(db, runID: runID)
            var claim = undo
            claim.undoes = runID
            try claim.insert(db)
            return (plan, claim)
        }
    }

    static func undoPlan(_ db: Database, runID: Int64) throws -> UndoPlan {
        guard let run = try AuditRun.fetchOne(db, key: runID) else { throw AuditError.noSuchRun(runID) }
        if let by = run.undoneBy { throw AuditError.alreadyUndone(runID, by: by) }
        guard run.status != .dryRun else { throw AuditError.nothingToUndo(runID, reason: "it was a dry run") }
        if mayStillBeRunning(run) { throw AuditError.stillRunning(runID, host: run.host ?? "?", pid: run.pid ?? 0) }
        let undos = try AuditRun.filter(Column("undoes") == runID && Column("status") == RunStatus.running).fetchAll(db)
        if let undo = undos.first(where: mayStillBeRunning) { throw AuditError.undoInProgress(runID, by: undo.id!) }
        let values = try AuditValue.filter(Column("runId") == runID).fetchAll(db)
        let later = try Row.fetchOne(
            db,
            sql: """
                SELECT v.runId AS runId, COUNT(*) AS n FROM value v JOIN run r ON r.id = v.runId
                WHERE v.runId > ? AND r.undoneBy IS NULL AND r.status NOT IN ('dry-run', 'failed') AND r.undoes IS NULL
                  AND EXISTS (SELECT 1 FROM value o WHERE o.runId = ? AND o.dataElement = v.dataElement AND o.period = v.period
                              AND o.orgUnit = v.orgUnit AND o.categoryOptionCombo = v.categoryOptionCombo
                              AND o.attributeOptionCombo = v.attributeOptionCombo AND o.action IN ('created', 'updated'))
                  AND v.action IN ('created', 'updated')
                GROUP BY v.runId ORDER BY v.runId LIMIT 1
                """, arguments: [runID, runID])
        if let later, let laterID: Int64 = later["runId"] {
            throw AuditError.superseded(runID, by: laterID, count: later["n"])
        }
        return UndoPlan(
            run: run,
            deletes: values.filter { $0.action == .created },
            restores: values.filter { $0.action == .updated })
    }
}

/// The values an undo sends: DELETE for what the run created, the previous value for what it
/// overwrote.
public struct UndoPlan: Sendable {
    public var run: AuditRun
    public var deletes: [AuditValue]
    public var restores: [AuditValue]
}
