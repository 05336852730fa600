import ArgumentParser
import Foundation
import GDALBinding
import Geometry
import Parallel
import WorldPop
import Zonal

/// `worldpop-dhis2 zonal`: exact population of every polygon of a boundary file.
struct ZonalCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zonal",
        abstract: "Sum rasters over polygons with exact cell coverage fractions (as exactextract does).",
        discussion: """
            Every band of every raster becomes a column, named after the file (stem_bN for multi-band \
            files). All rasters must share one grid; polygon coverage is computed once and reused.
            """
    )

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A GeoTIFF (or any raster GDAL opens) in EPSG:4326; repeat for more.", valueName: "file"))
    var raster: [String] = []

    @Option(name: .long, help: ArgumentHelp("GeoJSON with Polygon/MultiPolygon features.", valueName: "file"))
    var zones: String

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Property to use as the id (default: the feature id, else its position).", valueName: "name"))
    var idField: String?

    @Option(name: .long, help: "Output format: csv or json.")
    var format: OutputFormat = .csv

    @Option(name: .shortAndLong, help: ArgumentHelp("Write here instead of stdout.", valueName: "file"))
    var output: String?

    @Option(name: .long, help: ArgumentHelp("Worker threads (default: one per core). Results do not depend on it.", valueName: "n"))
    var threads: Int?

    @Flag(name: .long, help: "Write every digit of the sums (the shortest text that reads back as the same Double), not six decimals.")
    var fullPrecision = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            "A class grid on the rasters' grid (WorldPop's degree of urbanisation): adds each band summed over each "
                + "zone's cells of each class, as columns stem_classV.", valueName: "file"))
    var classes: String?

    @Option(
        name: .long, parsing: .upToNextOption,
        help: ArgumentHelp("The classes to split by (default with --classes: 3 2 1, DUG level 1).", valueName: "values"))
    var classValues: [Int] = []

    @Option(
        name: .long,
        help: ArgumentHelp(
            "For a --raster that is a WorldPop pack (.zip, .7z): the end of the name of the GeoTIFF to read from it, e.g. "
                + "_births_pp_v2_2015.tif; it is unpacked safely into the cache.", valueName: "suffix"))
    var member: String?

    @Option(name: .long, help: ArgumentHelp("Where packs are unpacked (default ~/.cache/worldpop-dhis2).", valueName: "dir"))
    var cacheDir: String?

    @Flag(name: .long, help: "Add each zone's covered cells and no-data share to the output.")
    var details = false

    @Flag(name: .long, help: "Refuse invalid polygons instead of repairing them (GEOS MakeValid) with a warning.")
    var strictGeometry = false

    @Flag(name: .shortAndLong, help: "No progress or warnings on stderr.")
    var quiet = false

    func validate() throws {
        guard !raster.isEmpty else { throw ValidationError("give at least one --raster") }
        if let threads, threads < 1 { throw ValidationError("--threads must be at least 1") }
        if classes == nil, !classValues.isEmpty { throw ValidationError("--class-values needs --classes FILE") }
        if member == nil, let pack = raster.first(where: PackedFile.isArchive) {
            throw ValidationError(
                "'\(pack)' is a pack: give --member with the end of the GeoTIFF's name, e.g. --member _births_pp_v2_2015.tif")
        }
    }

    func run() async throws {
        let collection = try GeoJSONReader.zones(at: zones, idField: idField)
        guard !collection.zones.isEmpty else { throw ZonalError.noZones(source: zones) }
        if !quiet {
            for s in collection.skipped { warn("feature '\(s.id)' in \(zones) skipped: \(s.reason)") }
        }
        let cache = DownloadCache.directory(cacheDir)
        let rasters = try raster.map { path in
            guard let member, PackedFile.isArchive(path) else { return path }
            return try PackedFile.member(member, of: URL(fileURLWithPath: path), cache: cache).path
        }
        let progress = ProgressLine(enabled: !quiet)
        let engine = ZonalEngine.geoTIFF(workers: threads ?? defaultWorkerCount)
        let (checked, repaired, setAside) = try BoundaryRepair.repairSettingAside(
            collection.zones, strict: strictGeometry, workers: engine.workers)
        let split = classes.map { ZonalTable.Classes(path: $0, values: classValues.isEmpty ? [3, 2, 1] : classValues) }
        var table = try ZonalTable.compute(zones: checked, rasterPaths: rasters, classes: split, engine: engine) { label, f in
            progress.update(label, f)
        }
        progress.finish()
        if !quiet {
            for s in setAside { warn("zone '\(s.id)' in \(zones) has no value: \(s.reason)") }
        }
        // Every feature of the file is a row: those without an area too, with no value (not 0, which
        // would claim nobody lives there), as sync lists a unit it cannot sum.
        table.unsummed = collection.skipped + setAside
        if !quiet {
            table.warnings.forEach(warn)
            for r in repaired {
                warn(
                    String(
                        format: "repaired %@: %@ (area %+.2f%%)", r.label,
                        r.problems.joined(
                            separator: "; "), r.relativeChange * 100))
            }
        }
        let writer = ZonalTableWriter(fullPrecision: fullPrecision)
        let text = format == .csv ? writer.csv(table, details: details) : try writer.json(table, details: details)
        if let output {
            do {
                try text.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                throw ValidationError("cannot write '\(output)': \(error.localizedDescription)")
            }
        } else {
            print(text, terminator: "")
        }
    }
}

enum OutputFormat: String, ExpressibleByArgument, CaseIterable, Sendable {
    case csv, json
}
