import DHIS2
import Foundation
import HTTPRetry
import Synchronization

/// People sign in to `serve` with their own DHIS2 username and password instead of one shared
/// key. The password is checked by the configured DHIS2 itself (`GET /api/me` with those
/// credentials) and never kept; the person's DHIS2 authorities decide what they may do, and the
/// audit log records who did it.
public struct SignIn: Sendable {
    /// Checks a username and password against DHIS2 and returns the account.
    public var verify: @Sendable (_ username: String, _ password: String) async throws -> Account
    /// How long a session lasts from sign-in.
    public var lifetime: TimeInterval

    public init(lifetime: TimeInterval = 8 * 3600, verify: @escaping @Sendable (String, String) async throws -> Account) {
        self.verify = verify
        self.lifetime = lifetime
    }

    /// Against the DHIS2 at `baseURL`.
    public static func dhis2(_ baseURL: URL, lifetime: TimeInterval = 8 * 3600) -> SignIn {
        SignIn(lifetime: lifetime) { username, password in
            let client = DHIS2Client(
                connection: DHIS2Connection(baseURL: baseURL, credentials: .basic(username: username, password: password)),
                retry: RetryPolicy(maxAttempts: 2))
            return try await client.me()
        }
    }
}

/// A signed-in person.
struct Session: Sendable {
    var account: Account
    var expires: Date

    /// Previews read and compute only: any DHIS2 user. Imports and undo write metadata and data
    /// values: the authorities an integration account needs (`Authorities`).
    func missingAuthorities(for kind: JobRequest.Kind) -> [Authorities.Need] {
        kind == .preview ? [] : Authorities.missing(for: account, analytics: false)
    }
}

/// Sessions by their cookie value (random, 256 bits), in memory: a restart signs everyone out.
final class Sessions: Sendable {
    static let cookieName = "worldpop_dhis2_session"
    let signIn: SignIn
    private let store = Mutex<[String: Session]>([:])

    init(_ signIn: SignIn) { self.signIn = signIn }

    func signIn(username: String, password: String) async throws -> (token: String, session: Session) {
        let account = try await signIn.verify(username, password)
        var bytes = SystemRandomNumberGenerator()
        let token = (0..<4).map { _ in String(format: "%016llx", bytes.next()) }.joined()
        let session = Session(account: account, expires: Date().addingTimeInterval(signIn.lifetime))
        store.withLock { s in
            s = s.filter { $0.value.expires > Date() }
            s[token] = session
        }
        return (token, session)
    }

    /// The live session a request's cookie names, if any.
    func session(cookieHeader: String?) -> Session? {
        guard let token = cookieHeader.flatMap({ cookieValue($0, name: Self.cookieName) }) else { return nil }
        return store.withLock { s in
            guard let session = s[token] else { return nil }
            guard session.expires > Date() else {
                s[token] = nil
                return nil
            }
            return session
        }
    }

    func signOut(cookieHeader: String?) {
        guard let token = cookieHeader.flatMap({ cookieValue($0, name: Self.cookieName) }) else { return }
        _ = store.withLock { $0.removeValue(forKey: token) }
    }

    /// For tests: ends every session now, as time would.
    func expireAll() { store.withLock { s in for k in s.keys { s[k]?.expires = .distantPast } } }
}

func cookieValue(_ header: String, name: String) -> String? {
    for part in header.split(separator: ";") {
        let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
        if pair.count == 2, pair[0] == name { return String(pair[1]) }
    }
    return nil
}
