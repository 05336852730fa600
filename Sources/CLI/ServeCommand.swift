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

    @Option(name: .long, help: ArgumentHelp("Access key for every page and API call (env WORLDPOP_DHIS2_ACCESS_KEY).", valueName: "key"))
    var accessKey: String?

    @Option(name: .long, help: ArgumentHelp("Where job results go (default ~/.local/share/worldpop-dhis2/serve).", valueName: "dir"))
    var workDir: String?

    @Option(name: .long, help: ArgumentHelp("Audit log (SQLite) path (env WORLDPOP_DHIS2_AUDIT).", valueName: "file"))
    var audit: String?

    @Option(name: .long, help: ArgumentHelp("Leaflet files (Debian's libjs-leaflet).", valueName: "dir"))
    var leafletDir = "/usr/share/javascript/leaflet"

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let (server, _) = try makeServer()
        let url = try await server.start(logger: logging.logger("worldpop-dhis2.serve", quiet: false))
        print("worldpop-dhis2 serving on \(url)/ (API: \(url)/openapi.yaml)")
        fflush(nil)  // flush stdout now: a service manager's log would otherwise see it only at exit
        try await server.wait()
    }

    /// The server and its queue, built from the config (tests start them on port 0).
    func makeServer() throws -> (WorldPopServer, JobQueue) {
        let config = try SyncConfig.load(self.config)
        let key = accessKey ?? ProcessInfo.processInfo.environment["WORLDPOP_DHIS2_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        let client = try DHIS2Options.parse([]).client(quiet: true, config: config.dhis2)
        let log = try AuditLog(path: audit ?? config.audit ?? AuditLog.defaultPath)
        let work = URL(fileURLWithPath: workDir ?? (NSString(string: "~/.local/share/worldpop-dhis2/serve").expandingTildeInPath))
        let configPath = self.config
        let queue = try JobQueue(audit: log, client: client, workDirectory: work) { request, directory in
            try Self.plan(request, configPath: configPath, config: config, reportDirectory: directory)
        }
        var settings = ServerSettings(defaults: JobRequest(kind: .preview, years: config.years?.text, levels: config.levels?.text, product: config.product ?? "total"),
                                      target: client.connection.baseURL.absoluteString,
                                      productDescription: config.worldpop?.product ?? "WorldPop \(config.product ?? "total")")
        settings.host = host
        settings.port = port
        settings.accessKey = key
        settings.leafletDirectory = leafletDir
        settings.schedule = try config.schedule.map { try CronSchedule($0) }
        return (try WorldPopServer(settings: settings, queue: queue, audit: log), queue)
    }

    /// A job's plan, built exactly as `sync --config FILE` builds it, with the request's overrides.
    static func plan(_ request: JobRequest, configPath: String, config: SyncConfig, reportDirectory: String) throws -> SyncPlan {
        let listPattern = /^[0-9][0-9 ,\-]*$/
        var arguments = ["--config", configPath, "--report", reportDirectory]
        if let years = request.years, !years.isEmpty {
            guard years.wholeMatch(of: listPattern) != nil else { throw JobError.badRequest("years '\(years)' is not like 2020, 2020-2025 or 2020,2022") }
            arguments += ["--years", years]
        }
        if let levels = request.levels, !levels.isEmpty {
            guard levels.wholeMatch(of: listPattern) != nil else { throw JobError.badRequest("levels '\(levels)' is not like 3, 2,3 or 2-4") }
            arguments += ["--level", levels]
        }
        if let product = request.product {
            guard ["total", "agesex"].contains(product) else { throw JobError.badRequest("product '\(product)' is total or agesex") }
            arguments += ["--product", product]
        }
        if request.dryRun == true { arguments.append("--dry-run") }
        do {
            return try SyncCommand.parse(arguments).options.plan(config: config)
        } catch let error as JobError {
            throw error
        } catch {
            throw JobError.badRequest(SyncCommand.message(for: error))
        }
    }
}
