import Foundation

/// An app as DHIS2's App Management lists it (`GET /api/apps`, `App`).
public struct InstalledApp: Decodable, Sendable, Equatable {
    public var key: String
    public var name: String
    public var version: String?
    public var launchUrl: String?
}

/// A route (`/api/routes`, `Route`): DHIS2 calls `url` for whoever may run it, adding the
/// headers of its `auth`, which DHIS2 stores encrypted and never returns (`ApiHeadersAuthScheme`:
/// `headers` is write-only).
public struct RouteDefinition: Sendable, Equatable {
    /// The code of the route `app install` creates and the DHIS2 app calls.
    public static let worldPopCode = "worldpop-dhis2"

    public var id: String
    public var code: String
    public var name: String
    /// Ends in `/**` so that sub-paths are allowed (`Route.allowsSubpaths`).
    public var url: String
    /// Headers DHIS2 adds to every call (the access key of `serve`).
    public var authHeaders: [String: String]
    /// Who may run it besides those it is shared with (`RouteController.runWithSubpath`).
    public var authorities: [String]
    /// 1–60 s (`RouteService.validateRoute`; DHIS2's default is 5).
    public var responseTimeoutSeconds: Int
    public var description: String

    public init(
        id: String, code: String, name: String, url: String, authHeaders: [String: String], authorities: [String],
        responseTimeoutSeconds: Int, description: String
    ) {
        self.description = description
        self.id = id
        self.code = code
        self.name = name
        self.url = url
        self.authHeaders = authHeaders
        self.authorities = authorities
        self.responseTimeoutSeconds = responseTimeoutSeconds
    }

    /// The route as `/api/routes` takes it.
    var json: [String: Any] {
        [
            "id": id, "code": code, "name": name, "url": url, "disabled": false, "headers": [String: String](),
            "auth": ["type": "api-headers", "headers": authHeaders], "authorities": authorities,
            "responseTimeoutSeconds": responseTimeoutSeconds, "description": description,
            // No public access: only the authorities may run it (DHIS2 defaults a route to public `rw------`).
            "sharing": ["public": "--------", "external": false, "users": [String: Any](), "userGroups": [String: Any]()],
        ]
    }
}

/// A route as DHIS2 returns it: without its secrets.
public struct StoredRoute: Decodable, Sendable, Equatable {
    public struct Auth: Decodable, Sendable, Equatable { public var type: String? }
    public var id: String
    public var code: String?
    public var name: String?
    public var url: String
    public var disabled: Bool?
    public var auth: Auth?
    public var authorities: [String]?
    public var responseTimeoutSeconds: Int?
    public var description: String?
    public var sharing: RouteSharing?

    public struct RouteSharing: Decodable, Sendable, Equatable { public var `public`: String? }
    public var publicAccess: String? { sharing?.public }
}

extension DHIS2Client {
    /// `GET /api/apps`.
    public func installedApps() async throws -> [InstalledApp] {
        try await get([InstalledApp].self, "apps")
    }

    /// `POST /api/apps` with the zip as the multipart field `file` (`AppController.installApp`,
    /// authority `M_dhis-web-app-management`). An app of the same key is replaced.
    public func installApp(zip: Data, fileName: String) async throws {
        let boundary = "worldpop-dhis2-" + UUID().uuidString
        var body = Data()
        body.append(
            Data(
                ("--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"\(fileName)\"\r\n"
                    + "Content-Type: application/zip\r\n\r\n").utf8))
        body.append(zip)
        body.append(Data("\r\n--\(boundary)--\r\n".utf8))
        do {
            _ = try await send("POST", "apps", body: body, contentType: "multipart/form-data; boundary=\(boundary)")
        } catch DHIS2Error.forbidden(let server, let path, _) {
            throw DHIS2Error.forbidden(
                server: server, path: path, message: "installing an app needs the authority M_dhis-web-app-management (App Management)")
        }
    }

    /// `DELETE /api/apps/{key}`; false when there was none.
    @discardableResult
    public func uninstallApp(key: String) async throws -> Bool {
        do {
            _ = try await send("DELETE", "apps/\(key)")
            return true
        } catch DHIS2Error.notFound { return false }
    }

    /// The route with this code, if any.
    public func route(code: String) async throws -> StoredRoute? {
        struct Routes: Decodable { var routes: [StoredRoute] }
        return try await get(
            Routes.self, "routes",
            query: [
                ("filter", "code:eq:\(code)"),
                ("fields", "id,code,name,url,disabled,auth,authorities,responseTimeoutSeconds,description,sharing"),
                ("paging", "false"),
            ]
        ).routes.first
    }

    /// Creates the route, or replaces it (`PUT`: the key may have changed, and DHIS2 never
    /// returns it, so it is always sent again). DHIS2 refuses a URL outside
    /// `route.remote_servers_allowed` (2.42+) or a timeout outside 1–60 s with 409.
    public func saveRoute(_ route: RouteDefinition, exists: Bool) async throws {
        let body = try JSONSerialization.data(withJSONObject: route.json, options: [.sortedKeys])
        do {
            if exists {
                _ = try await send("PUT", "routes/\(route.id)", body: body)
            } else {
                _ = try await send("POST", "routes", body: body)
            }
        } catch DHIS2Error.httpError(let server, _, 409, let message) {
            throw DHIS2Error.routeRefused(server: server, url: route.url, message: message)
        }
    }

    /// `DELETE /api/routes/{id}`; false when there was none.
    @discardableResult
    public func deleteRoute(id: String) async throws -> Bool {
        do {
            _ = try await send("DELETE", "routes/\(id)")
            return true
        } catch DHIS2Error.notFound { return false }
    }

    /// Calls `serve` through the route (`/api/routes/{code}/run/{subPath}`) and returns the
    /// status and body as DHIS2 relays them.
    public func runRoute(code: String, subPath: String) async throws -> (status: Int, body: Data) {
        let (data, status) = try await send("GET", "routes/\(code)/run/\(subPath)", accept: Set(300..<600))
        return (status, data)
    }
}
