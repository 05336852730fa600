import Audit
import DHIS2
import Foundation
import Sync
import Synchronization

/// Runs the server's jobs one at a time, in order, recording each in the audit store. Requests
/// are validated (the plan is built) before a job is queued, so bad input is a 400, not a failed job.
public final class JobQueue: Sendable {
    /// A job's plan: its request over the server's settings, its results in `reportDirectory`,
    /// recorded in the audit log as `command`.
    public typealias PlanBuilder = @Sendable (JobRequest, _ reportDirectory: String, _ command: String) throws -> SyncPlan

    public struct Progress: Codable, Sendable, Hashable {
        public var label: String
        public var fraction: Double
    }

    let audit: AuditLog
    let client: DHIS2Client
    let planBuilder: PlanBuilder
    let workDirectory: URL
    /// Jobs that may wait (the running one not counted): a client looping on POST /api/jobs must
    /// not fill the audit store and keep the server busy for days.
    public let limit: Int
    public static let defaultLimit = 20
    /// The jobs queued and not yet started, with their requests: the limit counts them, and an
    /// identical request gets the waiting job instead of a second one.
    private let waiting = Mutex<[(id: Int64, request: JobRequest)]>([])
    private let progress = Mutex<[Int64: Progress]>([:])
    private let jobs: AsyncStream<Int64>
    private let continuation: AsyncStream<Int64>.Continuation
    private let lifecycle = Mutex(Lifecycle())

    /// What a stopping server needs to know about the worker.
    private struct Lifecycle {
        /// Why the queue stopped taking jobs (nil while it runs).
        var stopReason: String?
        /// The job being executed, and the task executing it (cancelled when a drain gives up on it).
        var current: Int64?
        var running: Task<Void, Never>?
        /// `work` has begun, and has returned (its stream ended).
        var workerStarted = false
        var workerDone = false
        /// Jobs a shutdown recorded as interrupted: their late outcome must not overwrite that.
        var abandoned: Set<Int64> = []
    }

    public init(
        audit: AuditLog, client: DHIS2Client, workDirectory: URL, limit: Int = JobQueue.defaultLimit,
        planBuilder: @escaping PlanBuilder
    ) throws {
        self.limit = limit
        self.audit = audit
        self.client = client
        self.workDirectory = workDirectory
        self.planBuilder = planBuilder
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        // Jobs of a previous server process that never finished are failed, with the reason.
        try audit.failUnfinishedJobs()
        try audit.markInterruptedRuns()
        (jobs, continuation) = AsyncStream<Int64>.makeStream()
    }

    /// Executes the queued jobs one at a time until the queue is drained (or the task is
    /// cancelled): the body of the server's `JobQueueService`, so the worker lives and stops with
    /// the server's service group. A second call returns at once.
    func work() async {
        guard
            lifecycle.withLock({ state in
                defer { state.workerStarted = true }
                return !state.workerStarted
            })
        else { return }
        for await id in jobs {
            let job = Task { await execute(id) }
            lifecycle.withLock { $0.running = job }
            await withTaskCancellationHandler {
                await job.value
            } onCancel: {
                job.cancel()
            }
            lifecycle.withLock { $0.running = nil }
        }
        lifecycle.withLock { $0.workerDone = true }
    }

    /// Stops taking jobs and lets the running one finish for up to `grace`. A job still running
    /// then, and jobs still queued, are recorded as failed with `reason`, and the running job's
    /// audit run as interrupted — so the audit log never says "running" for a server that is
    /// gone. Returns the id of the job it had to interrupt, if any.
    @discardableResult
    public func drain(grace: Duration, reason: String) async -> Int64? {
        lifecycle.withLock { $0.stopReason = reason }
        continuation.finish()
        let deadline = ContinuousClock.now + grace
        // Polling, because awaiting the worker cannot be bounded by a timeout. A cancelled drain
        // (the server stopped at once) does not wait: the worker is cancelled with it.
        while !lifecycle.withLock({ $0.workerDone || !$0.workerStarted }), ContinuousClock.now < deadline, !Task.isCancelled {
            try? await Task.sleep(for: .milliseconds(20))
        }
        let (interrupted, running): (Int64?, Task<Void, Never>?) = lifecycle.withLock { state in
            guard !state.workerDone, let id = state.current else { return (nil, nil) }
            state.abandoned.insert(id)
            return (id, state.running)
        }
        if let id = interrupted, let job = try? audit.job(id: id) {
            _ = try? audit.markInterrupted(runsWithCommand: Self.runCommand(job))
            running?.cancel()
        }
        _ = try? audit.failUnfinishedJobs(reason: "interrupted: \(reason)")
        return interrupted
    }

    /// The command line a job's audit run records: how a shutdown finds the run of a job.
    static func runCommand(_ job: AuditJob) -> String {
        job.kind == JobRequest.Kind.undo.rawValue ? "serve: undo job \(job.id!)" : "serve: sync job \(job.id!) (\(job.trigger))"
    }

