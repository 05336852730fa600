import DHIS2
import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The Route API (`RouteController`, `RouteService`, 2.40+): routes stored with their secrets
/// write-only, and `…/run/**` relayed to the route's URL with DHIS2's filtering.
extension StandInState {
    /// A call DHIS2 will make for a route, decided under the state's lock and sent outside it.
    struct RouteCall: Sendable {
        var url: URL
        var method: String
        var headers: [(String, String)]
        var body: Data
        var timeout: Int
    }

    /// Request headers DHIS2 passes on (`RouteService.ALLOWED_REQUEST_HEADERS`): no cookies,
    /// no Authorization, no X-CSRF-Token, nothing of the browser's own.
    static let forwardedRequestHeaders: Set<String> = [
        "accept", "accept-encoding", "accept-language", "x-requested-with", "user-agent", "cache-control", "content-type",
        "if-match", "if-modified-since", "if-none-match", "if-range", "if-unmodified-since", "x-forwarded-for",
        "x-forwarded-host", "x-forwarded-port", "x-forwarded-proto", "x-forwarded-prefix", "forwarded",
    ]
    /// Response headers DHIS2 passes back (`ALLOWED_RESPONSE_HEADERS`): no Set-Cookie.
    static let returnedResponseHeaders: Set<String> = [
        "content-encoding", "content-language", "content-length", "content-type", "expires", "cache-control", "last-modified", "etag",
    ]

    /// `POST /api/routes` and `PUT /api/routes/{id}` (`preCreateEntity`/`preUpdateEntity` →
    /// `RouteService.validateRoute`): http(s) only, a URL the system allows (2.42+:
    /// `route.remote_servers_allowed`, default `https://*`), a timeout of 1–60 s (default 5);
    /// public access defaults to `rw------` when not given.
    mutating func saveRoute(_ r: StandInRequest, id given: String?) -> StandInReply {
        guard account.has("F_ROUTE_PUBLIC_ADD") else { return Self.forbidden("F_ROUTE_PUBLIC_ADD") }
        guard majorMinor >= (2, 40) else { return .error(404, "Not Found", "No endpoint /api/routes") }
        guard var o = try? JSONSerialization.jsonObject(with: r.body) as? [String: Any], let url = o["url"] as? String,
            let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased()
        else { return .error(409, "Conflict", "Malformed route URL") }
        guard scheme == "http" || scheme == "https" else { return .error(409, "Conflict", "Route URL scheme must be either http or https") }
        guard routeURLAllowed(parsed) else { return .error(409, "Conflict", "Route URL is not permitted") }
        let timeout = (o["responseTimeoutSeconds"] as? NSNumber)?.intValue ?? 5
        guard (1...60).contains(timeout) else {
            return .error(409, "Conflict", "Route response timeout must be greater than 0 seconds and less than or equal to 60 seconds")
        }
        let id = given ?? (o["id"] as? String) ?? randomUID()
        if given == nil, routes[id] != nil { return .error(409, "Conflict", "Route \(id) exists") }
        if given != nil, routes[id] == nil { return .error(404, "Not Found", "Route not found: \(id)") }
        o["id"] = id
        o["responseTimeoutSeconds"] = timeout
        if o["sharing"] == nil { o["sharing"] = ["public": "rw------"] }
        routes[id] = o
        return .json(given == nil ? 201 : 200, ["httpStatus": "OK", "status": "OK", "response": ["uid": id]])
    }

    /// `GET /api/routes`: the auth scheme's type, never its headers (`@JsonProperty WRITE_ONLY`).
    func listRoutes(_ r: StandInRequest) -> StandInReply {
        let items: [[String: Any]] = routes.values.sorted { ($0["id"] as? String ?? "") < ($1["id"] as? String ?? "") }.map { route in
            var o = route
            if let auth = route["auth"] as? [String: Any] { o["auth"] = ["type": auth["type"] ?? "?"] }
            return o
        }
        return paged("routes", items.filter { matches($0, r.all("filter")) }, r, path: "routes")
    }

    mutating func deleteRoute(_ id: String) -> StandInReply {
        guard account.has("F_ROUTE_PUBLIC_ADD") else { return Self.forbidden("F_ROUTE_PUBLIC_ADD") }
        guard routes.removeValue(forKey: id) != nil else { return .error(404, "Not Found", "Route not found: \(id)") }
        return .json(200, ["httpStatus": "OK", "status": "OK"])
    }

