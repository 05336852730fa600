import ArgumentParser
import Catchments
import Foundation
import GDALBinding
import Geometry
import Sync
import Zonal

/// `worldpop-dhis2 bench-facilities`: the catchment and access computations on the benchmark data
/// with random facilities — timings for the README, and the exactness checks alongside.
struct FacilitiesBenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-facilities",
        abstract: "Time Voronoi and radius catchments and access for random facilities (benchmark).",
        discussion:
            "No DHIS2 involved: the geometry and the sums, which is where the time goes. Facilities are placed uniformly at "
            + "random (fixed seed) inside the zones."
    )

    @Option(name: .long, help: ArgumentHelp("Districts (GeoJSON).", valueName: "file"))
    var zones = "bench-data/zones.geojson"

    @Option(name: .long, help: ArgumentHelp("Population raster.", valueName: "file"))
    var raster = "bench-data/pop_tiled_deflate.tif"

    @Option(name: .long, help: ArgumentHelp("Property with the zone ids.", valueName: "name"))
    var idField = "id"

    @Option(name: .long, help: "How many facilities.")
    var facilities = 1_500

    @Option(name: .long, help: ArgumentHelp("Radius and access distance, km.", valueName: "km"))
    var distanceKm = 5.0

    func validate() throws {
        try asUsageError {
            try checkDistance(distanceKm, option: "--distance-km")
        }
        guard facilities >= 1 else { throw ValidationError("--facilities \(facilities) is out of range: give at least 1") }
    }

    func run() throws {
        let districts = try GeoJSONReader.zones(at: zones, idField: idField).zones
        let grid = try GeoTIFF(path: raster).grid
        let engine = ZonalEngine.geoTIFF()
        let band = [BandSource(path: raster, band: 1)]
        var rng = SeededRandom(state: 20_261_125)
        var placed: [Facility] = []
        let boxes = districts.map { $0.geometry.boundingBox! }
        while placed.count < facilities {
            let k = Int.random(in: 0..<districts.count, using: &rng)
            let box = boxes[k]
            let p = Position(Double.random(in: box.minX...box.maxX, using: &rng), Double.random(in: box.minY...box.maxY, using: &rng))
            if contains(districts[k].geometry, p) {
                placed.append(Facility(id: "F\(placed.count)", name: "F\(placed.count)", position: p, parent: districts[k].id))
            }
        }
        let parents = Dictionary(uniqueKeysWithValues: districts.map { ($0.id, $0.geometry) })
        let districtSums = try engine.statistics(of: try engine.coverages(of: districts.map(\.geometry), on: grid), bands: band)[0].map(
            \.sum)
        print(
            "\(facilities) facilities in \(districts.count) districts, \(grid.width)×\(grid.height) cells, \(engine.workers) threads")

        var clock = Date()
        let voronoi = try CatchmentBuilder.build(facilities: placed, parents: parents, method: .voronoi)
        let tGeometry = Date().timeIntervalSince(clock)
        let vSums = try engine.statistics(of: try engine.coverages(of: voronoi.zones.map(\.geometry), on: grid), bands: band)[0].map(\.sum)
        let tVoronoi = Date().timeIntervalSince(clock)
        var worst = 0.0
        let byID = Dictionary(uniqueKeysWithValues: zip(voronoi.zones.map(\.id), vSums))
        for (k, d) in districts.enumerated() {
            let sum = placed.filter { $0.parent == d.id }.reduce(0.0) { $0 + (byID[$1.id] ?? 0) }
            if districtSums[k] > 0 { worst = max(worst, abs(sum / districtSums[k] - 1)) }
        }
        print(
            String(
                format: "voronoi catchments: %.2f s (geometry %.2f s); largest |Σ catchments / district − 1| = %.1e", tVoronoi, tGeometry,
                worst))

        clock = Date()
        let radius = try CatchmentBuilder.build(facilities: placed, parents: parents, method: .radius(distanceKm * 1000))
        let rSums = try engine.statistics(of: try engine.coverages(of: radius.zones.map(\.geometry), on: grid), bands: band)[0].map(\.sum)
        print(
            String(
                format: "%.0f km radius catchments: %.2f s (mean %.0f people)", distanceKm, Date().timeIntervalSince(clock),
                rSums.reduce(0, +) / Double(max(rSums.count, 1))))

        clock = Date()
        let reach = try Reach(centers: placed.map(\.position), radius: distanceKm * 1000)
        let within = districts.map { reach.within($0.geometry) }
        let tReach = Date().timeIntervalSince(clock)
        let wSums = try engine.statistics(of: try engine.coverages(of: within, on: grid), bands: band)[0].map(\.sum)
        let total = districtSums.reduce(0, +)
        let reached = zip(wSums, districtSums).reduce(0.0) { $0 + min($1.0, $1.1) }
        print(
            String(
                format: "access within %.0f km: %.2f s (geometry %.2f s); %.1f %% of %.0f people beyond reach", distanceKm,
                Date().timeIntervalSince(clock),
                tReach, 100 * (total - reached) / total, total))
    }
}
