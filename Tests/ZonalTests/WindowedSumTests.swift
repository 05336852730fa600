import Geometry
import Grid
import Synchronization
import Testing

@testable import Zonal

/// A tiled raster decodes only the tiles some zone reaches, a window of them at a time, and
/// nested zones take their fully covered cells from block sums: the sums must be those of
/// reading every row whole and adding every cell (up to the order of the additions).
@Suite struct WindowedSumTests {
    /// An in-memory raster in tiles of `blockWidth` columns that fills only the columns asked for
    /// and poisons the rest of the buffer (a cell read that was not decoded shows in every sum),
    /// and records every read.
    struct TiledRaster: RasterSource, Sendable {
        var inner: MemoryRaster
        var blockWidth: Int
        let log: Log
        var name: String { inner.name }
        var grid: RasterGrid { inner.grid }
        var bandCount: Int { inner.bandCount }
        var blockHeight: Int { inner.blockHeight }
        func noData(band: Int) -> Double? { inner.noData(band: band) }
        func readRows(band: Int, firstRow: Int, rowCount: Int, into buffer: inout [Float]) throws {
            try inner.readRows(band: band, firstRow: firstRow, rowCount: rowCount, into: &buffer)
        }
        func readRows<Cell: RasterCell>(band: Int, firstRow: Int, rowCount: Int, columns: [Range<Int>], into buffer: inout [Cell])
            throws
        {
            let width = grid.width
            log.reads.withLock { $0 += columns.map { (band, firstRow..<(firstRow + rowCount), $0) } }
            var rows: [Float] = []
            try inner.readRows(band: band, firstRow: firstRow, rowCount: rowCount, into: &rows)
            if buffer.count < rowCount * width { buffer = Array(repeating: Cell(memoryValue: 1e30), count: rowCount * width) }
            for k in buffer.indices { buffer[k] = Cell(memoryValue: 1e30) }
            for range in columns {
                for r in 0..<rowCount {
                    for c in range { buffer[r * width + c] = Cell(memoryValue: rows[r * width + c]) }
                }
            }
        }
    }

    final class Log: Sendable { let reads = Mutex<[(band: Int, rows: Range<Int>, columns: Range<Int>)]>([]) }

    /// A 700 × 300 grid; values with nodata and NaN here and there; a "country" (a star), its
    /// "provinces" (the star cut in four by a cross, each a star-shaped piece of the same ring)
    /// and small "districts", so that the cells are covered three times over and blocks are used.
    static func nested(using rng: inout SeededRandom) -> (grid: RasterGrid, values: [Float], zones: [MultiPolygon]) {
        let grid = RasterGrid(width: 700, height: 300, transform: GeoTransform(originX: 0, originY: 3, pixelWidth: 0.01, pixelHeight: 0.01))
        var values = (0..<(700 * 300)).map { _ in Float.random(in: 0...50, using: &rng) }
        for k in stride(from: 0, to: values.count, by: 97) { values[k] = -99999 }
        for k in stride(from: 13, to: values.count, by: 1_009) { values[k] = .nan }
        let outline = star(3.4, 1.5, 0.9, 1.45, n: 400, using: &rng)
        let n = outline.count - 1
        let centre = Position(3.4, 1.5)
        // Quarters of the same ring around its centre: they tile the country exactly.
        let quarters = (0..<4).map { q in
            MultiPolygon([Polygon(exterior: [centre] + outline[(q * n / 4)...((q + 1) * n / 4)] + [centre])])
        }
        let districts = (0..<30).map { i in
            MultiPolygon([
                Polygon(exterior: star(2.3 + Double(i % 6) * 0.4, 0.8 + Double(i / 6) * 0.35, 0.05, 0.17, n: 30, using: &rng))
            ])
        }
        return (grid, values, [MultiPolygon([Polygon(exterior: outline)])] + quarters + districts)
    }

