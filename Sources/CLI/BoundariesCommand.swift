import ArgumentParser
import Audit
import DHIS2
import Foundation
import Sync

/// `worldpop-dhis2 boundaries import FILE --level N`: boundaries from a file into DHIS2.
struct BoundariesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "boundaries",
        abstract: "Write boundaries from a file into DHIS2 (for instances without geometry).",
        subcommands: [BoundariesImportCommand.self]
    )
}

struct BoundariesImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Match a boundary file to the org units of a level and write their geometry into DHIS2.",
        discussion: """
            Any vector format GDAL reads (GeoJSON, GeoPackage, Shapefile, zipped Shapefile), reprojected to \
            WGS 84. Only units without geometry are written unless --replace; invalid boundaries are repaired \
            (GEOS MakeValid) first. Recorded in the audit log: `undo RUN` puts the previous geometries back.
            """
    )

    @Argument(help: ArgumentHelp("The boundary file.", valueName: "file"))
    var file: String

    @OptionGroup var dhis2: DHIS2Options

    @Option(name: .long, help: ArgumentHelp("Org unit level(s) the boundaries belong to.", valueName: "levels"))
    var level: String

    @Option(name: .long, help: ArgumentHelp("Only org units under this one (UID).", valueName: "uid"))
    var within: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Match features to org units by uid, code, name, or a PROPERTY holding the name.", valueName: "key")
    )
    var matchBy = "name"

    @Option(
        name: .long,
        help: ArgumentHelp(
            "The file's property holding the key (default uid/id, code or name).", valueName: "property"))
    var boundaryField: String?

    @Flag(name: .long, help: "Also replace the geometry of units that have one.")
    var replace = false

    @Flag(name: .long, help: "Ask DHIS2 to validate and store nothing.")
    var dryRun = false

    @Option(name: .long, help: ArgumentHelp("Audit log (SQLite) path (env WORLDPOP_DHIS2_AUDIT).", valueName: "file"))
    var audit: String?

    @Flag(name: .shortAndLong, help: "Print nothing but errors.")
    var quiet = false

    func run() async throws {
        let importer = BoundaryImport(client: try dhis2.client(quiet: quiet), audit: try AuditLog(path: audit ?? AuditLog.defaultPath))
        let outcome = try await importer.run(
            .parse(matchBy: matchBy, field: boundaryField, path: file), levels: try parseLevels(level), within: within,
            replace: replace, dryRun: dryRun, command: redactedCommandLine())
        guard !quiet else { return }
        let m = outcome.match
        print(
            "\(dryRun ? "Dry run" : "Boundaries") run \(outcome.runID): \(m.matched.count) matched; \(outcome.written.count) "
                + "\(dryRun ? "would be written" : "written")"
                + (outcome.kept.isEmpty ? "" : ", \(outcome.kept.count) kept (they have a geometry; --replace to overwrite)")
                + (m.reprojectedFrom.map { "; reprojected from \($0)" } ?? ""))
        for r in outcome.repaired { print("  repaired \(r.label): \(r.problems.joined(separator: "; "))") }
        for u in m.unitsWithoutBoundary.prefix(20) { print("  no boundary in the file: \(u.name) (\(u.id))") }
        for b in m.boundariesWithoutUnit.prefix(20) { print("  no org unit for \(b)") }
        for a in m.ambiguous.prefix(20) { print("  ambiguous \(a.feature): \(a.candidates.map(\.name).joined(separator: "; "))") }
        for u in m.unusable.prefix(20) { print("  unusable \(u.feature): \(u.reason)") }
        if !dryRun, !outcome.written.isEmpty { print("Undo with: worldpop-dhis2 undo \(outcome.runID)") }
    }
}
