import Foundation
import HTTPServing
import Hummingbird
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct HTTPServingTests {
    let hello = CallbackResponder<BasicRequestContext> { _, _ in
        Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "hello")))
    }

    @Test(.timeLimit(.minutes(1))) func portZeroListensOnAFreePortAndStopEndsIt() async throws {
        let server = try await HTTPServing(hello).start()
        #expect(server.port > 0)
        #expect(server.url.absoluteString == "http://127.0.0.1:\(server.port)")
        // A session of its own, closed before the server stops. The shared session keeps
        // connections of every test in the process, and port 0 hands out ports again: a request on
        // a kept connection to an earlier server of the same port waits for URLSession's 60 s
        // timeout (seen twice in a loaded full suite; stopping with an idle connection takes 1 ms).
        let client = URLSession(configuration: .ephemeral)
        let (body, response) = try await client.data(from: server.url)
        #expect((response as? HTTPURLResponse)?.statusCode == 200)
        #expect(String(decoding: body, as: UTF8.self) == "hello")
        client.invalidateAndCancel()
        await server.stop()
        // A new session, so that no kept-alive connection to the stopped server is tried again (a
        // request on one could wait for URLSession's 60 s timeout, this test's whole limit).
        let fresh = URLSession(configuration: .ephemeral)
        defer { fresh.invalidateAndCancel() }
        await #expect(throws: (any Error).self) {
            _ = try await fresh.data(for: URLRequest(url: server.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 10))
        }
    }

    /// A stand-in or a test's server answers while every thread of the concurrency pool is busy
    /// with something else in the same process: on the pool (before `QueueExecutor`) a request
    /// waited for the busy threads, and a loaded full suite saw a sync wait over a minute.
    @Test(.timeLimit(.minutes(1))) func aServerAnswersWhileThePoolIsBusy() async throws {
        let server = try await HTTPServing(hello).start()
        let threads = ProcessInfo.processInfo.activeProcessorCount
        let started = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        // Each holds a thread of the pool without suspending, as a long synchronous computation does.
        let blockers = (0..<threads).map { _ in
            Task.detached {
                started.signal()
                release.wait()
            }
        }
        // The request comes from a thread of its own: the test's task cannot run while the pool is held.
        let answer = await withCheckedContinuation { (done: CheckedContinuation<(Int, Int, String?), Never>) in
            Thread.detachNewThread {
                var holding = 0
                while holding < threads, started.wait(timeout: .now() + 10) == .success { holding += 1 }
                let session = URLSession(configuration: .ephemeral)
                let answered = DispatchSemaphore(value: 0)
                nonisolated(unsafe) var status = 0
                nonisolated(unsafe) var body: String?
                let request = URLRequest(url: server.url, cachePolicy: .reloadIgnoringLocalCacheData, timeoutInterval: 20)
                session.dataTask(with: request) { data, response, _ in
                    status = (response as? HTTPURLResponse)?.statusCode ?? 0
                    body = data.map { String(decoding: $0, as: UTF8.self) }
                    answered.signal()
                }.resume()
                answered.wait()
                session.invalidateAndCancel()
                for _ in 0..<threads { release.signal() }
                done.resume(returning: (holding, status, body))
            }
        }
        for blocker in blockers { await blocker.value }
        await server.stop()
        #expect(answer.0 == threads, "the pool was held by \(answer.0) of \(threads) tasks")
        #expect(answer.1 == 200)
        #expect(answer.2 == "hello")
    }

    /// Before, a second server on a busy port waited forever without a word.
    @Test(.timeLimit(.minutes(1))) func aPortInUseIsOneErrorNamingTheAddressAndTheWayOut() async throws {
        let first = try await HTTPServing(hello).start()
        let error = await #expect(throws: ListenError.self) { _ = try await HTTPServing(hello, port: first.port).start() }
        #expect(error == .portInUse(host: "127.0.0.1", port: first.port))
        let message = error?.description ?? ""
        #expect(message.hasPrefix("cannot listen on 127.0.0.1:\(first.port): port \(first.port) is in use"), "\(message)")
        #expect(message.contains("choose another --port"))
        #expect(message.contains("stop the program listening there"))
        // `run` (serve's way, under signals) fails the same way; the time limit is the guard against
        // the old endless wait (alone this takes milliseconds, a loaded CI machine seconds).
        let viaRun = await #expect(throws: ListenError.self) { try await HTTPServing(hello, port: first.port).run(shutdownSignals: []) }
        #expect(viaRun == .portInUse(host: "127.0.0.1", port: first.port))
        await first.stop()
    }

    @Test(.timeLimit(.minutes(1))) func anAddressThatCannotBeBoundIsNamed() async throws {
        // 192.0.2.1 (TEST-NET-1) is no address of this machine.
        let error = await #expect(throws: ListenError.self) { _ = try await HTTPServing(hello, host: "192.0.2.1", port: 0).start() }
        guard case .cannotListen(let host, let port, _)? = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(host == "192.0.2.1" && port == 0)
        #expect(error?.description.hasPrefix("cannot listen on 192.0.2.1:0:") == true)
    }
}
