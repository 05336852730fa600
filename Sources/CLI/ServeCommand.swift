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
        try asUsageError {
            let key = try accessKey(environment: ProcessInfo.processInfo.environment)
            try ServerSettings.checkReach(host: host, accessKey: key, signIn: signIn)
        }
    }

    /// The key from --access-key, else from the environment, checked.
    func accessKey(environment: [String: String]) throws -> String? {
        try ServerSettings.accessKey(flag: accessKey, environment: environment)
    }

    func run() async throws {
        let (server, _) = try WorldPopServer.make(launch())
        try await server.run(grace: .milliseconds(Int(shutdownGrace * 1000)), logger: logging.logger("worldpop-dhis2.serve", quiet: false))
        { url in
            print("worldpop-dhis2 serving on \(url)/ (API: \(url)/openapi.yaml)")
            fflush(nil)  // flush stdout now: a service manager's log would otherwise see it only at exit
        }
        var err = StandardError()
        print("worldpop-dhis2 serve stopped", to: &err)
    }

    /// What the flags say of how the server is started.
    func launch(clock: any ScheduleClock = SystemClock()) throws -> ServeLaunch {
        var launch = ServeLaunch(config: config)
        launch.host = host
        launch.port = port
        launch.accessKey = try accessKey(environment: ProcessInfo.processInfo.environment)
        launch.signInHours = signIn ? sessionHours : nil
        launch.leafletDirectory = leafletDir
        launch.workDirectory = workDir
        launch.audit = audit
        launch.serve.publicURL = publicURL
        launch.serve.allowedHosts = allowedHosts.isEmpty ? nil : allowedHosts
        launch.serve.trustedProxies = trustedProxies.isEmpty ? nil : trustedProxies
        launch.serve.queueLimit = queueLimit
        launch.clock = clock
        return launch
    }
}
