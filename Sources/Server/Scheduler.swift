import Foundation
import Synchronization

/// The time a schedule goes by: the system's, or a test's that moves only when told.
public protocol ScheduleClock: Sendable {
    var now: Date { get }
    /// Returns at `date` or later; throws when the task is cancelled.
    func sleep(until date: Date) async throws
}

public struct SystemClock: ScheduleClock {
    public init() {}

    public var now: Date { Date() }

    public func sleep(until date: Date) async throws {
        // Short steps, so that a change of the system clock is noticed.
        while Date() < date {
            try await Task.sleep(nanoseconds: UInt64(min(30, max(0.05, date.timeIntervalSinceNow)) * 1e9))
        }
    }
}

/// Queues the server's default sync each time the schedule fires; a sync the queue refuses is
/// recorded as a failed job, since nobody is waiting for an answer.
final class Scheduler: Sendable {
    let schedule: CronSchedule
    let clock: any ScheduleClock
    let queue: JobQueue
    let request: JobRequest
    private let next = Mutex<Date?>(nil)

    init(schedule: CronSchedule, clock: any ScheduleClock, queue: JobQueue, defaults: JobRequest) {
        self.schedule = schedule
        self.clock = clock
        self.queue = queue
        var request = defaults
        request.kind = .sync
        self.request = request
    }

    /// When the schedule fires next (nil before `run` starts).
    var nextRun: Date? { next.withLock { $0 } }

    /// Until cancelled.
    func run() async {
        while !Task.isCancelled {
            guard let fire = schedule.next(after: clock.now) else { return }
            next.withLock { $0 = fire }
            do { try await clock.sleep(until: fire) } catch { return }
            do {
                _ = try queue.submit(request, trigger: "schedule")
            } catch {
                queue.recordRefused(request, trigger: "schedule", error: error)
            }
        }
    }
}
