import DHIS2
import Foundation

/// `app install` and `app uninstall`: the DHIS2 app in App Management and the route it reaches
/// `serve` through, both idempotent — a second install with the same files, URL and key changes
/// nothing.
public struct AppInstaller: Sendable {
    public static let routeCode = RouteDefinition.worldPopCode
    /// Deterministic, so that every install finds and replaces the same route.
    public static let routeID = UID.deterministic("route/worldpop-dhis2")

    public var client: DHIS2Client
    public var package: AppPackage

    public init(client: DHIS2Client, package: AppPackage) {
        self.client = client
        self.package = package
    }

    public struct Report: Sendable, Equatable {
        /// What was done, one line each ("app WorldPop population 0.2.0+… installed").
        public var done: [String] = []
        /// What an administrator still has to do.
        public var todo: [String] = []
        public var changed: Bool { !done.isEmpty }
    }

    /// The route: `serve`'s URL with `/**` (sub-paths allowed), the key as an `api-headers`
    /// secret, 30 s to answer (serve answers at once and the app polls jobs), and no public
    /// access, so only the authorities given may run it (`RouteController.runWithSubpath`: read
    /// sharing *or* one of the authorities; DHIS2 would otherwise default to public `rw------`).
    public static func route(serveURL: URL, accessKey: String, authorities: [String]) -> RouteDefinition {
        var base = serveURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        return RouteDefinition(
            id: routeID, code: routeCode, name: "worldpop-dhis2 serve",
            url: base + "/**", authHeaders: ["X-Access-Key": accessKey], authorities: authorities, responseTimeoutSeconds: 30,
            description: "worldpop-dhis2 serve for the WorldPop population app (key \(keyFingerprint(accessKey)))")
    }

    /// Eight hex digits that tell two keys apart without showing either (the route's description
    /// carries it, since DHIS2 never returns the key itself).
    static func keyFingerprint(_ key: String) -> String {
        var hash: UInt32 = 0x811c_9dc5
        for byte in Array("worldpop-dhis2 route key:".utf8) + Array(key.utf8) { hash = (hash ^ UInt32(byte)) &* 0x0100_0193 }
        return String(format: "%08x", hash)
    }

    public func install(serveURL: URL, accessKey: String, authorities: [String]) async throws -> Report {
        var report = Report()
        let installed = try await client.installedApps().first { $0.key == package.key }
        if installed?.version != package.manifest.version {
            try await client.installApp(zip: try package.zip(), fileName: "\(package.key).zip")
            report.done.append(
                "app \(package.manifest.name) \(package.manifest.version) "
                    + (installed == nil ? "installed" : "updated from \(installed?.version ?? "?")"))
        }
        let wanted = Self.route(serveURL: serveURL, accessKey: accessKey, authorities: authorities)
        let stored = try await client.route(code: Self.routeCode)
        if stored.map({ !Self.matches($0, wanted) }) ?? true {
            try await client.saveRoute(wanted, exists: stored != nil)
            report.done.append("route \(Self.routeCode) \(stored == nil ? "created" : "updated") → \(wanted.url)")
        }
        let answer = try await client.runRoute(code: Self.routeCode, subPath: "api/status")
        switch answer.status {
        case 200: break
        case 503:
            report.todo.append(
                "DHIS2 refuses to call \(serveURL.absoluteString): add its scheme, host and port to route.remote_servers_allowed "
                    + "in dhis.conf (e.g. route.remote_servers_allowed = \(Self.origin(serveURL))) and restart DHIS2.")
        case 401:
            report.todo.append("serve refused the route's key: give app install the key serve runs with (--access-key).")
        default:
            report.todo.append(
                "the route answered \(answer.status) for serve's /api/status: check that serve runs at \(serveURL.absoluteString) "
                    + "and that DHIS2 can reach it.")
        }
        report.todo.append(
            "Users with \(authorities.joined(separator: " or ")) can run the route, and through it preview, import and undo "
                + "with serve's own DHIS2 account: give those authorities to data managers only. The app appears in the apps "
                + "menu of users whose role lets them see it (Users ▸ User role ▸ Apps ▸ \(package.manifest.name)).")
        return report
    }

    public func uninstall() async throws -> Report {
        var report = Report()
        if try await client.uninstallApp(key: package.key) { report.done.append("app \(package.manifest.name) removed") }
        if let stored = try await client.route(code: Self.routeCode), try await client.deleteRoute(id: stored.id) {
            report.done.append("route \(Self.routeCode) removed")
        }
        return report
    }

    static func matches(_ stored: StoredRoute, _ wanted: RouteDefinition) -> Bool {
        stored.url == wanted.url && stored.description == wanted.description && Set(stored.authorities ?? []) == Set(wanted.authorities)
            && stored.responseTimeoutSeconds == wanted.responseTimeoutSeconds && stored.auth?.type == "api-headers"
            && stored.disabled != true && stored.publicAccess == "--------"
    }

    static func origin(_ url: URL) -> String {
        "\(url.scheme ?? "https")://\(url.host ?? "")" + (url.port.map { ":\($0)" } ?? "")
    }
}
