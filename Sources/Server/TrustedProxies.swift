import HTTPTypes
import Hummingbird
import NIOCore

/// Reverse proxies whose forwarding headers are believed: the TCP peer's address must be one of
/// `addresses` (exact IP addresses, none by default). Anyone else can write `X-Forwarded-For`
/// and `X-Forwarded-Proto` too, so from them the headers are ignored — a client could otherwise
/// pick the address the sign-in limit counts, or claim https.
public struct TrustedProxies: Sendable {
    public var addresses: Set<String>

    public init(_ addresses: [String] = []) { self.addresses = Set(addresses.map { $0.lowercased() }) }

    static var forwardedFor: HTTPField.Name { HTTPField.Name("X-Forwarded-For")! }
    static var forwardedProto: HTTPField.Name { HTTPField.Name("X-Forwarded-Proto")! }

    /// The TCP peer (`127.0.0.1`, `::1`), or nil for a connection without an IP address.
    static func peer(_ context: some RemoteAddressRequestContext) -> String? {
        context.remoteAddress?.ipAddress.map { $0.lowercased() }
    }

    func isTrusted(_ context: some RemoteAddressRequestContext) -> Bool {
        Self.peer(context).map(addresses.contains) ?? false
    }

    /// Who sent the request: the peer, or behind a trusted proxy the address it says it forwards
    /// for (the last of X-Forwarded-For: the one the proxy itself added).
    func client(_ request: Request, context: some RemoteAddressRequestContext) -> String {
        let peer = Self.peer(context) ?? "unknown"
        guard isTrusted(context), let forwarded = request.headers[values: Self.forwardedFor].last else { return peer }
        let last = forwarded.split(separator: ",").last.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        return last.isEmpty ? peer : last.lowercased()
    }

    /// The browser reached the proxy by https (X-Forwarded-Proto from a trusted proxy).
    func forwardedHTTPS(_ request: Request, context: some RemoteAddressRequestContext) -> Bool {
        guard isTrusted(context), let proto = request.headers[Self.forwardedProto] else { return false }
        return proto.split(separator: ",").first?.trimmingCharacters(in: .whitespaces).lowercased() == "https"
    }
}
