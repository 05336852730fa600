import Geometry
import Grid
import Testing

@testable import Zonal

@Suite struct ZonalSumTests {
    /// Cell (r, c) of the 10×10 unit grid holds r*10+c; row 0 / column 9 is nodata, one cell NaN.
    static func raster(blockHeight: Int = 1) -> MemoryRaster {
        var values = (0..<100).map { Float($0) }
        for c in 0..<10 { values[c] = -99999 }
        for r in 0..<10 { values[r * 10 + 9] = -99999 }
        values[55] = .nan
        return MemoryRaster(
            grid: unitGrid, bands: [values, values.map { $0 < 0 || $0.isNaN ? $0 : 1 }], noData: -99999, blockHeight: blockHeight)
    }

    @Test(arguments: [1, 3, 10]) func weightedSumsSkipNoDataAndNaN(blockHeight: Int) throws {
        let maps = [
            CoverageBuilder.coverage(of: MultiPolygon([Polygon(exterior: box(1.5, 7.5, 3, 9))]), on: unitGrid),  // rows 1–2, cols 1–2
            // rows 5–6, cols 8–9 (9 nodata)
            CoverageBuilder.coverage(of: MultiPolygon([Polygon(exterior: box(8, 3, 12, 5))]), on: unitGrid),
            CoverageBuilder.coverage(of: MultiPolygon([Polygon(exterior: box(4, 3, 6, 5))]), on: unitGrid),  // rows 5–6, cols 4–5 (55 NaN)
            CoverageBuilder.coverage(of: MultiPolygon([Polygon(exterior: box(20, 20, 21, 21))]), on: unitGrid),  // outside
        ]
        let raster = Self.raster(blockHeight: blockHeight)
        let engine = ZonalEngine(workers: 2) { _ in raster }
        let both = try engine.statistics(of: maps, bands: [BandSource(path: "m", band: 1), BandSource(path: "m", band: 2)])
        let stats = both[0]
        // Zone 0: rows 1 and 2 (y 8…9 only half of row 2? no: y 7.5…9 → row 1 full, row 2 half), cols 1 (half) and 2 (full).
        #expect(stats[0].sum == 0.5 * 11 + 12 + 0.25 * 21 + 0.5 * 22)
        #expect(stats[0].coveredCells == 2.25)
        #expect(stats[0].noDataFraction == 0)
        #expect(stats[1].sum == 58 + 68)
        #expect(stats[1].coveredCells == 4)
        #expect(stats[1].noDataFraction == 0.5)
        #expect(stats[2].sum == 54 + 64 + 65)
        #expect(stats[2].noDataCells == 1)
        #expect(stats[3] == ZoneStatistics())
        #expect(both[1][0].sum == 2.25)
    }

    @Test func siblingSumsEqualTheParentOnRandomData() throws {
        var rng = SeededRandom(state: 42)
        let grid = RasterGrid(
            width: 200, height: 150, transform: GeoTransform(originX: 10, originY: 5, pixelWidth: 0.01, pixelHeight: 0.01))
        let values = (0..<(200 * 150)).map { _ in Float.random(in: 0...100, using: &rng) }
        let raster = MemoryRaster(grid: grid, bands: [values], noData: -99999)
        // Four siblings meeting at a jagged cross inside the parent rectangle.
        let cx = 11.003
        let cy = 4.2471
        let west = Position(10.2, cy)
        let east = Position(11.8, cy)
        let north = Position(cx, 4.9)
        let south = Position(cx, 3.61)
        func jag(_ a: Position, _ b: Position, _ n: Int) -> [Position] {
            (0...n).map { i in
                let t = Double(i) / Double(n)
                let wobble = i == 0 || i == n ? 0 : Double.random(in: -0.02...0.02, using: &rng)
                return Position(a.x + t * (b.x - a.x) + (a.y == b.y ? 0 : wobble), a.y + t * (b.y - a.y) + (a.y == b.y ? wobble : 0))
            }
        }
        let c = Position(cx, cy)
        let toW = jag(c, west, 37)
        let toE = jag(c, east, 41)
        let toN = jag(c, north, 23)
        let toS = jag(c, south, 29)
        let nw = Position(10.2, 4.9)
        let ne = Position(11.8, 4.9)
        let se = Position(11.8, 3.61)
        let sw = Position(10.2, 3.61)
        let quads: [Ring] = [
            toN + [nw] + toW.reversed(),
            toE + [ne] + toN.reversed(),
            toS + [se] + toE.reversed(),
            toW + [sw] + toS.reversed(),
        ]
        let zones = quads.map { MultiPolygon([Polygon(exterior: $0)]) } + [MultiPolygon([Polygon(exterior: [sw, se, ne, nw, sw])])]
        let engine = ZonalEngine(workers: 1) { _ in raster }
        let stats = try engine.statistics(of: engine.coverages(of: zones, on: grid), bands: [BandSource(path: "m")])[0]
        let children = stats[0..<4].reduce(0) { $0 + $1.sum }
        #expect(abs(children - stats[4].sum) <= 1e-9 * stats[4].sum)
        #expect(stats[4].sum > 0)
    }

