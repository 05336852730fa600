import DHIS2
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// An in-process DHIS2 for tests and the offline demo: a Hummingbird server on 127.0.0.1 that
/// follows the Web API contract worldpop-dhis2 relies on (`docs/dhis2-api.md` of the project's
/// shared docs): paging with default page size 50, filters, metadata import with generated
/// category option combos, data value import with DHIS2's conflicts and both summary shapes,
/// async jobs — and the faults of real deployments: 401, a body limit answering 413, and a
/// proxy answering 502 to every Nth request.
public final class DHIS2StandIn: Sendable {
    public struct Options: Sendable {
        public var version = "2.41.1"
        public var token: String? = "d2pat_standin0000000000000000000000000"
        public var username: String? = "admin"
        public var password: String? = "district"
        /// Requests with a larger body get 413, as from a reverse proxy.
        public var maxBodyBytes: Int?
        /// Every Nth request (counting all) gets 502 from the "proxy".
        public var failEveryNth: Int?
        /// Polls an async job stays incomplete.
        public var asyncPolls = 2

        public init(version: String = "2.41.1", maxBodyBytes: Int? = nil, failEveryNth: Int? = nil) {
            self.version = version
            self.maxBodyBytes = maxBodyBytes
            self.failEveryNth = failEveryNth
        }
    }

    public struct LoggedRequest: Sendable, Hashable {
        public var method: String
        public var path: String
        public var query: String
        public var status: Int
        public var bodyBytes: Int
    }

    let state: Mutex<StandInState>
    private let server = Mutex<(task: Task<Void, Error>?, url: URL?)>((nil, nil))

    public init(options: Options = Options()) {
        state = Mutex(StandInState(options: options))
    }

    // MARK: Lifecycle

    /// Starts the server on an ephemeral port and returns its base URL (no `/api`).
    public func start() async throws -> URL {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in
            try await self.respond(request)
        }
        var logger = Logger(label: "dhis2-standin")
        logger.logLevel = .critical
        let app = Application(
            responder: responder,
            configuration: .init(address: .hostname("127.0.0.1", port: 0), serverName: "DHIS2 stand-in"),
            onServerRunning: { channel in
                continuation.yield(channel.localAddress?.port ?? 0)
                continuation.finish()
            },
            logger: logger)
        let task = Task { try await app.run() }
        var port = 0
        for await p in stream { port = p }
        guard port > 0 else {
            task.cancel()
            throw DHIS2Error.unreachable(server: "stand-in", reason: "the stand-in did not start")
        }
        let url = URL(string: "http://127.0.0.1:\(port)")!
        server.withLock { $0 = (task, url) }
        return url
    }

    public func stop() async {
        let task = server.withLock { s -> Task<Void, Error>? in
            defer { s = (nil, nil) }
            return s.task
        }
        task?.cancel()
        _ = try? await task?.value
    }

    // MARK: Test helpers

    /// The running server's base URL (nil before `start`).
    public var baseURL: URL? { server.withLock { $0.url } }

    public var options: Options {
        get { state.withLock { $0.options } }
        set { state.withLock { $0.setOptions(newValue) } }
    }

    public func add(orgUnits: [OrgUnit]) { state.withLock { $0.add(orgUnits) } }

    /// Every stored data value.
    public var storedValues: [DataValue] {
        state.withLock { s in
            s.values.map { k, v in DataValue(dataElement: k.dataElement, period: k.period, orgUnit: k.orgUnit, categoryOptionCombo: k.categoryOptionCombo, attributeOptionCombo: k.attributeOptionCombo, value: v) }
        }
    }

    /// Sets a stored value directly (a value entered by hand in DHIS2 before a sync).
    public func store(_ value: DataValue) { state.withLock { $0.setValue(value.key, value.value) } }

    public var requests: [LoggedRequest] { state.withLock { $0.log } }

    /// Ids of metadata objects of a collection ("dataElements", "categoryCombos", …).
    public func metadataIDs(_ collection: String) -> Set<String> {
        state.withLock { Set(($0.metadata[collection] ?? [:]).keys) }
    }

    public var optionComboCount: Int { state.withLock { $0.optionCombos.count } }

    // MARK: HTTP

    private func respond(_ request: Request) async throws -> Response {
        // Read the whole body first, as a proxy does before deciding on 413.
        var body = Data()
        for try await var chunk in request.body {
            body.append(contentsOf: chunk.readBytes(length: chunk.readableBytes) ?? [])
        }
        var segments = request.uri.path.split(separator: "/").map(String.init)
        guard segments.first == "api" else {
            return Self.response(.error(404, "Not Found", "Not an API path"))
        }
        segments.removeFirst()
        if let first = segments.first, Int(first) != nil { segments.removeFirst() }  // /api/41/…
        // `.json` suffixes (organisationUnits.json) mean the same resource.
        if let last = segments.last, last.hasSuffix(".json") { segments[segments.count - 1] = String(last.dropLast(5)) }
        let query = request.uri.queryParameters.map { (String($0.key).removingPercentEncoding ?? String($0.key), String($0.value).removingPercentEncoding ?? String($0.value)) }
        let r = StandInRequest(method: request.method.rawValue, path: segments, query: query,
                               authorization: request.headers[.authorization], body: body)
        let reply = state.withLock { s -> StandInReply in
            let reply = s.handle(r)
            s.record(LoggedRequest(method: r.method, path: "/" + segments.joined(separator: "/"), query: request.uri.query ?? "", status: reply.status, bodyBytes: body.count))
            return reply
        }
        return Self.response(reply)
    }

    private static func response(_ reply: StandInReply) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = reply.contentType
        return Response(status: .init(code: reply.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
