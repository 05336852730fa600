import Foundation
import HTTPRetry

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A DHIS2 Web API client for the calls worldpop-dhis2 makes (2.38 to 2.43, and newer with 2.43's rules).
public struct DHIS2Client: Sendable {
    public let connection: DHIS2Connection
    let transport: any HTTPTransport
    public var retry: RetryPolicy
    /// Called with a line for each retried request (never with credentials).
    public var log: (@Sendable (String) -> Void)?

    public init(
        connection: DHIS2Connection, transport: any HTTPTransport = URLSessionTransport(), retry: RetryPolicy = .dhis2,
        log: (@Sendable (String) -> Void)? = nil
    ) {
        self.connection = connection
        self.transport = transport
        self.retry = retry
        self.log = log
    }

    var server: String { connection.baseURL.absoluteString }

    /// The URL of an API path (`"organisationUnits"` → `<base>/api/organisationUnits`).
    func url(_ path: String, _ query: [(String, String)] = []) -> URL {
        var components = URLComponents(url: connection.baseURL, resolvingAgainstBaseURL: false)!
        components.path = connection.baseURL.path + "/api/" + path
        if !query.isEmpty {
            components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
            // '+' is a space to many servers; ':' and ',' are fine in DHIS2 filters.
            components.percentEncodedQuery = components.percentEncodedQuery?.replacingOccurrences(of: "+", with: "%2B")
        }
        return components.url!
    }

    /// Sends a request with retries on transient failures and maps HTTP errors to `DHIS2Error`.
    /// `accept` lists statuses returned to the caller instead of thrown (e.g. 409 import reports).
    func send(
        _ method: String, _ path: String, query: [(String, String)] = [], body: Data? = nil,
        contentType: String = "application/json", accept: Set<Int> = []
    ) async throws -> (Data, Int) {
        var request = URLRequest(url: url(path, query))
        request.httpMethod = method
        request.setValue(connection.authorizationHeader, forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue(contentType, forHTTPHeaderField: "Content-Type")
        }
        var attempt = 1
        while true {
            do {
                let (data, response) = try await transport.send(request)
                let status = response.statusCode
                if (200..<300).contains(status), Self.isSignInPage(response, path: path) {
                    throw DHIS2Error.signInPage(server: server, path: "/api/" + path)
                }
                if (200..<300).contains(status) || accept.contains(status) { return (data, status) }
                if (300..<400).contains(status) {
                    // A redirect the transport refused to follow (https → http).
                    throw DHIS2Error.refusedRedirect(server: server, path: "/api/" + path)
                }
                if retry.retries(status: status), retry.allowsAttempt(after: attempt) {
                    log?(
                        "DHIS2 answered \(status) to \(method) /api/\(path); retrying (attempt \(attempt + 1) of \(retry.maxAttempts))")
                    try await Task.sleep(for: retry.delay(afterAttempt: attempt))
                    attempt += 1
                    continue
                }
                throw httpError(status: status, path: "/api/" + path, data: data)
            } catch let error where RetryPolicy.isTransient(error) {
                guard retry.allowsAttempt(after: attempt) else {
                    if (error as NSError).code == NSURLErrorTimedOut {
                        throw DHIS2Error.timedOut(
                            server: server, request: "\(method) /api/\(path)", seconds: transport.timeout, attempts: attempt)
                    }
                    throw DHIS2Error.unreachable(server: server, reason: (error as NSError).localizedDescription)
                }
                log?("connection problem on \(method) /api/\(path) (\((error as NSError).localizedDescription)); retrying")
                try await Task.sleep(for: retry.delay(afterAttempt: attempt))
                attempt += 1
            } catch let error as DHIS2Error {
                throw error
            } catch is CancellationError {
                throw CancellationError()
            } catch  where Task.isCancelled {
                // URLSession reports a cancelled task as a URL error: it is a cancellation.
                throw CancellationError()
            } catch {
                throw DHIS2Error.unreachable(server: server, reason: (error as NSError).localizedDescription)
            }
        }
    }

    /// An HTML page where the API answers JSON: DHIS2's sign-in page, to which it sends a request
    /// it did not authenticate (a 302 to `/dhis-web-commons/security/login.action`, followed, or
    /// the page itself), or a web server's page at a URL without DHIS2's context path. App files
    /// and routes may answer HTML of their own.
    static func isSignInPage(_ response: HTTPURLResponse, path: String) -> Bool {
        guard !path.hasPrefix("apps/"), !path.hasPrefix("routes/") else { return false }
        let type = (response.value(forHTTPHeaderField: "Content-Type") ?? "").lowercased()
        return type.hasPrefix("text/html") || (response.url?.path.hasSuffix("login.action") ?? false)
    }

    func httpError(status: Int, path: String, data: Data) -> DHIS2Error {
        let message = (try? JSONDecoder().decode(WebMessage.self, from: data))?.message ?? ""
        switch status {
        case 401: return .unauthorized(server: server, message: message)
        case 403: return .forbidden(server: server, path: path, message: message)
        case 404: return .notFound(server: server, path: path)
        default: return .httpError(server: server, path: path, status: status, message: message)
        }
    }

    func decode<T: Decodable>(_ type: T.Type, from data: Data, path: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw DHIS2Error.invalidResponse(path: "/api/" + path, reason: "\(error)".prefix(300).description)
        }
    }

    public func get<T: Decodable>(_ type: T.Type, _ path: String, query: [(String, String)] = []) async throws -> T {
        let (data, _) = try await send("GET", path, query: query)
        return try decode(T.self, from: data, path: path)
    }

    // MARK: System

    /// `GET /api/system/info`: the version decides response shapes, so every session starts here.
    /// Versions older than 2.38 are refused; newer ones than modelled run with the newest rules
    /// (`DHIS2Release.compatibilityNote` says so).
    public func systemInfo() async throws -> SystemInfo {
        let info = try await get(SystemInfo.self, "system/info")
        guard let release = info.release, release.isModelled else { throw DHIS2Error.unsupportedVersion(info.version) }
        return info
    }
}

/// The generic DHIS2 message envelope (errors, and 2.38+ import responses).
struct WebMessage: Decodable {
    var httpStatus: String?
    var httpStatusCode: Int?
    var status: String?
    var message: String?
}

public struct SystemInfo: Decodable, Sendable {
    public var version: String
    public var revision: String?
    public var serverDate: String?
    public var systemName: String?

    /// The server's year (from `serverDate`): DHIS2 decides which periods are open by its own clock.
    public var serverYear: Int? { serverDate.flatMap { Int($0.prefix(4)) } }

    /// The server's year, or this machine's when the server does not say.
    public var currentYear: Int { serverYear ?? Self.localYear }

    public static var localYear: Int { Calendar(identifier: .gregorian).component(.year, from: Date()) }

    /// "2.41.1" → (2, 41); snapshots like "2.42-SNAPSHOT" parse too.
    public var parsedVersion: (major: Int, minor: Int)? { release.map { ($0.major, $0.minor) } }

    public var release: DHIS2Release? { DHIS2Release(version) }

    /// The import behind `/api/dataValueSets` on this server.
    public var importRules: ImportRules { release?.importRules ?? .dataEntry }

    /// Newer than modelled, or no longer supported by DHIS2 (nil otherwise).
    public var compatibilityNote: String? { release?.compatibilityNote(version: version) }
}
