import Foundation
import HTTPServing
import Hummingbird
import Parallel
import Synchronization
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct HTTPServingTests {
    let hello = CallbackResponder<BasicRequestContext> { _, _ in
        Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "hello")))
    }

    @Test(.timeLimit(.minutes(HangGuard.minutes))) func portZeroListensOnAFreePortAndStopEndsIt() async throws {
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

    /// A stand-in or a test's server answers on a queue of its own (`QueueExecutor`), not on the
    /// concurrency pool: on the pool, a request waited for whatever else in the process held its
    /// threads, and a loaded full suite saw a sync wait over a minute. (Holding the pool to show
    /// it held up every other test of the suite too.)
    @Test(.timeLimit(.minutes(HangGuard.minutes))) func requestsAreAnsweredOnTheServersOwnQueue() async throws {
        let queues = Mutex<[String]>([])
        let recording = CallbackResponder<BasicRequestContext> { _, _ in
            queues.withLock { $0.append(QueueExecutor.currentLabel ?? "the concurrency pool") }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(string: "hello")))
        }
        let server = try await HTTPServing(recording).start()
        let client = URLSession(configuration: .ephemeral)
        for _ in 0..<3 {
            let (body, _) = try await client.data(from: server.url)
            #expect(String(decoding: body, as: UTF8.self) == "hello")
        }
        client.invalidateAndCancel()
        await server.stop()
        #expect(queues.withLock { $0 } == ["HTTPServing", "HTTPServing", "HTTPServing"])
    }

    /// Before, a second server on a busy port waited forever without a word.
    @Test(.timeLimit(.minutes(HangGuard.minutes))) func aPortInUseIsOneErrorNamingTheAddressAndTheWayOut() async throws {
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

    @Test(.timeLimit(.minutes(HangGuard.minutes))) func anAddressThatCannotBeBoundIsNamed() async throws {
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
