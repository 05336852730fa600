import Geometry
import Grid
import Synchronization
import Testing

@testable import Zonal

/// The decode floor of the benchmark reads what a zonal run reads: every row of every band once.
@Suite struct DecodeFloorTests {
    /// A memory raster that records every read, shared by the workers' handles.
    struct RecordingRaster: RasterSource, Sendable {
        var inner: MemoryRaster
        let log: Log
        var name: String { inner.name }
        var grid: RasterGrid { inner.grid }
        var bandCount: Int { inner.bandCount }
        var blockHeight: Int { inner.blockHeight }
        func noData(band: Int) -> Double? { inner.noData(band: band) }
        func readRows(band: Int, firstRow: Int, rowCount: Int, into buffer: inout [Float]) throws {
            log.reads.withLock { $0.append((band, firstRow..<(firstRow + rowCount))) }
            try inner.readRows(band: band, firstRow: firstRow, rowCount: rowCount, into: &buffer)
        }
    }

    final class Log: Sendable { let reads = Mutex<[(band: Int, rows: Range<Int>)]>([]) }

    @Test(arguments: [1, 3]) func everyRowOfEveryBandIsDecodedOnceInWholeBlocks(workers: Int) throws {
        let grid = RasterGrid(width: 30, height: 700, transform: GeoTransform(originX: 0, originY: 7, pixelWidth: 0.01, pixelHeight: 0.01))
        let memory = MemoryRaster(grid: grid, bands: (0..<3).map { b in (0..<(30 * 700)).map { Float($0 + b) } }, blockHeight: 48)
        let log = Log()
        let engine = ZonalEngine(workers: workers) { _ in RecordingRaster(inner: memory, log: log) }
        let cells = try engine.decodeOnly(bands: (1...3).map { BandSource(path: "m", band: $0) })
        #expect(cells == 3 * 30 * 700)
        let reads = log.reads.withLock { $0 }
        for band in 1...3 {
            let rows = reads.filter { $0.band == band }.map(\.rows).sorted { $0.lowerBound < $1.lowerBound }
            #expect(rows.first?.lowerBound == 0 && rows.last?.upperBound == 700)
            #expect(zip(rows, rows.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound }, "no row twice, none left out")
            // Whole blocks of 48 rows, at least 64 rows: 96 rows a read (the last one shorter).
            #expect(rows.dropLast().allSatisfy { $0.count == 96 })
        }
    }

    @Test func aBandTheFileDoesNotHaveIsNamed() {
        let memory = MemoryRaster(name: "pop.tif", grid: unitGrid, bands: [Array(repeating: 1, count: 100)])
        let engine = ZonalEngine(workers: 2) { _ in memory }
        #expect(throws: RasterError.noSuchBand(path: "pop.tif", band: 2, count: 1)) {
            try engine.decodeOnly(bands: [BandSource(path: "pop.tif", band: 2)])
        }
    }
}