    /// 2.42+ checks the URL against `route.remote_servers_allowed` (globs; `RouteService.isRouteUrlAllowed`).
    func routeURLAllowed(_ url: URL) -> Bool {
        guard majorMinor >= (2, 42) else { return true }
        let address = "\(url.scheme ?? "")://\(url.host ?? "")" + (url.port.map { ":\($0)" } ?? "")
        return options.routeRemoteServersAllowed.contains { glob in
            let pattern = "^" + NSRegularExpression.escapedPattern(for: glob).replacingOccurrences(of: "\\*", with: ".*") + "$"
            return address.range(of: pattern, options: .regularExpression) != nil
        }
    }

    /// `RouteController.runWithSubpath` and `RouteService.execute`: the route by id or code (not
    /// disabled), run by whoever may read it or holds one of its authorities; sub-paths only when
    /// its URL ends in `/**`; the allowed request headers, the route's own headers, the user as
    /// `X-Forwarded-User`, then its auth's headers; the query as given. 503 when the URL is no
    /// longer allowed.
    func routeCall(_ r: StandInRequest, headers: [(String, String)]) -> Result<RouteCall, StandInReply> {
        let id = r.path[1]
        guard let route = routes[id] ?? routes.values.first(where: { $0["code"] as? String == id }), (route["disabled"] as? Bool) != true
        else { return .failure(.error(404, "Not Found", "Route not found: '\(id)'")) }
        let authorities = (route["authorities"] as? [String]) ?? []
        let publicRead = ((route["sharing"] as? [String: Any])?["public"] as? String ?? "rw------").hasPrefix("r")
        guard account.isSuperuser || publicRead || authorities.contains(where: account.authorities.contains) else {
            return .failure(.error(403, "Forbidden", "User not authorized to execute route"))
        }
        var url = route["url"] as? String ?? ""
        let subPath = r.path.dropFirst(3).joined(separator: "/")
        if url.hasSuffix("/**") {
            url = String(url.dropLast(3)) + "/" + subPath
        } else if !subPath.isEmpty {
            return .failure(.error(502, "Bad Gateway", "Route '\(id)' does not allow sub-paths"))
        }
        var components = URLComponents(string: url)
        if !r.query.isEmpty { components?.queryItems = r.query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let target = components?.url else { return .failure(.error(502, "Bad Gateway", "An unexpected error occurred")) }
        guard routeURLAllowed(target) else { return .failure(StandInReply(status: 503, body: Data())) }
        var out = headers.filter { Self.forwardedRequestHeaders.contains($0.0.lowercased()) }
        for (name, value) in (route["headers"] as? [String: String]) ?? [:] { out.append((name, value)) }
        out.append(("X-Forwarded-User", account.username))
        if let auth = route["auth"] as? [String: Any], auth["type"] as? String == "api-headers" {
            for (name, value) in (auth["headers"] as? [String: String]) ?? [:] { out.append((name, value)) }
        }
        let timeout = (route["responseTimeoutSeconds"] as? NSNumber)?.intValue ?? 5
        return .success(RouteCall(url: target, method: r.method, headers: out, body: r.body, timeout: timeout))
    }
}

extension StandInState.RouteCall {
    /// Sends the call; a target slower than the route's timeout is 504 (`onErrorReturn` of a
    /// `ReadTimeoutException`), one that cannot be reached 502. Only the allowed response headers
    /// come back.
    func send() async -> (status: Int, headers: [(String, String)], body: Data) {
        var request = URLRequest(url: url, timeoutInterval: TimeInterval(timeout))
        request.httpMethod = method
        for (name, value) in headers { request.addValue(value, forHTTPHeaderField: name) }
        if !body.isEmpty { request.httpBody = body }
        let config = URLSessionConfiguration.ephemeral
        config.httpCookieStorage = nil
        config.timeoutIntervalForRequest = TimeInterval(timeout)
        let session = URLSession(configuration: config)
        defer { session.finishTasksAndInvalidate() }
        do {
            let (data, response) = try await session.data(for: request)
            guard let http = response as? HTTPURLResponse else { return (502, [], Data()) }
            let kept = http.allHeaderFields.compactMap { key, value -> (String, String)? in
                guard let name = key as? String, StandInState.returnedResponseHeaders.contains(name.lowercased()) else { return nil }
                return (name, "\(value)")
            }
            return (http.statusCode, kept, data)
        } catch let error as URLError where error.code == .timedOut {
            return (504, [], Data())
        } catch {
            return (502, [("Content-Type", "application/json")], JSONOutput.data(["httpStatusCode": 502, "message": "Bad Gateway"]))
        }
    }
}
