import Denominators
import GDALBinding
import Zonal

/// The population of every unit split by the classes of a class grid (degree of urbanisation):
/// the population band summed over each unit's coverage cut to the cells of each class.
enum ClassSums {
    /// A class grid must be the population's own grid, cell for cell: a class is a property of a
    /// cell, and resampling would move people between classes. Anything else is refused.
    static func requireAligned(_ classes: ClassGrid, with population: String, year: Int) throws {
        let expected = try GeoTIFF(path: population).grid
        let found = try GeoTIFF(path: classes.path).grid
        guard found.isAligned(with: expected) else {
            throw SyncError.invalidInput(
                "\(year): the urbanisation grid '\(classes.path)' (\(found)) is not on the grid of the population raster "
                    + "'\(population)' (\(expected)): each cell's class must be the class of that same cell, so the classes are "
                    + "not resampled. Use the population product the grid was made on (\(classes.product) goes with g2-total-100m "
                    + "of the same year), or warp the class grid to it with nearest neighbour (gdalwarp -r near -te … -tr …).")
        }
    }

    /// `byClass[unit]` for the year, keyed by class key.
    static func sums(
        classes: ClassGrid, population: BandFile, zoneIDs: [String], maps: [CoverageMap], engine: ZonalEngine
    ) throws -> [String: [String: Double]] {
        let split = try ClassCoverage.split(maps, by: classes.legend.map(\.value), in: try engine.openRaster(classes.path))
        var result: [String: [String: Double]] = [:]
        for (k, cellClass) in classes.legend.enumerated() {
            let stats = try engine.statistics(of: split[k], bands: [BandSource(path: population.path, band: population.band)])[0]
            for (z, id) in zoneIDs.enumerated() where !maps[z].isEmpty {
                result[id, default: [:]][cellClass.key] = stats[z].sum
            }
        }
        return result
    }
}
