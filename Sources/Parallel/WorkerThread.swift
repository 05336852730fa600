import Dispatch

/// Runs CPU-bound work on a Dispatch thread and awaits its result. The Swift concurrency pool has
/// one thread per core: a zonal run blocking one of them stalls every other task (serve's answers,
/// the job queue, a test's server) for as long as it lasts.
public func onWorkerThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        DispatchQueue.global(qos: .userInitiated).async { continuation.resume(with: Result { try body() }) }
    }
}
