import Foundation
import HTTPTypes
import Hummingbird
import Synchronization

/// The names this server is reached by, checked against every request's Host header (against DNS
/// rebinding): a page of `evil.example` whose DNS name is switched to 127.0.0.1 after it loaded
/// talks to this server as its own origin — the browser allows it everything, even reading the
/// answers — but its requests still say `Host: evil.example`. So a Host that is not one of ours
/// is refused (421), on every path, before any other check.
///
/// Accepted: the bind address with the listening port; with a loopback bind also `localhost`,
/// `127.0.0.1` and `[::1]`; with a wildcard bind (0.0.0.0, ::) those and any IP address with that port (an
/// IP literal cannot be rebound: the page's origin is then that address itself); the host of
/// `--public-url` with its port (or none); the names of `allowedHosts` with any port.
public final class AllowedHosts: Sendable {
    struct Entry: Sendable, Hashable {
        var name: String
        /// nil: any port.
        var port: Int?
        /// The port a Host header without one means (80, or 443 for an https public URL).
        var defaultPort: Int
    }

    let names: [String]
    let publicURL: URL?
    let bindHost: String
    /// Known once the server listens (port 0 picks one).
    private let port: Mutex<Int?>

    public init(bindHost: String, port: Int, publicURL: URL?, names: [String]) {
        self.bindHost = bindHost.lowercased()
        self.publicURL = publicURL
        self.names = names.map { $0.lowercased() }
        self.port = Mutex(port == 0 ? nil : port)
    }

    func listening(on port: Int) { self.port.withLock { $0 = port } }

    static let loopbackNames = ["127.0.0.1", "localhost", "::1"]
    static let wildcardAddresses = ["0.0.0.0", "::", "*"]

    var entries: [Entry] {
        let port = self.port.withLock { $0 }
        var entries: [Entry] = []
        // A wildcard bind listens on loopback too.
        let local = ServerSettings.isLoopback(bindHost) || Self.wildcardAddresses.contains(bindHost)
        let bound = local ? Self.loopbackNames : [bindHost]
        for name in bound where !Self.wildcardAddresses.contains(name) {
            entries.append(Entry(name: name, port: port, defaultPort: 80))
        }
        if let publicURL, let host = publicURL.host?.lowercased() {
            let defaultPort = publicURL.scheme == "https" ? 443 : 80
            entries.append(Entry(name: host, port: publicURL.port ?? defaultPort, defaultPort: defaultPort))
        }
        entries += names.map { Entry(name: $0, port: nil, defaultPort: 80) }
        return entries
    }

    /// Whether a request with this Host header (`authority`) may be answered.
    func allows(_ authority: String?) -> Bool {
        guard let (name, port) = authority.flatMap(Self.split) else { return false }
        if Self.wildcardAddresses.contains(bindHost), Self.isIPAddress(name) {
            let listening = self.port.withLock { $0 }
            return listening == nil || (port ?? 80) == listening
        }
        return entries.contains { entry in
            entry.name == name && (entry.port == nil || (port ?? entry.defaultPort) == entry.port)
        }
    }

    /// `example.org:8080` → ("example.org", 8080); `[::1]:8080` → ("::1", 8080); nil when malformed.
    static func split(_ authority: String) -> (name: String, port: Int?)? {
        let text = authority.lowercased()
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { return nil }
            let name = String(text[text.index(after: text.startIndex)..<close])
            let rest = text[text.index(after: close)...]
            if rest.isEmpty { return (name, nil) }
            guard rest.hasPrefix(":"), let port = Int(rest.dropFirst()) else { return nil }
            return (name, port)
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        switch parts.count {
        case 1: return parts[0].isEmpty ? nil : (String(parts[0]), nil)
        case 2:
            guard !parts[0].isEmpty, let port = Int(parts[1]) else { return nil }
            return (String(parts[0]), port)
        default: return nil
        }
    }

    static func isIPAddress(_ name: String) -> Bool {
        var v4 = in_addr()
        var v6 = in6_addr()
        return inet_pton(AF_INET, name, &v4) == 1 || inet_pton(AF_INET6, name, &v6) == 1
    }

    /// What the refusal lists as accepted.
    var described: String {
        var list = entries.map { entry -> String in
            let name = entry.name.contains(":") ? "[\(entry.name)]" : entry.name
            return entry.port.map { "\(name):\($0)" } ?? name
        }
        if Self.wildcardAddresses.contains(bindHost) { list.insert("this machine's IP addresses", at: 0) }
        return list.joined(separator: ", ")
    }

    /// `responder` behind the check.
    func wrapping<Responder: HTTPResponder>(_ responder: Responder) -> CallbackResponder<Responder.Context> {
        CallbackResponder { [self] request, context in
            guard allows(request.head.authority) else {
                let given = request.head.authority.map { "'\($0)'" } ?? "no Host header"
                return JSONResponse.error(
                    .misdirectedRequest,
                    "refused: this server is not reached as \(given) (the Host header); it answers to \(described). "
                        + "If people reach it by another name (a DNS name, a reverse proxy), give it with --public-url or "
                        + "--allowed-host (serve.publicURL, serve.allowedHosts in the config)")
            }
            return try await responder.respond(to: request, context: context)
        }
    }
}
