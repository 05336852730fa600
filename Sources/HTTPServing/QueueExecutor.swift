import Dispatch

/// A task executor on a serial dispatch queue of its own. The Swift concurrency pool has one
/// thread per core, and anything else in the process that keeps those threads busy (a test
/// summing a raster, a synchronous parse) holds up every request of a server that runs on it.
/// A server started on this executor (`HTTPServing.start`) answers in its own thread: the
/// queue is served even when the pool is full, because a serial queue gets a thread of its own
/// when it has work (libdispatch's overcommit root queue).
public final class QueueExecutor: TaskExecutor {
    private let queue: DispatchQueue
    // Written once, then only read.
    nonisolated(unsafe) private static let labelKey = DispatchSpecificKey<String>()

    public init(label: String) {
        queue = DispatchQueue(label: label)
        queue.setSpecific(key: Self.labelKey, value: label)
    }

    /// The label of the queue executor running the calling code; nil on any other thread.
    public static var currentLabel: String? { DispatchQueue.getSpecific(key: labelKey) }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        queue.async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
