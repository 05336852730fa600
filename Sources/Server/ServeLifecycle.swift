import Foundation
import Logging
import ServiceLifecycle

/// The job queue and the schedule as a service of `serve`'s service group. It is started before
/// the HTTP server and so shut down after it: on SIGTERM or SIGINT the server stops taking
/// requests first, then the schedule stops and the running job gets `grace` to finish — what it
/// cannot finish is recorded as interrupted (see `JobQueue.drain`).
struct ServeLifecycle: Service {
    let queue: JobQueue
    let grace: Duration
    let scheduler: Scheduler?
    let logger: Logger

    func run() async throws {
        let scheduling = scheduler.map { scheduler in Task { await scheduler.run() } }
        // Returns on graceful shutdown; throws when the group is cancelled instead (a failed bind).
        let reason: String
        do {
            try await gracefulShutdown()
            reason = "the server was stopped (SIGTERM or SIGINT)"
        } catch {
            reason = "the server stopped (\(error))"
        }
        scheduling?.cancel()
        logger.notice("stopping: waiting up to \(grace) for the running job")
        if let id = await queue.drain(grace: grace, reason: reason) {
            logger.warning("job \(id) did not finish within \(grace): recorded as interrupted")
        }
    }
}