    @Test(arguments: [16, 64, 100]) func tiledReadsGiveTheSumsOfWholeRows(blockWidth: Int) throws {
        var rng = SeededRandom(state: UInt64(blockWidth))
        let (grid, values, zones) = Self.nested(using: &rng)
        let memory = MemoryRaster(grid: grid, bands: [values, values.map { $0 == -99999 ? $0 : $0 * 2 }], noData: -99999, blockHeight: 32)
        let log = Log()
        var tiled = ZonalEngine(workers: 3) { _ in TiledRaster(inner: memory, blockWidth: blockWidth, log: log) }
        // Windows of about 48 columns of the 64-row strips: several a strip.
        tiled.windowCells = 64 * 48
        let whole = ZonalEngine(workers: 1) { _ in memory }
        let maps = try whole.coverages(of: zones, on: grid)
        let bands = [BandSource(path: "m", band: 1), BandSource(path: "m", band: 2)]
        let a = try tiled.statistics(of: maps, bands: bands)
        let b = try whole.statistics(of: maps, bands: bands)
        for band in 0..<2 {
            for z in zones.indices {
                #expect(abs(a[band][z].sum - b[band][z].sum) <= 1e-12 * b[band][z].sum, "band \(band) zone \(z)")
                // Windows cut rows: the fractions of a row are added in more than one part.
                #expect(abs(a[band][z].coveredCells - b[band][z].coveredCells) <= 1e-12 * b[band][z].coveredCells)
                #expect(abs(a[band][z].noDataCells - b[band][z].noDataCells) <= 1e-12 * b[band][z].noDataCells)
                #expect(b[band][z].sum > 0 && b[band][z].noDataCells > 0)
            }
        }
        let reads = log.reads.withLock { $0 }
        // Whole tiles only (the last one may be cut by the grid's edge), no tile twice for a band,
        // and never one that no zone has a cell in.
        let columns = maps.map(\.columns)
        let west = columns.map(\.lowerBound).min()!
        let east = columns.map(\.upperBound).max()!
        for band in 1...2 {
            var seen = Set<[Int]>()
            for read in reads where read.band == band {
                #expect(read.columns.lowerBound % blockWidth == 0)
                #expect(read.columns.upperBound % blockWidth == 0 || read.columns.upperBound == grid.width)
                for tile in (read.columns.lowerBound / blockWidth)..<((read.columns.upperBound + blockWidth - 1) / blockWidth) {
                    #expect(seen.insert([read.rows.lowerBound, tile]).inserted, "tile \(tile) of rows \(read.rows) twice")
                    #expect((tile + 1) * blockWidth > west && tile * blockWidth < east)
                }
            }
        }
        // One thread gives the very same sums as three.
        var single = ZonalEngine(workers: 1) { _ in TiledRaster(inner: memory, blockWidth: blockWidth, log: Log()) }
        single.windowCells = tiled.windowCells
        let one = try single.statistics(of: maps, bands: bands)
        #expect(one == a)
    }

    /// The block sums against adding every cell, map by map and window by window.
    @Test func blockSumsAgreeWithAddingEveryCell() {
        var rng = SeededRandom(state: 21)
        let (grid, values, zones) = Self.nested(using: &rng)
        let maps = zones.map { CoverageBuilder.coverage(of: $0, on: grid) }
        let nd: Float = -99999
        values.withUnsafeBufferPointer { cells in
            for window in [0..<700, 0..<256, 256..<512, 512..<700, 130..<531] {
                for rows in [0..<300, 40..<72, 250..<251] {
                    var blocks = ZonalSum.BlockSums()
                    blocks.fill(rows: rows, columns: window, values: cells.baseAddress!, valuesFirstRow: 0, width: grid.width, noData: nd)
                    for map in maps {
                        var plain = ZoneStatistics()
                        var fast = ZoneStatistics()
                        ZonalSum.accumulate(
                            map, rows: rows, columns: window, values: cells, valuesFirstRow: 0, width: grid.width,
                            isMissing: { $0 == nd || $0.isNaN },
                            fullSpan: { ZonalSum.fullSpan($0, count: $1, isMissing: { $0 == nd || $0.isNaN }) },
                            into: &plain)
                        ZonalSum.accumulate(
                            map, rows: rows, columns: window, values: cells, valuesFirstRow: 0, width: grid.width, noData: nd,
                            blocks: blocks,
                            into: &fast)
                        #expect(abs(fast.sum - plain.sum) <= 1e-13 * max(1, plain.sum), "\(window) \(rows)")
                        #expect(fast.coveredCells == plain.coveredCells)
                        #expect(fast.noDataCells == plain.noDataCells)
                    }
                }
            }
        }
    }

