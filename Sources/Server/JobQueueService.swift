import Foundation
import Logging
import ServiceLifecycle

/// The job queue as a service of `serve`'s service group: it runs the queue's worker, and is
/// started before the HTTP server and so shut down after it. On SIGTERM or SIGINT the server stops
/// taking requests first, then the running job gets `grace` to finish — what it cannot finish is
/// cancelled and recorded as interrupted (see `JobQueue.drain`). Cancelled instead (a failed bind,
/// `WorldPopServer.stop()`), the worker stops at once.
struct JobQueueService: Service {
    let queue: JobQueue
    let grace: Duration
    let logger: Logger

    func run() async throws {
        await withDiscardingTaskGroup { group in
            group.addTask { await queue.work() }
            // Returns on graceful shutdown; throws when the group is cancelled instead.
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
}

/// The schedule as a service: it fires until shutdown begins, so nothing is queued while the
/// queue drains.
struct ScheduleService: Service {
    let scheduler: Scheduler

    func run() async throws {
        await cancelWhenGracefulShutdown { await scheduler.run() }
    }
}
