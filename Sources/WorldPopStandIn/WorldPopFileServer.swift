import Foundation
import Hummingbird
import Logging
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

        public init(dropAfterBytes: Int? = nil, dropCount: Int = 1, unavailableCount: Int = 0, corrupt: Bool = false) {
            self.dropAfterBytes = dropAfterBytes
            self.dropCount = dropCount
            self.unavailableCount = unavailableCount
            self.corrupt = corrupt
        }
    }

    public struct LoggedRequest: Sendable, Hashable {
        public var path: String
        public var range: String?
        public var status: Int
    }

    private let root: URL
    private let state: Mutex<(faults: Faults, served: [String: Int], log: [LoggedRequest])>
    private let server = Mutex<Task<Void, Error>?>(nil)

    public init(root: URL, faults: Faults = Faults()) {
        self.root = root
        state = Mutex((faults, [:], []))
    }

    public var requests: [LoggedRequest] { state.withLock { $0.log } }

    public var faults: Faults {
        get { state.withLock { $0.faults } }
        set { state.withLock { $0.faults = newValue } }
    }

    /// Starts on 127.0.0.1 with an ephemeral port and returns the server root URL.
    public func start() async throws -> URL {
        let (stream, continuation) = AsyncStream<Int>.makeStream()
        let responder = CallbackResponder<BasicRequestContext> { [self] request, _ in self.respond(request) }
        var logger = Logger(label: "worldpop-standin")
        logger.logLevel = .critical
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                              onServerRunning: { channel in
                                  continuation.yield(channel.localAddress?.port ?? 0)
                                  continuation.finish()
                              }, logger: logger)
        let task = Task { try await app.run() }
        var port = 0
        for await p in stream { port = p }
        server.withLock { $0 = task }
        return URL(string: "http://127.0.0.1:\(port)/")!
    }

    public func stop() async {
        let task = server.withLock { t -> Task<Void, Error>? in defer { t = nil }; return t }
        task?.cancel()
        _ = try? await task?.value
    }

    private struct Dropped: Error {}

    private func respond(_ request: Request) -> Response {
        let path = String(request.uri.path.drop(while: { $0 == "/" }))
        let rangeHeader = request.headers[.range]
        let file = root.appendingPathComponent(path)
        let (faults, count) = state.withLock { s -> (Faults, Int) in
            s.served[path, default: 0] += 1
            return (s.faults, s.served[path]!)
        }
        func reply(_ status: HTTPResponse.Status, _ headers: HTTPFields = [:], body: ResponseBody = ResponseBody()) -> Response {
            state.withLock { $0.log.append(LoggedRequest(path: path, range: rangeHeader, status: Int(status.code))) }
            return Response(status: status, headers: headers, body: body)
        }
        guard !path.contains(".."), var data = FileManager.default.contents(atPath: file.path) else {
            return reply(.notFound)
        }
        if count <= faults.unavailableCount { return reply(.serviceUnavailable) }
        if faults.corrupt { data = Data(data.map { ~$0 }) }
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
        return reply(status, headers, body: ResponseBody { writer in
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
