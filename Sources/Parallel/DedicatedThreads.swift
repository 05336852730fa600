import Foundation

/// Runs `body(0)` on the calling thread and `body(1)` … `body(count - 1)` each on a thread of its
/// own, and returns when all of them have returned.
///
/// Not Dispatch's `concurrentPerform` or global queues: on Linux their threads are the Swift
/// concurrency pool's (one per core, whatever the quality of service), so CPU-bound work there
/// held up every other task of the process, a server's answers included, for as long as it lasted.
public func onDedicatedThreads(_ count: Int, _ body: @Sendable (Int) -> Void) {
    withoutActuallyEscaping(body) { body in
        let work = Work(body)
        let finished = DispatchGroup()
        for index in 1..<max(1, count) {
            finished.enter()
            Thread {
                pthread_setspecific(dedicatedThreadKey, UnsafeRawPointer(bitPattern: 1))
                work.body?(index)
                finished.leave()
            }.start()
        }
        body(0)
        finished.wait()
        // A finished `Thread` may keep its block a while: only the box may outlive this call.
        work.body = nil
    }
}

/// Whether the calling code runs on a thread `onDedicatedThreads` started (what a test checks to
/// see where work ran).
public var isOnDedicatedThread: Bool { pthread_getspecific(dedicatedThreadKey) != nil }

// A mark of our own, not `Thread.name`: Foundation on Linux sometimes answers the name a new
// thread inherited from the one that started it.
private let dedicatedThreadKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key, nil)
    return key
}()

/// `body` for the threads, cleared before `onDedicatedThreads` returns: it must not escape.
private final class Work: @unchecked Sendable {
    // Written before the threads start and after they have finished; read only by them between.
    var body: (@Sendable (Int) -> Void)?
    init(_ body: @escaping @Sendable (Int) -> Void) { self.body = body }
}
