import Denominators
import Foundation
import GDALBinding
import Geometry
import Grid
import Zonal

/// The populations of org units for each year, computed with one coverage per unit reused for
/// every band of every year.
public struct PopulationTable: Sendable {
    public var grid: RasterGrid
    /// Unit id → year → estimate.
    public var estimates: [String: [Int: PopulationEstimate]]
    /// Units whose boundary does not overlap the rasters (no values are sent for them).
    public var outsideRaster: [String]
    /// Unit id → share of its covered area with no data in the first raster read.
    public var noDataShare: [String: Double]
    /// Coverage maps by unit id, for hierarchy checks on the same grid.
    public var coverages: [String: CoverageMap]
    /// Boundaries repaired before summing, with their area change.
    public var repaired: [RepairedBoundary] = []

    /// Sums every band of every year over every zone.
    public static func compute(
        zones: [Zone], inputs: [YearInputs], engine: ZonalEngine = .geoTIFF(), strictGeometry: Bool = false,
        progress: (@Sendable (String, Double) -> Void)? = nil
    ) throws -> PopulationTable {
        for y in inputs {
            guard let classes = y.classes else { continue }
            guard let total = y.total else { throw SyncError.noRasters }
            try ClassSums.requireAligned(classes, with: total.path, year: y.year)
        }
        let files = Array(Set(inputs.flatMap(\.files))).sorted()
        guard let first = files.first else { throw SyncError.noRasters }
        let grid = try GeoTIFF(path: first).grid
        for path in files.dropFirst() {
            let other = try GeoTIFF(path: path).grid
            guard other.isAligned(with: grid) else { throw RasterError.gridMismatch(path: path, expected: grid, found: other) }
        }
        let (zones, repaired) = try BoundaryRepair.repair(zones, strict: strictGeometry, workers: engine.workers)
        progress?("coverage of \(zones.count) org units", 0)
        let maps = try engine.coverages(of: zones.map(\.geometry), on: grid)

        // Every distinct band once, whatever years or roles share it.
        var order: [BandFile] = []
        var seen = Set<BandFile>()
        for y in inputs {
            for b in [y.total].compactMap({ $0 })
                + y.bands.values.sorted(by: { $0.path == $1.path ? $0.band < $1.band : $0.path < $1.path }) where seen.insert(b).inserted
            {
                order.append(b)
            }
        }
        let label = "summing \(order.count) band(s) over \(zones.count) org units"
        let stats = try engine.statistics(of: maps, bands: order.map { BandSource(path: $0.path, band: $0.band) }) { progress?(label, $0) }
        let column = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })

        var estimates: [String: [Int: PopulationEstimate]] = [:]
        for (z, zone) in zones.enumerated() where !maps[z].isEmpty {
            for y in inputs {
                var e = PopulationEstimate()
                if let t = y.total { e.total = stats[column[t]!][z].sum }
                for (band, file) in y.bands { e.byBand[band] = stats[column[file]!][z].sum }
                estimates[zone.id, default: [:]][y.year] = e
            }
        }
        for y in inputs {
            guard let classes = y.classes, let total = y.total else { continue }
            progress?("\(y.year): population by \(classes.legend.count) urbanisation classes", 0)
            let sums = try ClassSums.sums(classes: classes, population: total, zoneIDs: zones.map(\.id), maps: maps, engine: engine)
            for (id, byClass) in sums { estimates[id]?[y.year]?.byClass = byClass }
        }
        let outside = zones.indices.filter { maps[$0].isEmpty }.map { zones[$0].id }
        let share = Dictionary(uniqueKeysWithValues: zones.indices.map { (zones[$0].id, stats[0][$0].noDataFraction) })
        var table = PopulationTable(
            grid: grid, estimates: estimates, outsideRaster: outside, noDataShare: share,
            coverages: Dictionary(uniqueKeysWithValues: zip(zones.map(\.id), maps)))
        table.repaired = repaired
        return table
    }
}

extension PopulationTable {
    /// Square degrees of one cell, to give repaired areas in cells.
    public var cellArea: Double { abs(grid.transform.pixelWidth * grid.transform.pixelHeight) }
}
