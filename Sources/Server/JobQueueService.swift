import Foundation
import Logging
import ServiceLifecycle

/// The job queue as a service of `serve`'s service group. Started before the HTTP server and so
/// shut down after it: on SIGTERM or SIGINT the server stops taking requests first, then the
/// running job gets `grace` to finish — what it cannot finish is recorded as interrupted (see
/// `JobQueue.drain`).
struct JobQueueService: Service {
    let queue: JobQueue
    let grace: Duration
    let logger: Logger

    func run() async throws {
        // Returns on graceful shutdown; throws when the group is cancelled instead (a failed bind).
        let reason: String
        do {
            try await gracefulShutdown()
            reason = "the server was stopped (SIGTERM or SIGINT)"
        } catch {
            reason = "the server stopped (\(error))"
        }
        logger.notice("stopping: waiting up to \(grace) for the running job")
        if let id = await queue.drain(grace: grace, reason: reason) {
            logger.warning("job \(id) did not finish within \(grace): recorded as interrupted")
        }
    }
}

/// The schedule as a service: it fires until shutdown begins, so nothing is queued while the
/// queue drains.
struct ScheduleService: Service {
    let scheduler: Scheduler

    func run() async throws {
        await cancelWhenGracefulShutdown { await scheduler.run() }
    }
}
