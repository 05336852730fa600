import Foundation
import HTTPServing
import Hummingbird
import NIOCore
import Synchronization

/// A local stand-in for data.worldpop.org: serves a folder under the same URL layout with the
/// behaviour downloads rely on — Content-Length, HTTP Range (206 with Content-Range, 416 past the
/// end) — and the faults of real transfers: a connection dropped part-way through a file, 503s,
/// and a corrupted body of the right size.
public final class WorldPopFileServer: Sendable {
    public struct Faults: Sendable {
        /// The first `dropCount` requests for a file end after this many bytes of the body.
        public var dropAfterBytes: Int?
        public var dropCount = 1
        /// The first n requests for each file get 503.
        public var unavailableCount = 0
        /// Bodies are served with every byte flipped (a proxy's error page of the right size).
        public var corrupt = false
        /// Range headers are ignored (200 with the whole file), as data.worldpop.org does.
        public var ignoreRange = false
        /// Seconds each body waits before its first byte: slow transfers, so parallel ones overlap.
        public var bodyDelay: Double = 0
        /// GETs serve only the first n bytes, with a Content-Length that agrees, while HEAD announces
        /// the whole file: a proxy or a server cutting files short (a poisoned cache, issue 23).
        public var truncateTo: Int?

        public init(
            dropAfterBytes: Int? = nil, dropCount: Int = 1, unavailableCount: Int = 0, corrupt: Bool = false,
            ignoreRange: Bool = false, bodyDelay: Double = 0, truncateTo: Int? = nil
        ) {
            self.truncateTo = truncateTo
            self.dropAfterBytes = dropAfterBytes
            self.bodyDelay = bodyDelay
            self.dropCount = dropCount
            self.unavailableCount = unavailableCount
            self.corrupt = corrupt
            self.ignoreRange = ignoreRange
        }
    }

    public struct LoggedRequest: Sendable, Hashable {
        public var method = "GET"
        public var path: String
        public var range: String?
        public var status: Int
    }

    private let root: URL
    /// Answers by path and query ("rest/data/pop/G2_CN_POP_R25A_100m?iso3=COD"): a local hub REST API.
    private let answers = Mutex<[String: Data]>([:])
    /// Bodies being sent now, and the most at once.
    private let bodies = Mutex<(now: Int, most: Int)>((0, 0))

    /// The most file bodies this server sent at the same time.
    public var mostConcurrentBodies: Int { bodies.withLock { $0.most } }
    private let state: Mutex<(faults: Faults, served: [String: Int], log: [LoggedRequest])>
    private let server = Mutex<RunningHTTPServer?>(nil)

    public init(root: URL, faults: Faults = Faults()) {
        self.root = root
        state = Mutex((faults, [:], []))
    }

    /// The GETs (file bodies and hub answers), in order.
    public var requests: [LoggedRequest] { state.withLock { $0.log.filter { $0.method != "HEAD" } } }

    /// The HEADs: size queries made before downloading (the download plan).
    public var sizeQueries: [LoggedRequest] { state.withLock { $0.log.filter { $0.method == "HEAD" } } }

    /// Serves `body` (JSON) for this path and query, as the hub's REST API answers.
    public func answer(_ pathAndQuery: String, with body: Data) {
        answers.withLock { $0[pathAndQuery] = body }
    }

    public var faults: Faults {
        get { state.withLock { $0.faults } }
        set { state.withLock { $0.faults = newValue } }
    }

    /// Starts on 127.0.0.1 with an ephemeral port and returns the server root URL.
    public func start() async throws -> URL {
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in self.respond(request) }
        let running = try await HTTPServing(responder).start()
        server.withLock { $0 = running }
        return URL(string: running.url.absoluteString + "/")!
    }

    public func stop() async {
        await server.withLock { s in
            defer { s = nil }
            return s
        }?.stop()
    }

    private struct Dropped: Error {}

    private func respond(_ request: Request) -> Response {
        let faults = self.faults
        let path = String(request.uri.path.drop(while: { $0 == "/" }))
        let sentRange = request.headers[.range]
        let rangeHeader = faults.ignoreRange ? nil : sentRange
        let isHead = request.method == .head
        if let query = request.uri.query, let body = answers.withLock({ $0[path + "?" + query] }) {
            state.withLock { $0.log.append(LoggedRequest(path: path + "?" + query, range: nil, status: 200)) }
            return Response(
                status: .ok, headers: [.contentType: "application/json", .contentLength: String(body.count)],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
        }
        let file = root.appendingPathComponent(path)
        let count = state.withLock { s -> Int in
            if isHead { return 0 }
            s.served[path, default: 0] += 1
            return s.served[path]!
        }
        func reply(_ status: HTTPResponse.Status, _ headers: HTTPFields = [:], body: ResponseBody = ResponseBody()) -> Response {
            state.withLock {
                $0.log.append(LoggedRequest(method: isHead ? "HEAD" : "GET", path: path, range: sentRange, status: Int(status.code)))
            }
            return Response(status: status, headers: headers, body: body)
        }
        guard !path.contains(".."), var data = FileManager.default.contents(atPath: file.path) else {
            return reply(.notFound)
        }
        if isHead {
            // The size without the body, as a HEAD gets it.
            return reply(.ok, [.contentLength: String(data.count)])
        }
        if count <= faults.unavailableCount { return reply(.serviceUnavailable) }
        if faults.corrupt { data = Data(data.map { ~$0 }) }
        if let cut = faults.truncateTo { data = data.prefix(cut) }
        var status = HTTPResponse.Status.ok
        var headers: HTTPFields = [.acceptRanges: "bytes"]
        var start = 0
        if let rangeHeader, rangeHeader.hasPrefix("bytes="), let from = Int(rangeHeader.dropFirst(6).split(separator: "-").first ?? "") {
            guard from < data.count else {
                headers[.contentRange] = "bytes */\(data.count)"
                return reply(.rangeNotSatisfiable, headers)
            }
            start = from
            status = .partialContent
            headers[.contentRange] = "bytes \(from)-\(data.count - 1)/\(data.count)"
        }
        let body = data.subdata(in: start..<data.count)
        headers[.contentLength] = String(body.count)
        let dropAt = count <= faults.dropCount ? faults.dropAfterBytes : nil
        let delay = faults.bodyDelay
        return reply(
            status, headers,
            body: ResponseBody { [self] writer in
                bodies.withLock {
                    $0.now += 1
                    $0.most = max($0.most, $0.now)
                }
                defer { bodies.withLock { $0.now -= 1 } }
                if delay > 0 { try await Task.sleep(nanoseconds: UInt64(delay * 1e9)) }
                if let dropAt, dropAt < body.count {
                    try await writer.write(ByteBuffer(bytes: body.prefix(dropAt)))
                    // Ending the body early makes the server close the connection mid-file.
                    throw Dropped()
                }
                try await writer.write(ByteBuffer(bytes: body))
                try await writer.finish(nil)
            })
    }
}
