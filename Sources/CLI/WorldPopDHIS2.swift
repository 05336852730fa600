import ArgumentParser

/// The `worldpop-dhis2` command: WorldPop population denominators for DHIS2.
public struct WorldPopDHIS2: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "worldpop-dhis2",
        abstract: "Exact WorldPop population denominators for DHIS2 organisation units.",
        discussion: "Population data: WorldPop (www.worldpop.org), CC BY 4.0.",
        version: "0.1.0",
        subcommands: [SyncCommand.self, DoctorCommand.self, CatchmentsCommand.self, AccessCommand.self, ServeCommand.self, DatasetsCommand.self, FacilitiesBenchCommand.self, DemoCommand.self, HistoryCommand.self, UndoCommand.self, ZonalCommand.self, OrgUnitsCommand.self, MetadataCommand.self]
    )

    public init() {}
}
