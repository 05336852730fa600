import Parallel
import Synchronization
import Testing

@Suite struct DedicatedThreadsTests {
    /// Each index once: 0 on the calling thread, the others on threads of their own (with
    /// Dispatch's `concurrentPerform`, as before, they ran on the concurrency pool's threads).
    @Test func indexZeroRunsHereAndEveryOtherOnAThreadOfItsOwn() {
        let runs = Mutex<[(index: Int, dedicated: Bool)]>([])
        onDedicatedThreads(4) { index in runs.withLock { $0.append((index, isOnDedicatedThread)) } }
        let sorted = runs.withLock { $0 }.sorted { $0.index < $1.index }
        #expect(sorted.map(\.index) == [0, 1, 2, 3])
        #expect(sorted.map(\.dedicated) == [false, true, true, true])
        #expect(!isOnDedicatedThread)
    }

    @Test func concurrentMapKeepsIndexOrderAndThrowsWhatTheBodyThrows() throws {
        struct Odd: Error, Equatable { var index: Int }
        let squares = try concurrentMap(count: 1000, workers: 3, makeState: {}, body: { _, i in i * i })
        #expect(squares == (0..<1000).map { $0 * $0 })
        #expect(throws: Odd(index: 7)) {
            try concurrentMap(count: 10, workers: 3, makeState: {}, body: { _, i in if i == 7 { throw Odd(index: i) } else { i } })
        }
    }
}
