import Crypto
import Foundation

/// Anti-forgery tokens for the page: a random nonce signed with this server's secret. The page
/// gets one with its HTML (and in an HttpOnly cookie) and sends it back in `X-CSRF-Token` on
/// every call that changes something; another site can make the browser send the cookie, but it
/// can neither read the page to learn the token nor set the header.
struct AntiForgeryToken: Sendable {
    static let header = "X-CSRF-Token"
    static let cookieName = "worldpop_dhis2_csrf"

    /// New at every start: tokens of an earlier server process are refused (the page says to
    /// reload). Kept as bytes: `SymmetricKey` is not Sendable.
    private let secret: [UInt8] = SymmetricKey(size: .bits256).withUnsafeBytes { Array($0) }

    /// A new session's token: "nonce.signature", both hex.
    func issue() -> String {
        let nonce = SymmetricKey(size: .bits128).withUnsafeBytes { Self.hex($0) }
        return nonce + "." + signature(of: nonce)
    }

    /// Whether `token` was issued by this server.
    func isValid(_ token: String) -> Bool {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 32 else { return false }
        return constantTimeEqual(String(parts[1]), signature(of: String(parts[0])))
    }

    private func signature(of nonce: String) -> String {
        Self.hex(Array(HMAC<SHA256>.authenticationCode(for: Data(nonce.utf8), using: SymmetricKey(data: secret))))
    }

    private static func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
