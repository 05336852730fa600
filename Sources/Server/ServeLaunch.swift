import Audit
import Foundation
import Sync

/// How `serve` is started: its settings file, and what its flags say beside it. `serve` on the
/// command line and the tests start the server the same way, through `WorldPopServer.make`.
public struct ServeLaunch: Sendable {
    /// The sync settings (YAML, as for `sync --config`).
    public var config: String
    public var host = "127.0.0.1"
    public var port = 8080
    /// Already checked (`ServerSettings.accessKey(flag:environment:)`).
    public var accessKey: String?
    /// People sign in with their DHIS2 accounts, for sessions of this many hours.
    public var signInHours: Double?
    public var leafletDirectory = "/usr/share/javascript/leaflet"
    /// Where job results go (default ~/.local/share/worldpop-dhis2/serve).
    public var workDirectory: String?
    /// The audit log, over the file's `audit:`.
    public var audit: String?
    /// The flags of the file's `serve:` section, over it.
    public var serve = ServeSettings()
    public var clock: any ScheduleClock = SystemClock()
    /// Where DHIS2's credentials may come from besides the file.
    public var environment = ProcessInfo.processInfo.environment

    public init(config: String) { self.config = config }
}

extension WorldPopServer {
    /// The server and its queue: the settings file under the environment under the flags,
    /// every setting checked before the queue starts (which marks the audit store's unfinished
    /// jobs failed).
    public static func make(_ launch: ServeLaunch) throws -> (server: WorldPopServer, queue: JobQueue) {
        var environment = SyncSettings()
        environment.dhis2 = .environment(launch.environment)
        var flags = SyncSettings()
        flags.serve = launch.serve
        let settings = try SettingsFile.load(launch.config).overriding(environment).overriding(flags)
        let client = try settings.dhis2.client()
        let log = try AuditLog(path: launch.audit ?? settings.audit ?? AuditLog.defaultPath)
        let work = URL(
            fileURLWithPath: launch.workDirectory ?? NSString(string: "~/.local/share/worldpop-dhis2/serve").expandingTildeInPath)
        let product = settings.product ?? .total
        let defaults = JobRequest(
            kind: .preview, years: settings.years.map { listText($0.numbers) }, levels: settings.levels.map { listText($0.numbers) },
            product: product.rawValue)
        var server = ServerSettings(
            defaults: defaults, target: client.connection.baseURL.absoluteString,
            productDescription: settings.worldpop.product ?? "WorldPop \(product.rawValue)")
        server.host = launch.host
        server.port = launch.port
        server.accessKey = launch.accessKey
        if let hours = launch.signInHours { server.signIn = .dhis2(client.connection.baseURL, lifetime: hours * 3600) }
        server.leafletDirectory = launch.leafletDirectory
        server.schedule = try settings.schedule.map { try CronSchedule($0) }
        server.clock = launch.clock
        try server.take(settings.serve)
        // Here as well as in `WorldPopServer.init`: before the queue exists, whose start marks the
        // audit store's unfinished jobs failed — a refused start must leave the store as it was.
        try server.checkAccess()
        let queue = try JobQueue(
            audit: log, client: client, workDirectory: work, limit: try ServerSettings.queueLimit(settings.serve)
        ) { request, directory, command in
            try request.plan(over: settings, reportDirectory: directory, command: command)
        }
        return (try WorldPopServer(settings: server, queue: queue, audit: log), queue)
    }

    /// "2020,2021,2022" for the form's defaults.
    static func listText(_ numbers: [Int]) -> String { numbers.map(String.init).joined(separator: ",") }
}
