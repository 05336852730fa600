import Foundation
import Synchronization

/// Runs `body` for indices `0..<count` on `workers` threads, each pulling the next index, and
/// returns the results in index order (so reductions over them do not depend on timing).
///
/// The work here is CPU-bound decoding and summing, so the workers are the calling thread and
/// threads of their own (`onDedicatedThreads`), never the Swift concurrency pool's, which async
/// servers need to keep responsive. `makeState` builds one value per worker (e.g. its own GDAL
/// handles, which must never be shared between threads).
public func concurrentMap<State, T: Sendable>(
    count: Int, workers: Int,
    makeState: @Sendable () -> State,
    body: @Sendable (inout State, Int) throws -> T
) throws -> [T] {
    guard count > 0 else { return [] }
    let next = Atomic<Int>(0)
    let results = Mutex<[T?]>(Array(repeating: nil, count: count))
    let failure = Mutex<(any Error)?>(nil)
    onDedicatedThreads(max(1, min(workers, count))) { _ in
        var state = makeState()
        while true {
            let i = next.wrappingAdd(1, ordering: .relaxed).oldValue
            guard i < count, failure.withLock({ $0 == nil }) else { return }
            do {
                let value = try body(&state, i)
                results.withLock { $0[i] = value }
            } catch {
                failure.withLock { if $0 == nil { $0 = error } }
                return
            }
        }
    }
    if let error = failure.withLock({ $0 }) { throw error }
    return results.withLock { $0.map { $0! } }
}

/// The number of worker threads to use when none is given: one per core.
public var defaultWorkerCount: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }
