import Dispatch

/// A task executor on a serial dispatch queue of its own. The Swift concurrency pool has one
/// thread per core, and anything in the process that keeps those threads busy (a sync summing a
/// raster, a synchronous parse) holds up every other task on it. A sync (`SyncRunner`) runs on
/// one of these so that it never holds the pool; a test's server (`HTTPServing.start`) does so
/// that it answers whatever else the process is doing. The queue is served even when the pool
/// is full: a serial queue gets a thread of its own when it has work (libdispatch's overcommit
/// root queue).
public final class QueueExecutor: TaskExecutor {
    private let queue: DispatchQueue
    private static let labelKey = DispatchSpecificKey<String>()

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
