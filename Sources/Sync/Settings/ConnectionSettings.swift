import DHIS2
import Foundation

/// How to reach DHIS2 (`dhis2:`). Secrets are best given by the environment (`environment(_:)`),
/// which then keeps them out of files, shell history and process lists.
public struct ConnectionSettings: SettingsSection, Equatable {
    public var url: String?
    public var token: String?
    public var username: String?
    public var password: String?
    /// Seconds to wait for each request.
    public var timeout: Double?

    public init() {}

    public init(url: String? = nil, token: String? = nil, username: String? = nil, password: String? = nil, timeout: Double? = nil) {
        self.url = url
        self.token = token
        self.username = username
        self.password = password
        self.timeout = timeout
    }

    /// `DHIS2_URL`, `DHIS2_TOKEN`, `DHIS2_USERNAME`, `DHIS2_PASSWORD`. An empty variable counts as
    /// unset (as systemd's `Environment=DHIS2_TOKEN=` leaves it).
    public static func environment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> ConnectionSettings {
        func value(_ key: String) -> String? { environment[key].flatMap { $0.isEmpty ? nil : $0 } }
        return ConnectionSettings(
            url: value("DHIS2_URL"), token: value("DHIS2_TOKEN"), username: value("DHIS2_USERNAME"),
            password: value("DHIS2_PASSWORD"))
    }

    public static func checkTimeout(_ seconds: Double) throws {
        // 0 would make every request time out at once (or, for URLSession, never).
        guard seconds > 0, seconds.isFinite else {
            throw SettingsError(
                "--timeout \(seconds) is out of range: give the seconds to wait for each DHIS2 request, more than 0 (default 120)")
        }
    }

    /// The client for these settings; `log` gets the client's notes (retries, redirects).
    public func client(log: (@Sendable (String) -> Void)? = nil) throws -> DHIS2Client {
        let timeout = timeout ?? 120
        try Self.checkTimeout(timeout)
        let connection = try DHIS2Connection.resolve(url: url, token: token, username: username, password: password, environment: [:])
        return DHIS2Client(connection: connection, transport: URLSessionTransport(timeout: timeout), log: log)
    }
}