    @Test func threadCountDoesNotChangeTheResult() throws {
        var rng = SeededRandom(state: 8)
        let grid = RasterGrid(width: 300, height: 700, transform: GeoTransform(originX: 0, originY: 7, pixelWidth: 0.01, pixelHeight: 0.01))
        let bands = (0..<3).map { _ in (0..<(300 * 700)).map { _ in Float.random(in: 0...1000, using: &rng) } }
        let raster = MemoryRaster(grid: grid, bands: bands, noData: -99999, blockHeight: 16)
        let zones = (0..<25).map { i in
            MultiPolygon([Polygon(exterior: star(Double(i % 5) * 0.6 + 0.3, Double(i / 5) * 1.4 + 0.7, 0.05, 0.6, n: 80, using: &rng))])
        }
        let sources = (1...3).map { BandSource(path: "m", band: $0) }
        let one = ZonalEngine(workers: 1) { _ in raster }
        let many = ZonalEngine(workers: 4) { _ in raster }
        let a = try one.statistics(of: one.coverages(of: zones, on: grid), bands: sources)
        let b = try many.statistics(of: many.coverages(of: zones, on: grid), bands: sources)
        #expect(a == b)
        #expect(a[2].allSatisfy { $0.sum > 0 })
    }

    /// A raster without a nodata value (`gdal_translate -a_nodata none`) used to crash the engine
    /// (a nil lookup): every cell counts, even the -99999 that would be nodata elsewhere; NaN is
    /// still no value.
    @Test func aRasterWithoutNoDataSumsEveryCell() throws {
        var values = (0..<100).map { Float($0) }
        values[3] = -99999
        values[55] = .nan
        let raster = MemoryRaster(grid: unitGrid, bands: [values], noData: nil, blockHeight: 3)
        let maps = [
            CoverageBuilder.coverage(of: MultiPolygon([Polygon(exterior: box(0, 0, 10, 10))]), on: unitGrid),  // every cell
            // row 0, cols 2 (half) and 3
            CoverageBuilder.coverage(of: MultiPolygon([Polygon(exterior: box(2.5, 9, 4, 10))]), on: unitGrid),
        ]
        let stats = try ZonalEngine(workers: 2) { _ in raster }.statistics(of: maps, bands: [BandSource(path: "m")])[0]
        #expect(stats[0].sum == 4950 - 55 - 3 - 99999)
        #expect(stats[0].coveredCells == 100)
        #expect(stats[0].noDataCells == 1)
        #expect(stats[1].sum == 0.5 * 2 - 99999)
        #expect(stats[1].noDataCells == 0)
    }

    @Test func aMissingBandIsNamed() {
        let raster = Self.raster()
        let engine = ZonalEngine { _ in raster }
        #expect(throws: RasterError.noSuchBand(path: "m", band: 3, count: 2)) {
            try engine.statistics(of: [], bands: [BandSource(path: "m", band: 3)])
        }
    }
}
