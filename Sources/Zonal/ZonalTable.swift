import Foundation
import Geometry
import Grid

/// The zonal sums of many zones over many rasters on one grid: the `zonal` command's result.
public struct ZonalTable: Sendable {
    /// One column per raster band, named after the file (and band, for multi-band files).
    public var columns: [String]
    public var zones: [Zone]
    /// `statistics[zone][column]`.
    public var statistics: [[ZoneStatistics]]
    /// Cells with any coverage, per zone (from the coverage map, the same for every column).
    public var cellCounts: [Int]
    public var warnings: [String]
    /// Zones without a sum and why (no area, even repaired): listed after the others, no value.
    public var unsummed: [SkippedFeature] = []

    /// A class grid (degree of urbanisation) on the rasters' grid, and the classes to split by.
    public struct Classes: Sendable {
        public var path: String
        public var values: [Int]
        public init(path: String, values: [Int]) {
            self.path = path
            self.values = values
        }
    }

    /// Computes every zone's coverage once, then sums every band of every raster with it; with
    /// `classes`, also each band over each zone's cells of each class (`stem_classV` columns).
    /// Zones come checked (and repaired) already: see `BoundaryRepair`.
    ///
    /// - Parameter progress: receives a line of text for each band and a fraction done.
    public static func compute(
        zones: [Zone], rasterPaths: [String], classes: Classes? = nil, engine: ZonalEngine,
        progress: (@Sendable (String, Double) -> Void)? = nil
    ) throws -> ZonalTable {
        precondition(!rasterPaths.isEmpty, "at least one raster")
        let rasters = try rasterPaths.map { (path: $0, raster: try engine.openRaster($0)) }
        let grid = rasters[0].raster.grid
        for r in rasters.dropFirst() where !r.raster.grid.isAligned(with: grid) {
            throw RasterError.gridMismatch(path: r.path, expected: grid, found: r.raster.grid)
        }
        let classRaster = try classes.map { (path: $0.path, raster: try engine.openRaster($0.path)) }
        if let classRaster, !classRaster.raster.grid.isAligned(with: grid) {
            throw RasterError.gridMismatch(path: classRaster.path, expected: grid, found: classRaster.raster.grid)
        }
        var warnings: [String] = []
        progress?("coverage of \(zones.count) zones", 0)
        let coverages = try engine.coverages(of: zones.map(\.geometry), on: grid)
        for (zone, map) in zip(zones, coverages) where map.isEmpty {
            warnings.append("zone '\(zone.id)' does not overlap the raster (\(grid)); its sums are 0")
        }

        var columns: [String] = []
        var bands: [BandSource] = []
        for (path, raster) in rasters {
            let stem = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
            for band in 1...raster.bandCount {
                columns.append(raster.bandCount == 1 ? stem : "\(stem)_b\(band)")
                bands.append(BandSource(path: path, band: band))
            }
        }
        let label = "summing \(bands.count) band(s) over \(zones.count) zones"
        var byBand = try engine.statistics(of: coverages, bands: bands) { progress?(label, $0) }
        if let classes, let classRaster {
            let split = try ClassCoverage.split(coverages, by: classes.values, in: classRaster.raster)
            for (k, value) in classes.values.enumerated() {
                progress?("summing \(bands.count) band(s) over the cells of class \(value)", 0)
                byBand += try engine.statistics(of: split[k], bands: bands)
                columns += columns.prefix(bands.count).map { "\($0)_class\(value)" }
            }
        }
        let perZone = zones.indices.map { z in byBand.map { $0[z] } }
        return ZonalTable(
            columns: columns, zones: zones, statistics: perZone,
            cellCounts: coverages.map(\.cellCount), warnings: warnings)
    }
}
