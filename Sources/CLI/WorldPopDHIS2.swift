import ArgumentParser
import Foundation
import ProgramInfo
import Sync

/// The `worldpop-dhis2` command: WorldPop population denominators for DHIS2.
public struct WorldPopDHIS2: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "worldpop-dhis2",
        abstract: "Exact WorldPop population denominators for DHIS2 organisation units.",
        discussion: "Population data: WorldPop (www.worldpop.org), CC BY 4.0.",
        version: Program.version,
        // The main job first; `--help` lists the groups under their own headings.
        subcommands: [SyncCommand.self, CatchmentsCommand.self, AccessCommand.self, ServeCommand.self],
        groupedSubcommands: [
            CommandGroup(
                name: "Data",
                subcommands: [
                    DatasetsCommand.self, OrgUnitsCommand.self, MetadataCommand.self, BoundariesCommand.self,
                    ZonalCommand.self,
                ]),
            CommandGroup(name: "Audit", subcommands: [HistoryCommand.self, UndoCommand.self]),
            CommandGroup(
                name: "Other",
                subcommands: [
                    AppCommand.self, DoctorCommand.self, DemoCommand.self, FacilitiesBenchCommand.self, GeoJSONBenchCommand.self,
                    DecodeBenchCommand.self,
                    ServeBenchCommand.self,
                ]),
        ]
    )

    public init() {}

    /// Runs the command line. Exit codes: 0 success, 64 usage errors (bad options or values, a
    /// bad config file), 1 runtime failures (files, DHIS2, network, a port in use …).
    public static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as SettingsError {
            // A config file is settings like the flags: its mistakes are usage errors too.
            var err = StandardError()
            print("Error: \(error.description)", to: &err)
            Foundation.exit(exitStatus(for: error).rawValue)
        } catch {
            exit(withError: error)
        }
    }

    /// The exit code `main` ends with for `error`.
    public static func exitStatus(for error: Error) -> ExitCode {
        error is SettingsError ? .validationFailure : exitCode(for: error)
    }
}
