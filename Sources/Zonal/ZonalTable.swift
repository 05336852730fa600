import Foundation
import Raster

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

    /// Computes every zone's coverage once, then sums every band of every raster with it.
    ///
    /// - Parameter progress: receives a line of text for each band and a fraction done.
    public static func compute(
        zones: [Zone], rasterPaths: [String],
        progress: (@Sendable (String, Double) -> Void)? = nil
    ) throws -> ZonalTable {
        precondition(!rasterPaths.isEmpty, "at least one raster")
        let rasters = try rasterPaths.map { try GeoTIFF(path: $0) }
        let grid = rasters[0].grid
        for r in rasters.dropFirst() where !r.grid.isAligned(with: grid) {
            throw RasterError.gridMismatch(path: r.path, expected: grid, found: r.grid)
        }
        for zone in zones { try zone.validate() }
        var warnings: [String] = []
        progress?("coverage of \(zones.count) zones", 0)
        let coverages = zones.map { CoverageBuilder.coverage(of: $0.geometry, on: grid) }
        for (zone, map) in zip(zones, coverages) where map.isEmpty {
            warnings.append("zone '\(zone.id)' does not overlap the raster (\(grid)); its sums are 0")
        }

        var columns: [String] = []
        var byColumn: [[ZoneStatistics]] = []
        let totalBands = rasters.reduce(0) { $0 + $1.bandCount }
        for raster in rasters {
            let stem = URL(fileURLWithPath: raster.path).deletingPathExtension().lastPathComponent
            for band in 1...raster.bandCount {
                let name = raster.bandCount == 1 ? stem : "\(stem)_b\(band)"
                let done = Double(byColumn.count)
                byColumn.append(try ZonalSum.statistics(of: coverages, in: raster, band: band) { rows, total in
                    progress?(name, (done + Double(rows) / Double(max(total, 1))) / Double(totalBands))
                })
                columns.append(name)
            }
        }
        let perZone = zones.indices.map { z in byColumn.map { $0[z] } }
        return ZonalTable(columns: columns, zones: zones, statistics: perZone,
                          cellCounts: coverages.map(\.cellCount), warnings: warnings)
    }
}
