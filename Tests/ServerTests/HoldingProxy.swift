import Foundation
import HTTPServing
import Hummingbird
import Logging
import NIOCore
import Parallel
import Synchronization

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A proxy in front of the DHIS2 stand-in that holds every data value import for `hold` (or
/// until `release()`) before forwarding it: a DHIS2 that takes its time, so that a test can stop
/// `serve` while a sync is sending its values (its audit run is then "running" with the values
/// recorded).
final class HoldingProxy: Sendable {
    let target: URL
    let hold: Duration
    private let held = Atomic<Int>(0)
    private let released = Atomic<Bool>(false)
    private let task = Mutex<Task<Void, Error>?>(nil)

    private let session = URLSession(configuration: .ephemeral)

    init(target: URL, hold: Duration) {
        self.target = target
        self.hold = hold
    }

    /// Imports that have reached the proxy (and are being held or were).
    var importsHeld: Int { held.load(ordering: .relaxed) }

    /// Lets the imports held go on now, and the later ones without a wait.
    func release() { released.store(true, ordering: .relaxed) }

    func start() async throws -> URL {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in try await forward(request) }
        var logger = Logger(label: "holding-proxy")
        logger.logLevel = .critical
        let app = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            }, logger: logger)
        task.withLock {
            // On a queue of its own, as the stand-in behind it (see `QueueExecutor`).
            $0 = Task(executorPreference: QueueExecutor(label: "holding-proxy")) {
                defer { continuation.finish() }
                try await app.run()
            }
        }
        var port = 0
        for await p in stream { port = p }
        return URL(string: "http://127.0.0.1:\(port)")!
    }

    func stop() async {
        let running = task.withLock { $0 }
        running?.cancel()
        _ = try? await running?.value
    }

    private func forward(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: 64 << 20)
        if request.method == .post, request.uri.path.contains("dataValueSets") {
            held.add(1, ordering: .relaxed)
            let clock = ContinuousClock()
            let end = clock.now + hold
            while !released.load(ordering: .relaxed), clock.now < end { try await Task.sleep(for: .milliseconds(20)) }
        }
        var outgoing = URLRequest(url: URL(string: target.absoluteString + request.uri.description)!)
        outgoing.httpMethod = request.method.rawValue
        for field in request.headers where !(["host", "content-length"] as Set).contains(field.name.canonicalName) {
            outgoing.addValue(field.value, forHTTPHeaderField: field.name.rawName)
        }
        if body.readableBytes > 0 { outgoing.httpBody = Data(buffer: body) }
        // A session of the proxy's own (see ServerHarness.session).
        let (data, response) = try await session.data(for: outgoing)
        let http = response as! HTTPURLResponse
        return Response(
            status: .init(code: http.statusCode),
            headers: [.contentType: http.value(forHTTPHeaderField: "Content-Type") ?? "application/json"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
