import ArgumentParser
import Catchments
import Sync

/// `worldpop-dhis2 catchments`: populations of health-facility catchments.
struct CatchmentsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catchments",
        abstract: "Compute the population of each facility's catchment and import it at facility level.",
        discussion: """
            Facilities are the Point org units of --level. Voronoi catchments give each facility the part \
            of its parent's boundary nearer to it than to any sibling, so the catchments of a parent sum \
            to the parent's population; --method radius takes everything within --radius-km (geodesic, \
            WGS84). Values go to "Catchment population (WorldPop)" (and, with --product agesex, its \
            age/sex twin). Facilities without coordinates or outside their parent are listed in the \
            report, never used silently. All sync options apply.
            """
    )

    enum Method: String, ExpressibleByArgument, CaseIterable {
        case voronoi, radius
    }

    @Option(name: .long, help: "voronoi (nearest facility within the parent) or radius.")
    var method = Method.voronoi

    @Option(name: .long, help: ArgumentHelp("Radius of --method radius, in km.", valueName: "km"))
    var radiusKm = 5.0

    @OptionGroup var options: SyncOptions

    func validate() throws {
        try asUsageError {
            try checkDistance(radiusKm, option: "--radius-km")
        }
    }

    func run() async throws {
        try await options.execute(zones: .catchments(method == .voronoi ? .voronoi : .radius(radiusKm * 1000)))
    }
}