    /// Validates and queues a job. A request the server refuses is a `JobError`; anything else
    /// (the audit store failing, a full disk) is the server's problem. A request equal to one still
    /// waiting (same fields, same requester) returns that job; past `limit` waiting jobs, `queueFull`.
    public func submit(_ request: JobRequest, trigger: String = "api") throws -> AuditJob {
        if let reason = lifecycle.withLock({ $0.stopReason }) {
            throw JobError.conflict(
                "the server is stopping (\(reason)): no new jobs")
        }
        // Before the checks below, which build the plan: a flood is turned away cheaply.
        if let same = try waiting.withLock({ try waitingJob(like: request, in: $0) }) { return same }
        switch request.kind {
        case .preview, .sync:
            // What the plan refuses (years, levels, product, rasters missing …) is the request's fault.
            do {
                _ = try planBuilder(request, workDirectory.appendingPathComponent("validation").path, "validation")
            } catch let error as JobError {
                throw error
            } catch {
                throw JobError.badRequest(String(describing: error))
            }
        case .undo:
            guard let run = request.run else { throw JobError.badRequest("undo needs \"run\": the audit run to revert") }
            // The undo's own checks (unknown, already undone, a dry run, superseded), before queueing.
            do {
                _ = try audit.undoPlan(forRun: run)
            } catch let error as AuditError {
                if case .noSuchRun = error { throw JobError.notFound(error.description) }
                throw JobError.conflict(error.description)
            }
        }
        let parameters = String(decoding: try JSONEncoder().encode(request), as: UTF8.self)
        // Under one lock: two identical requests at once must not both find nothing waiting.
        return try waiting.withLock { waiting in
            if let same = try waitingJob(like: request, in: waiting) { return same }
            let job = try audit.insert(job: AuditJob(kind: request.kind.rawValue, trigger: trigger, parameters: parameters))
            waiting.append((job.id!, request))
            continuation.yield(job.id!)
            return job
        }
    }

    /// The waiting job `request` equals, if any; `queueFull` when there is none and no room.
    private func waitingJob(like request: JobRequest, in waiting: [(id: Int64, request: JobRequest)]) throws -> AuditJob? {
        if let same = waiting.first(where: { $0.request == request }), let job = try audit.job(id: same.id) { return job }
        guard waiting.count < limit else { throw JobError.queueFull(waiting: waiting.count, limit: limit) }
        return nil
    }

    /// Jobs queued and not yet started.
    public var waitingCount: Int { waiting.withLock { $0.count } }

    /// A job that could not be queued, recorded as failed so that the page and the API show why.
    func recordRefused(_ request: JobRequest, trigger: String, error: Error) {
        let parameters = (try? JSONEncoder().encode(request)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        var job = AuditJob(kind: request.kind.rawValue, trigger: trigger, parameters: parameters)
        job.status = .failed
        job.finishedAt = Date()
        job.error = String(describing: error)
        _ = try? audit.insert(job: job)
    }

    public func progress(of id: Int64) -> Progress? { progress.withLock { $0[id] } }

    public func directory(of id: Int64) -> URL { workDirectory.appendingPathComponent("job-\(id)") }

    private func execute(_ id: Int64) async {
        waiting.withLock { $0.removeAll { $0.id == id } }
        guard var job = try? audit.job(id: id), job.status == .queued,
            let request = try? JSONDecoder().decode(JobRequest.self, from: Data(job.parameters.utf8))
        else { return }
        // Jobs still queued when the server stops are not started (drain records them failed).
        guard
            lifecycle.withLock({ state in
                if state.stopReason != nil { return false }
                state.current = id
                return true
            })
        else { return }
        defer { lifecycle.withLock { $0.current = nil } }
        job.status = .running
        job.startedAt = Date()
        let directory = directory(of: id)
        job.resultDirectory = directory.path
        try? audit.update(job: job)
        progress.withLock { $0[id] = Progress(label: "starting", fraction: 0) }
        // The audit log records who: the signed-in DHIS2 user, when there is one.
        // "ana via DHIS2 app" says where it came from already; others came through serve itself.
        let user =
            request.requestedBy.map { $0.hasSuffix(" via DHIS2 app") ? $0 : "\($0) via serve (\(job.trigger))" } ?? "serve (\(job.trigger))"
        let runner = SyncRunner(client: client, audit: audit, user: user) { [self] label, fraction in
            progress.withLock { $0[id] = Progress(label: label, fraction: fraction) }
        }
        do {
            switch request.kind {
            case .preview:
                let outcome = try await runner.preview(try planBuilder(request, directory.path, Self.runCommand(job)))
                try ResultsFile.write(outcome, to: directory)
            case .sync:
                let outcome = try await runner.run(try planBuilder(request, directory.path, Self.runCommand(job)))
                job.runId = outcome.runID
                try ResultsFile.write(outcome, to: directory)
                try outcome.requireComplete()
            case .undo:
                let outcome = try await UndoRunner(client: client, audit: audit, user: user).undo(
                    runID: request.run!, command: Self.runCommand(job))
                job.runId = outcome.undoRunID
                try outcome.requireComplete()
            }
            job.status = .succeeded
        } catch {
            job.status = .failed
            // Cancelled: the server stopped at once (`stop()`, a failed bind), with no grace to give.
            let cancelled = error is CancellationError || Task.isCancelled
            job.error = cancelled ? "interrupted: the server stopped" : String(describing: error)
        }
        job.finishedAt = Date()
        progress.withLock { $0[id] = Progress(label: job.status.rawValue, fraction: 1) }
        // A shutdown that gave up waiting already recorded this job as interrupted.
        guard !lifecycle.withLock({ $0.abandoned.contains(id) }) else { return }
        try? audit.update(job: job)
    }
}

/// Problems with a request, as HTTP statuses.
public enum JobError: Error, CustomStringConvertible, Sendable {
    case badRequest(String)
    case notFound(String)
    case conflict(String)
    /// `waiting` jobs are queued, the limit.
    case queueFull(waiting: Int, limit: Int)

    public var description: String {
        switch self {
        case .badRequest(let s), .notFound(let s), .conflict(let s): return s
        case .queueFull(let waiting, let limit):
            return "the job queue is full: \(waiting) jobs are waiting (the limit is \(limit), serve --queue-limit or "
                + "serve.queueLimit in the config); try again when some have finished (GET /api/jobs)"
        }
    }
}