    /// A window's spans of a row, found by halving, are exactly those that reach into it.
    @Test func theSpansReachingAWindowAreFoundByHalving() {
        var rng = SeededRandom(state: 9)
        for _ in 0..<300 {
            var spans: [CoverageMap.Span] = []
            var column = Int.random(in: 0...5, using: &rng)
            for _ in 0..<Int.random(in: 0...12, using: &rng) {
                let count = Int.random(in: 1...9, using: &rng)
                spans.append(.init(column: Int32(column), count: Int32(count), fractionsStart: -1))
                column += count + Int.random(in: 0...4, using: &rng)
            }
            let lo = Int.random(in: 0...column + 2, using: &rng)
            let window = lo..<(lo + Int.random(in: 0...20, using: &rng))
            let expected = spans.filter { Int($0.column) < window.upperBound && Int($0.column + $0.count) > window.lowerBound }
            #expect(Array(ZonalSum.spans(spans[...], reaching: window)) == expected, "\(spans) \(window)")
        }
    }

    @Test func aStripReadsTheTilesOfItsZonesInWindows() {
        // Two boxes on the unit grid's rows 2–4: columns 1–2 and 6–7; tiles of 2 columns.
        let maps = [
            coverage([Polygon(exterior: box(1, 5, 3, 8))]),
            coverage([Polygon(exterior: box(6.5, 5, 8, 8))]),
            coverage([Polygon(exterior: box(0, 0, 1, 1))]),
        ]
        let strip = StripPlan.Strip(rows: 0..<5, zones: [0, 1])
        let reads = strip.reads(coverages: maps, blockWidth: 2, width: 10)
        #expect(reads.columns == [0..<4, 6..<8])
        #expect(reads.zoneColumns == [1..<3, 6..<8])
        #expect(reads.fullCells == 6 + 3)
        #expect(reads.windows(columns: 2) == [0..<2, 2..<4, 6..<8])
        #expect(reads.windows(columns: 4) == [0..<4, 6..<8])
        // A striped file (one block across) reads whole rows.
        #expect(strip.reads(coverages: maps, blockWidth: 10, width: 10).columns == [0..<10])
        #expect(maps[1].columns == 6..<8)
        #expect(CoverageMap.empty(on: unitGrid).columns.isEmpty)
    }

    @Test func aStripKnowsAboutHowManyCellsItDecodes() throws {
        var rng = SeededRandom(state: 5)
        let (grid, values, zones) = Self.nested(using: &rng)
        let memory = MemoryRaster(grid: grid, bands: [values], noData: -99999, blockHeight: 64)
        let engine = ZonalEngine(workers: 1) { _ in memory }
        let plan = StripPlan(coverages: try engine.coverages(of: zones, on: grid), blockHeight: 64, gridHeight: 300)
        // The star spans rows 5…295 or so: 64-row strips, the middle ones widest.
        #expect(plan.strips.count == 5)
        let widths = plan.strips.map { $0.cells / $0.rows.count }
        #expect(widths[2] >= widths[0] && widths[2] >= widths[4])
        #expect(plan.strips.allSatisfy { $0.cells > 0 })
    }
}
