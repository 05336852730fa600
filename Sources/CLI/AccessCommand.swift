import ArgumentParser
import Sync

/// `worldpop-dhis2 access`: people beyond a distance from every health facility.
struct AccessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "access",
        abstract: "Count the people beyond a distance from every facility, per org unit, and import it.",
        discussion: """
            Facilities are the Point org units of --facilities-level anywhere under the root (people may \
            use a facility across a boundary). For each org unit of --report-level: its population, the \
            part within --distance-km (geodesic, WGS84) of a facility, and the rest, imported as \
            "Population beyond N km of a health facility (WorldPop)" and its share in percent. The \
            report maps what is out of reach. All sync options apply (--report-level stands for --level).
            """
    )

    @Option(name: .long, help: ArgumentHelp("Level of the facilities (Point org units).", valueName: "level"))
    var facilitiesLevel: Int

    @Option(name: .long, help: ArgumentHelp("Distance to a facility, in km.", valueName: "km"))
    var distanceKm = 5.0

    @Option(name: .long, help: ArgumentHelp("Level(s) to report on, e.g. 2 (same as --level).", valueName: "levels"))
    var reportLevel: String?

    @OptionGroup var options: SyncOptions

    func validate() throws {
        try asUsageError {
            try checkDistance(distanceKm, option: "--distance-km")
        }
        guard facilitiesLevel >= 1 else { throw ValidationError("--facilities-level starts at 1") }
        if reportLevel != nil, options.level != nil { throw ValidationError("give --report-level or --level, not both") }
    }

    func run() async throws {
        var settings = SyncSettings()
        settings.levels = try reportLevel.map { NumberList(try parseLevels($0)) }
        try await options.execute(settings, zones: .access(km: distanceKm, facilitiesLevel: facilitiesLevel))
    }
}
