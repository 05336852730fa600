import ArgumentParser
import Audit
import Foundation
import Logging
import Server
import Sync

/// `worldpop-dhis2 serve`: the web page, REST API and scheduled sync.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a web page and REST API to preview, import and undo, and run the scheduled sync.",
        discussion: """
            Everything comes from the --config file (DHIS2 target, WorldPop product, levels, years, \
            groups, `schedule:` as a cron expression in UTC); DHIS2 credentials from the file or the \
            environment, never from the browser. Binds to 127.0.0.1 unless --host says otherwise; beyond \
            loopback an access key is required (--access-key or WORLDPOP_DHIS2_ACCESS_KEY).
            """
    )

    @Option(name: .long, help: ArgumentHelp("The sync settings (YAML, as for `sync --config`).", valueName: "file"))
    var config: String

    @Option(name: .long, help: ArgumentHelp("Address to listen on.", valueName: "host"))
    var host = "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Port (0: any free port).", valueName: "port"))
    var port = 8080

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Access key for every page and API call, at least 16 characters (env WORLDPOP_DHIS2_ACCESS_KEY).", valueName: "key"))
    var accessKey: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "On SIGTERM or SIGINT, seconds the running job gets to finish before it is recorded as interrupted.", valueName: "s"))
    var shutdownGrace: Double = 30

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where job results go (default ~/.local/share/worldpop-dhis2/serve).", valueName: "dir"))
    var workDir: String?

    @Option(name: .long, help: ArgumentHelp("Audit log (SQLite) path (env WORLDPOP_DHIS2_AUDIT).", valueName: "file"))
    var audit: String?

    @Option(name: .long, help: ArgumentHelp("Leaflet files (Debian's libjs-leaflet).", valueName: "dir"))
    var leafletDir = "/usr/share/javascript/leaflet"

    @Flag(
        name: .long,
        help: ArgumentHelp(
            "People sign in with their DHIS2 username and password (checked by DHIS2); their authorities decide what they may do."))
    var signIn = false

    @Option(name: .long, help: ArgumentHelp("With --sign-in, hours a session lasts.", valueName: "h"))
    var sessionHours: Double = 8

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The address people use, e.g. a reverse proxy's (its host is accepted in the Host header; https makes cookies Secure).",
            valueName: "url"))
    var publicURL: String?

    @Option(
        name: .customLong("allowed-host"),
        help: ArgumentHelp("Another name the server is reached by (Host header); repeatable.", valueName: "name"))
    var allowedHosts: [String] = []

    @Option(
        name: .customLong("trusted-proxy"),
        help: ArgumentHelp(
            "IP address of a reverse proxy whose X-Forwarded-For and X-Forwarded-Proto are believed; repeatable.", valueName: "ip"))
    var trustedProxies: [String] = []

    @Option(
        name: .long,
        help: ArgumentHelp("Jobs that may wait in the queue (default 20).", valueName: "n"))
    var queueLimit: Int?

    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard sessionHours > 0, sessionHours <= 24 * 30, sessionHours.isFinite else {
            throw ValidationError("--session-hours \(sessionHours) is out of range: give more than 0 and at most 720")
        }
        guard (0...65_535).contains(port) else {
            throw ValidationError("--port \(port) is out of range: give 1 to 65535, or 0 for any free port")
        }
        guard shutdownGrace >= 0, shutdownGrace.isFinite else {
            throw ValidationError(
                "--shutdown-grace \(shutdownGrace) is out of range: give the seconds a running job gets to finish, 0 or more")
        }
        let key = try accessKey(environment: ProcessInfo.processInfo.environment)
        guard key != nil || signIn || ServerSettings.isLoopback(host) else {
            throw ValidationError(
                "serving on \(host) opens the server to the network: set an access key (--access-key or "
                    + "WORLDPOP_DHIS2_ACCESS_KEY, e.g. $(openssl rand -hex 16)) or --sign-in"
            )
        }
    }

    /// The key from --access-key, else from the environment; an empty variable counts as unset
    /// (as systemd's `Environment=WORLDPOP_DHIS2_ACCESS_KEY=` leaves it), an empty or short key
    /// is refused: an empty key would let an empty header through.
    func accessKey(environment: [String: String]) throws -> String? {
        let given: (key: String, source: String)?
        if let accessKey {
            given = (accessKey, "--access-key")
        } else if let env = environment["WORLDPOP_DHIS2_ACCESS_KEY"], !env.isEmpty {
            given = (env, "WORLDPOP_DHIS2_ACCESS_KEY")
        } else {
            given = nil
        }
        guard let given else { return nil }
        guard given.key.count >= ServerSettings.minimumAccessKeyLength else {
            throw ValidationError(
                "the access key of \(given.source) has \(given.key.count) characters: give at least "
                    + "\(ServerSettings.minimumAccessKeyLength) random ones, e.g. $(openssl rand -hex 16)"
            )
        }
        return given.key
    }

    func run() async throws {
        let (server, _) = try makeServer()
        try await server.run(grace: .milliseconds(Int(shutdownGrace * 1000)), logger: logging.logger("worldpop-dhis2.serve", quiet: false))
        { url in
            print("worldpop-dhis2 serving on \(url)/ (API: \(url)/openapi.yaml)")
            fflush(nil)  // flush stdout now: a service manager's log would otherwise see it only at exit
        }
        var err = StandardError()
        print("worldpop-dhis2 serve stopped", to: &err)
    }

    /// The server and its queue, built from the config (tests start them on port 0, some with a
    /// clock of their own for the schedule).
    func makeServer(clock: any ScheduleClock = SystemClock()) throws -> (WorldPopServer, JobQueue) {
        var environment = SyncSettings()
        environment.dhis2 = .environment()
        var flags = SyncSettings()
        flags.serve.publicURL = publicURL
        flags.serve.allowedHosts = allowedHosts.isEmpty ? nil : allowedHosts
        flags.serve.trustedProxies = trustedProxies.isEmpty ? nil : trustedProxies
        flags.serve.queueLimit = queueLimit
        let settings = try SettingsFile.load(config).overriding(environment).overriding(flags)
        let key = try accessKey(environment: ProcessInfo.processInfo.environment)
        let client = try settings.dhis2.client()
        let log = try AuditLog(path: audit ?? settings.audit ?? AuditLog.defaultPath)
        let work = URL(fileURLWithPath: workDir ?? (NSString(string: "~/.local/share/worldpop-dhis2/serve").expandingTildeInPath))
        let product = settings.product ?? .total
        let defaults = JobRequest(
            kind: .preview, years: settings.years.map { Self.listText($0.numbers) },
            levels: settings.levels.map { Self.listText($0.numbers) },
            product: product.rawValue)
        var server = ServerSettings(
            defaults: defaults, target: client.connection.baseURL.absoluteString,
            productDescription: settings.worldpop.product ?? "WorldPop \(product.rawValue)")
        server.host = host
        server.port = port
        server.accessKey = key
        if signIn { server.signIn = .dhis2(client.connection.baseURL, lifetime: sessionHours * 3600) }
        server.leafletDirectory = leafletDir
        server.schedule = try settings.schedule.map { try CronSchedule($0) }
        server.clock = clock
        try server.take(settings.serve)
        let limit = try ServerSettings.queueLimit(settings.serve)
        // After every check above: the queue's start marks the audit store's unfinished jobs failed.
        let queue = try JobQueue(
            audit: log, client: client, workDirectory: work, limit: limit
        ) { request, directory, command in
            try request.plan(over: settings, reportDirectory: directory, command: command)
        }
        return (try WorldPopServer(settings: server, queue: queue, audit: log), queue)
    }

    /// "2020,2021,2022" for the form's defaults.
    static func listText(_ numbers: [Int]) -> String { numbers.map(String.init).joined(separator: ",") }
}
