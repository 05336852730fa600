import Foundation

/// Where DHIS2 is and how to log in. Credentials never appear in `description`, logs or reports.
public struct DHIS2Connection: Sendable, CustomStringConvertible {
    public enum Credentials: Sendable {
        /// A personal access token (DHIS2 2.37+), sent as `Authorization: ApiToken …`.
        case token(String)
        case basic(username: String, password: String)
    }

    /// The server's base URL including any context path (`https://host/dhis`), without `/api`.
    public var baseURL: URL
    public var credentials: Credentials

    public init(baseURL: URL, credentials: Credentials) {
        self.baseURL = baseURL
        self.credentials = credentials
    }

    /// Builds a connection from flags, falling back to `DHIS2_URL`, `DHIS2_TOKEN`,
    /// `DHIS2_USERNAME` and `DHIS2_PASSWORD`. A token wins over a username and password.
    public static func resolve(
        url: String?, token: String?, username: String?, password: String?,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> DHIS2Connection {
        func pick(_ flag: String?, _ key: String) -> String? {
            let v = flag ?? environment[key]
            return v?.isEmpty == false ? v : nil
        }
        guard let raw = pick(url, "DHIS2_URL") else {
            throw DHIS2Error.missingConnection(
                "no DHIS2 server: give --url or set DHIS2_URL")
        }
        guard var components = URLComponents(string: raw.trimmingCharacters(in: .whitespaces)),
            let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https", components.host != nil
        else {
            throw DHIS2Error.missingConnection(
                "'\(raw)' is not an http(s) URL of a DHIS2 server, e.g. https://dhis2.example.org or https://example.org/dhis")
        }
        guard components.user == nil, components.password == nil else {
            throw DHIS2Error.missingConnection("put credentials in DHIS2_TOKEN or DHIS2_USERNAME/DHIS2_PASSWORD, not in the URL")
        }
        // Accept a pasted ".../api" or trailing slash: the client adds /api itself.
        var path = components.path
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix("/api") { path.removeLast(4) }
        components.path = path
        components.query = nil
        components.fragment = nil
        let base = components.url!
        if let t = pick(token, "DHIS2_TOKEN") { return DHIS2Connection(baseURL: base, credentials: .token(t)) }
        if let u = pick(username, "DHIS2_USERNAME"), let p = pick(password, "DHIS2_PASSWORD") {
            return DHIS2Connection(baseURL: base, credentials: .basic(username: u, password: p))
        }
        throw DHIS2Error.missingConnection(
            "no DHIS2 credentials: set DHIS2_TOKEN (a personal access token, preferred) or DHIS2_USERNAME and DHIS2_PASSWORD")
    }

    var authorizationHeader: String {
        switch credentials {
        case .token(let t): return "ApiToken \(t)"
        case .basic(let u, let p): return "Basic " + Data("\(u):\(p)".utf8).base64EncodedString()
        }
    }

    public var description: String {
        switch credentials {
        case .token: return "\(baseURL.absoluteString) (personal access token)"
        case .basic(let u, _): return "\(baseURL.absoluteString) (user \(u))"
        }
    }
}
