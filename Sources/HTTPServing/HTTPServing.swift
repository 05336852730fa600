import Foundation
import Hummingbird
import Logging
import Parallel
import ServiceLifecycle
import UnixSignals

/// The one way this program runs an HTTP server (`serve` and both stand-ins): a Hummingbird
/// application on a host and port (0: any free port) inside a swift-service-lifecycle
/// `ServiceGroup`. A failed bind is a `ListenError`, never a wait that does not end. Any request
/// context Hummingbird can make from a connection (`serve` keeps the peer's address in its own).
public struct HTTPServing<Responder: HTTPResponder>: Sendable
where Responder.Context: InitializableFromSource<ApplicationRequestContextSource> {
    public var host: String
    public var port: Int
    public var serverName: String?
    public var logger: Logger
    let responder: Responder

    public init(
        _ responder: Responder, host: String = "127.0.0.1", port: Int = 0, serverName: String? = nil,
        logger: Logger = HTTPServingLog.silent
    ) {
        self.responder = responder
        self.host = host
        self.port = port
        self.serverName = serverName
        self.logger = logger
    }

    /// Runs until one of `shutdownSignals` (then gracefully: the HTTP server stops taking requests
    /// first, then `services` stop in reverse order) or until the task is cancelled. `services`
    /// start before the HTTP server, so they stop after it. `onListening` gets the base URL.
    public func run(
        alongside services: [any Service] = [], shutdownSignals: [UnixSignal] = [.sigterm, .sigint],
        onListening: @escaping @Sendable (URL) -> Void = { _ in }
    ) async throws {
        let app = application { port in onListening(baseURL(port: port)) }
        let configuration = ServiceGroupConfiguration(services: services + [app], gracefulShutdownSignals: shutdownSignals, logger: logger)
        let group = ServiceGroup(configuration: configuration)
        do {
            try await group.run()
        } catch {
            throw ListenError.from(error, host: host, port: port) ?? error
        }
    }

    /// Starts serving in a task (no signal handling: for tests and the in-process stand-ins) and
    /// returns once it listens; `RunningHTTPServer.stop()` ends it. The server and its services
    /// run on `executor` (by default a queue of their own, see `QueueExecutor`), so that a busy
    /// concurrency pool in the same process does not hold up their answers.
    public func start(
        alongside services: [any Service] = [], on executor: any TaskExecutor = QueueExecutor(label: "HTTPServing")
    ) async throws -> RunningHTTPServer {
        let (stream, continuation) = AsyncStream<URL>.makeStream()
        let task = Task(executorPreference: executor) {
            // A failed bind ends the stream too, or the wait below would never end.
            defer { continuation.finish() }
            try await run(alongside: services, shutdownSignals: []) { url in
                continuation.yield(url)
                continuation.finish()
            }
        }
        var listening: URL?
        for await url in stream { listening = url }
        guard let listening else {
            task.cancel()
            try await task.value
            throw ListenError.cannotListen(host: host, port: port, reason: "the server stopped before listening")
        }
        return RunningHTTPServer(url: listening, task: task)
    }

    /// `http://127.0.0.1:8080`, `http://[::1]:8080`.
    public func baseURL(port: Int) -> URL { URL(string: "http://\(ListenError.address(host, port))")! }

    private func application(onListening: @escaping @Sendable (Int) -> Void) -> some Service {
        Application(
            responder: responder, configuration: .init(address: .hostname(host, port: port), serverName: serverName),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) }, logger: logger)
    }
}

/// A server started by `HTTPServing.start`.
public final class RunningHTTPServer: Sendable {
    public let url: URL
    let task: Task<Void, any Error>

    init(url: URL, task: Task<Void, any Error>) {
        self.url = url
        self.task = task
    }

    public var port: Int { url.port ?? 0 }

    /// Stops at once (cancels; requests in flight are cut) and waits until it has stopped.
    public func stop() async {
        task.cancel()
        _ = try? await task.value
    }

    /// Waits until the server stops; throws what stopped it.
    public func wait() async throws { try await task.value }
}

public enum HTTPServingLog {
    /// Quiet unless something is critical: tests and stand-ins print nothing.
    public static var silent: Logger {
        var log = Logger(label: "worldpop-dhis2.http", factory: { _ in SwiftLogNoOpLogHandler() })
        log.logLevel = .critical
        return log
    }
}
