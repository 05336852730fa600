import ArgumentParser
import DHIS2
import Foundation

/// `worldpop-dhis2 metadata`: create or update the population metadata on its own.
struct MetadataCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "metadata",
        abstract: "Create or update the WorldPop data elements, categories, combo and data set in DHIS2 (idempotent).",
        discussion: "UIDs are derived from fixed keys, so re-running updates the same objects and creates nothing new."
    )

    @OptionGroup var dhis2: DHIS2Options

    @Option(name: .long, help: ArgumentHelp("Assign the data set to the org units of these level(s).", valueName: "levels"))
    var level: String?

    @Option(name: .long, help: ArgumentHelp("Assign the data set to these org units (comma-separated UIDs).", valueName: "uids"))
    var orgUnits: String?

    @Flag(name: .long, help: "Validate only: DHIS2 checks the metadata and stores nothing.")
    var dryRun = false

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() async throws {
        let client = try dhis2.client(quiet: quiet)
        _ = try await client.systemInfo()
        var ids = orgUnits.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } } ?? []
        if let level {
            ids += try await client.organisationUnits(OrgUnitSelection(levels: try parseLevels(level))).units.map(\.id)
        }
        let spec = PopulationMetadata(ageGroups: PopulationMetadata.r2025AgeGroups, derivedGroups: StandardGroups.metadata,
                                      orgUnitIDs: ids, credit: "WorldPop (www.worldpop.org), CC BY 4.0")
        let (report, mapped) = try await client.ensureMetadata(spec, dryRun: dryRun)
        guard !quiet else { return }
        print("\(dryRun ? "dry run: " : "")created \(report.created), updated \(report.updated), ignored \(report.ignored) metadata objects")
        if !dryRun { print("category option combos mapped: \(mapped.ageSexCombos.count) age/sex, default \(mapped.defaultCategoryOptionCombo)") }
    }
}
