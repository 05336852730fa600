import ArgumentParser
import DHIS2
import DHIS2App
import Foundation
import ProgramInfo

/// `worldpop-dhis2 app install|uninstall`: the DHIS2 app "WorldPop population" and the route
/// through which it reaches `serve`.
struct AppCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "app",
        abstract: "Install the DHIS2 app (WorldPop population) and the route that reaches serve, or remove both.",
        subcommands: [AppInstallCommand.self, AppUninstallCommand.self]
    )
}

struct AppInstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install",
        abstract: "Upload the app to DHIS2's App Management and create or update its route to serve (idempotent).",
        discussion: """
            The route (code worldpop-dhis2) calls SERVE_URL/** with serve's access key as an api-headers secret: DHIS2 \
            stores it encrypted and never returns it, so the browser never holds it. Needs M_dhis-web-app-management \
            and F_ROUTE_PUBLIC_ADD (or ALL). DHIS2 2.42+ calls only the servers in route.remote_servers_allowed of dhis.conf.
            """
    )

    @OptionGroup var dhis2: DHIS2Options

    @Option(name: .long, help: ArgumentHelp("The URL at which DHIS2 reaches serve (https in production).", valueName: "url"))
    var serveURL: String

    @Option(name: .long, help: ArgumentHelp("serve's access key (env WORLDPOP_DHIS2_ACCESS_KEY).", valueName: "key"))
    var accessKey: String?

    @Option(
        name: .customLong("authority"),
        help: ArgumentHelp("An authority that may run the route (repeat for more; default F_DATAVALUE_ADD).", valueName: "authority"))
    var authorities: [String] = []

    func run() async throws {
        guard let url = URL(string: serveURL), let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil
        else { throw ValidationError("--serve-url '\(serveURL)' is not an http(s) URL like https://worldpop.example.org") }
        let key = accessKey ?? ProcessInfo.processInfo.environment["WORLDPOP_DHIS2_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        guard let key, key.count >= 16 else {
            throw ValidationError("give serve's access key (--access-key or WORLDPOP_DHIS2_ACCESS_KEY), at least 16 characters")
        }
        let client = try dhis2.client()
        _ = try await client.systemInfo()
        let installer = AppInstaller(client: client, package: try AppPackage.load(version: Program.version))
        let report = try await installer.install(
            serveURL: url, accessKey: key, authorities: authorities.isEmpty ? ["F_DATAVALUE_ADD"] : authorities)
        print(report.done.isEmpty ? "nothing to change: the app and its route are as they should be" : report.done.joined(separator: "\n"))
        for step in report.todo { print("to do: \(step)") }
    }
}

struct AppUninstallCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "uninstall", abstract: "Remove the app and its route from DHIS2.")

    @OptionGroup var dhis2: DHIS2Options

    func run() async throws {
        let client = try dhis2.client()
        _ = try await client.systemInfo()
        let report = try await AppInstaller(client: client, package: try AppPackage.load(version: Program.version)).uninstall()
        print(report.done.isEmpty ? "nothing to remove" : report.done.joined(separator: "\n"))
    }
}
