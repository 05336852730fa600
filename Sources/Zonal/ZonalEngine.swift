import Geometry
import Grid
import Parallel
import Synchronization

/// Sums many bands over many coverage maps, in parallel, with bounded memory.
///
/// The work is cut into (band, strip) tasks: a strip is a run of whole raster blocks across the
/// full width, so every block is decoded exactly once. Each worker thread opens its own raster
/// handles; each task yields partial sums for the zones that overlap its strip, and partials are
/// added in strip order, so the result does not depend on the number of threads or their timing.
/// Memory per worker is one strip buffer (block rows × width × 4 bytes; 8 for bands that are not
/// Float32, which are read as Float64 or their own 64-bit integers so that no value changes).
public struct ZonalEngine: Sendable {
    public var workers: Int
    /// Opens a raster for one worker; every worker calls it for every file it reads.
    public var openRaster: @Sendable (String) throws -> any RasterSource
    /// Cells of a strip decoded and summed at once (`ZonalSum.windowCells`; smaller in tests).
    var windowCells = ZonalSum.windowCells

    /// - Parameter openRaster: how a path becomes a raster (GDAL's GeoTIFF, or one in memory): this
    ///   module never reads a file itself.
    public init(workers: Int = defaultWorkerCount, openRaster: @escaping @Sendable (String) throws -> any RasterSource) {
        self.workers = workers
        self.openRaster = openRaster
    }

    /// Coverage maps of many geometries on one grid, computed in parallel.
    public func coverages(of geometries: [MultiPolygon], on grid: RasterGrid) throws -> [CoverageMap] {
        try concurrentMap(
            count: geometries.count, workers: workers, makeState: {},
            body: { _, i in
                CoverageBuilder.coverage(of: geometries[i], on: grid)
            })
    }

    /// `result[band][zone]`: the statistics of every coverage map on every band.
    ///
    /// - Parameter progress: fraction of the (band, strip) tasks done, from any thread.
    public func statistics(
        of coverages: [CoverageMap], bands: [BandSource],
        progress: (@Sendable (Double) -> Void)? = nil
    ) throws -> [[ZoneStatistics]] {
        guard !bands.isEmpty else { return [] }
        // Strip plans depend only on a file's block height; look each file up once.
        var plans: [String: StripPlan] = [:]
        var readings: [BandSource: BandReading] = [:]
        for band in bands {
            let raster = try openRaster(band.path)
            guard band.band >= 1, band.band <= raster.bandCount else {
                throw RasterError.noSuchBand(path: band.path, band: band.band, count: raster.bandCount)
            }
            if plans[band.path] == nil {
                plans[band.path] = StripPlan(coverages: coverages, blockHeight: raster.blockHeight, gridHeight: raster.grid.height)
            }
            readings[band] = BandReading(raster, band: band.band)
        }
        // The costliest strips first (the cells they may decode), so that no long one is left for
        // the end with the other threads idle. The order is the plan's alone, and so is the order
        // in which the partial sums are added.
        let tasks: [(band: Int, strip: Int)] = bands.indices.flatMap { b in
            let strips = plans[bands[b].path]!.strips
            return strips.indices.sorted { (strips[$0].cells, $1) > (strips[$1].cells, $0) }.map { (b, $0) }
        }
        let total = Double(tasks.count)
        let done = ProgressCounter()
        let frozenPlans = plans
        let frozenReadings = readings
        let open = openRaster
        let windowCells = windowCells
        let partials = try concurrentMap(
            count: tasks.count, workers: workers, makeState: { Worker() },
            body: { worker, t in
                let (b, s) = tasks[t]
                let source = bands[b]
                let raster: any RasterSource
                if let h = worker.handles[source.path] {
                    raster = h
                } else {
                    raster = try open(source.path)
                    worker.handles[source.path] = raster
                }
                let strip = frozenPlans[source.path]!.strips[s]
                let sums = try Self.sum(
                    strip: strip, coverages: coverages, raster: raster, band: source.band, reading: frozenReadings[source]!,
                    windowCells: windowCells, worker: &worker)
                if let progress { progress(Double(done.increment()) / total) }
                return sums
            })
        var result = Array(repeating: Array(repeating: ZoneStatistics(), count: coverages.count), count: bands.count)
        for (t, partial) in partials.enumerated() {
            let (b, s) = tasks[t]
            for (k, zone) in frozenPlans[bands[b].path]!.strips[s].zones.enumerated() {
                result[b][zone].add(partial[k])
            }
        }
        return result
    }

    /// A worker thread's own raster handles (GDAL's are not shared between threads) and its strip
    /// buffer for Float32 bands, reused from strip to strip instead of allocated for each.
    struct Worker {
        var handles: [String: any RasterSource] = [:]
        var floats: [Float] = []
        var blocks = ZonalSum.BlockSums()
    }

    private static func sum(
        strip: StripPlan.Strip, coverages: [CoverageMap], raster: any RasterSource, band: Int, reading: BandReading,
        windowCells: Int, worker: inout Worker
    ) throws -> [ZoneStatistics] {
        // One specialised loop per cell type; NaN never equals itself, so "no nodata" costs nothing for floats.
        switch reading {
        case .float32(let noData):
            return try sumFloat32(
                strip: strip, coverages: coverages, raster: raster, band: band, windowCells: windowCells, noData: noData ?? .nan,
                buffer: &worker.floats,
                blocks: &worker.blocks)
        case .float64(let noData):
            let nd = noData ?? .nan
            var buffer: [Double] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, windowCells: windowCells, buffer: &buffer) {
                $0 == nd || $0.isNaN
            }
        case .int64(let noData?):
            var buffer: [Int64] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, windowCells: windowCells, buffer: &buffer) {
                $0 == noData
            }
        case .int64(nil):
            var buffer: [Int64] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, windowCells: windowCells, buffer: &buffer) { _ in
                false
            }
        case .uint64(let noData?):
            var buffer: [UInt64] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, windowCells: windowCells, buffer: &buffer) {
                $0 == noData
            }
        case .uint64(nil):
            var buffer: [UInt64] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, windowCells: windowCells, buffer: &buffer) { _ in
                false
            }
        }
    }

    /// Float32 (WorldPop's bands): full runs sixteen cells at a time, and where the strip's zones
    /// cover its cells more than once over (nested zones), each block of cells summed once for all.
    private static func sumFloat32(
        strip: StripPlan.Strip, coverages: [CoverageMap], raster: any RasterSource, band: Int, windowCells: Int, noData nd: Float,
        buffer: inout [Float], blocks: inout ZonalSum.BlockSums
    ) throws -> [ZoneStatistics] {
        let width = raster.grid.width
        let reads = strip.reads(coverages: coverages, blockWidth: raster.blockWidth, width: width)
        let decoded = strip.rows.count * reads.columns.reduce(0) { $0 + $1.count }
        guard reads.fullCells > decoded + decoded / 4 else {
            return try sum(
                strip: strip, coverages: coverages, raster: raster, band: band, windowCells: windowCells, buffer: &buffer, reads: reads,
                beforeRows: { _, _, _ in },
                accumulate: { map, rows, columns, values, stats in
                    ZonalSum.accumulate(
                        map, rows: rows, columns: columns, values: values, valuesFirstRow: strip.rows.lowerBound, width: width,
                        isMissing: { $0 == nd || $0.isNaN }, fullSpan: { ZonalSum.fullSpan($0, count: $1, noData: nd) },
                        into: &stats)
                })
        }
        // The worker's table, moved out and back (a copy would share its storage and copy it on the first write).
        var table = ZonalSum.BlockSums()
        swap(&table, &blocks)
        defer { swap(&table, &blocks) }
        return try sum(
            strip: strip, coverages: coverages, raster: raster, band: band, windowCells: windowCells, buffer: &buffer, reads: reads,
            beforeRows: { rows, columns, values in
                table.fill(
                    rows: rows, columns: columns, values: values.baseAddress!, valuesFirstRow: strip.rows.lowerBound, width: width,
                    noData: nd)
            },
            accumulate: { map, rows, columns, values, stats in
                ZonalSum.accumulate(
                    map, rows: rows, columns: columns, values: values, valuesFirstRow: strip.rows.lowerBound, width: width, noData: nd,
                    blocks: table, into: &stats)
            })
    }

    @inline(__always)
    private static func sum<Cell: RasterCell>(
        strip: StripPlan.Strip, coverages: [CoverageMap], raster: any RasterSource, band: Int, windowCells: Int, buffer: inout [Cell],
        isMissing: @escaping (Cell) -> Bool
    ) throws -> [ZoneStatistics] {
        let width = raster.grid.width
        return try sum(
            strip: strip, coverages: coverages, raster: raster, band: band, windowCells: windowCells, buffer: &buffer,
            reads: strip.reads(coverages: coverages, blockWidth: raster.blockWidth, width: width),
            beforeRows: { _, _, _ in },
            accumulate: { map, rows, columns, values, stats in
                ZonalSum.accumulate(
                    map, rows: rows, columns: columns, values: values, valuesFirstRow: strip.rows.lowerBound, width: width,
                    isMissing: isMissing, fullSpan: { ZonalSum.fullSpan($0, count: $1, isMissing: isMissing) }, into: &stats)
            })
    }

    /// Decodes the blocks of a strip that its zones need a window of columns at a time
    /// (`ZonalSum.windowCells`), and sums each window for its zones while it is in the cache, a
    /// few rows at a time (`ZonalSum.cacheCells`), so that the zones nested over the same cells
    /// find them there too; `beforeRows` sees each group of rows of a window first.
    @inline(__always)
    private static func sum<Cell: RasterCell>(
        strip: StripPlan.Strip, coverages: [CoverageMap], raster: any RasterSource, band: Int, windowCells: Int, buffer: inout [Cell],
        reads: StripPlan.Reads,
        beforeRows: (Range<Int>, Range<Int>, UnsafeBufferPointer<Cell>) -> Void,
        accumulate: (CoverageMap, Range<Int>, Range<Int>, UnsafeBufferPointer<Cell>, inout ZoneStatistics) -> Void
    ) throws -> [ZoneStatistics] {
        var stats = [ZoneStatistics](repeating: ZoneStatistics(), count: strip.zones.count)
        let block = max(1, raster.blockWidth)
        let windowColumns = max(block, windowCells / max(1, strip.rows.count) / block * block)
        for window in reads.windows(columns: windowColumns) {
            try raster.readRows(band: band, firstRow: strip.rows.lowerBound, rowCount: strip.rows.count, columns: [window], into: &buffer)
            let rowsAtOnce = max(1, ZonalSum.cacheCells / max(1, window.count))
            buffer.withUnsafeBufferPointer { values in
                for start in stride(from: strip.rows.lowerBound, to: strip.rows.upperBound, by: rowsAtOnce) {
                    let block = start..<min(start + rowsAtOnce, strip.rows.upperBound)
                    beforeRows(block, window, values)
                    for (k, zone) in strip.zones.enumerated() where reads.zoneColumns[k].overlaps(window) {
                        let map = coverages[zone]
                        let first = max(block.lowerBound, map.firstRow)
                        let end = min(block.upperBound, map.rows.upperBound)
                        guard first < end else { continue }
                        accumulate(map, first..<end, window, values, &stats[k])
                    }
                }
            }
        }
        return stats
    }
}

/// How a band is read and which of its values is nodata, in the type that holds it exactly.
enum BandReading: Sendable {
    case float32(Float?)
    case float64(Double?)
    case int64(Int64?)
    case uint64(UInt64?)

    init(_ raster: any RasterSource, band: Int) {
        switch raster.bandType(band: band).cellType {
        case .float32: self = .float32(raster.noData(band: band, as: Float.self))
        case .float64: self = .float64(raster.noData(band: band, as: Double.self))
        case .int64: self = .int64(raster.noData(band: band, as: Int64.self))
        case .uint64: self = .uint64(raster.noData(band: band, as: UInt64.self))
        }
    }
}

/// Full-width strips of whole blocks covering the rows the maps need, each with the zones it feeds.
struct StripPlan: Sendable {
    struct Strip: Sendable {
        var rows: Range<Int>
        var zones: [Int]
        /// The strip's rows times the columns from its zones' westernmost cell to their
        /// easternmost: about what it decodes, to start the costliest strips first.
        var cells = 0

        /// The columns of the blocks that hold a cell of one of the strip's zones, as runs of whole
        /// blocks: the only ones decoded. A country's raster is nodata around its outline, and the
        /// tiles no zone reaches (half of them, for a country that is not a rectangle) are skipped.
        /// And how many fully covered cells the zones sum, all together.
        func reads(coverages: [CoverageMap], blockWidth: Int, width: Int) -> Reads {
            let block = min(max(1, blockWidth), width)
            var needed = [Bool](repeating: false, count: (width + block - 1) / block)
            var fullCells = 0
            var zoneColumns: [Range<Int>] = []
            zoneColumns.reserveCapacity(zones.count)
            for zone in zones {
                let map = coverages[zone]
                var lo = width
                var hi = 0
                for row in max(rows.lowerBound, map.firstRow)..<max(rows.lowerBound, min(rows.upperBound, map.rows.upperBound)) {
                    map.withSpans(ofRow: row) { spans in
                        guard let first = spans.first, let last = spans.last else { return }
                        lo = min(lo, Int(first.column))
                        hi = max(hi, Int(last.column) + Int(last.count))
                        for span in spans {
                            let first = Int(span.column) / block
                            let last = (Int(span.column) + Int(span.count) - 1) / block
                            for b in first...last { needed[b] = true }
                            if span.isFull { fullCells += Int(span.count) }
                        }
                    }
                }
                zoneColumns.append(lo < hi ? lo..<hi : 0..<0)
            }
            var runs: [Range<Int>] = []
            var b = 0
            while b < needed.count {
                guard needed[b] else {
                    b += 1
                    continue
                }
                var end = b + 1
                while end < needed.count, needed[end] { end += 1 }
                runs.append((b * block)..<min(end * block, width))
                b = end
            }
            return Reads(columns: runs, fullCells: fullCells, zoneColumns: zoneColumns)
        }
    }

    /// What a strip task reads and sums.
    struct Reads {
        /// Runs of whole blocks, ascending: the only columns decoded.
        var columns: [Range<Int>]
        /// Fully covered cells summed by all the zones of the strip together.
        var fullCells: Int
        /// The columns each zone of the strip has cells in (in the strip's order of zones).
        var zoneColumns: [Range<Int>]

        /// `columns` cut into windows of at most `columns` columns (whole blocks, as they are).
        func windows(columns size: Int) -> [Range<Int>] {
            columns.flatMap { run in
                stride(from: run.lowerBound, to: run.upperBound, by: max(1, size)).map { $0..<min($0 + size, run.upperBound) }
            }
        }
    }

    var strips: [Strip] = []

    /// Strips of whole blocks over all of `rows`, fed to no zone (for decoding alone).
    init(rows: Range<Int>, blockHeight: Int) {
        let stripRows = Self.stripRows(blockHeight: blockHeight)
        var start = rows.lowerBound
        while start < rows.upperBound {
            strips.append(Strip(rows: start..<min(start + stripRows, rows.upperBound), zones: []))
            start += stripRows
        }
    }

    /// Whole blocks, at least `ZonalSum.minimumStripRows` rows.
    static func stripRows(blockHeight: Int) -> Int {
        let block = max(1, blockHeight)
        return max(block, (ZonalSum.minimumStripRows + block - 1) / block * block)
    }

    init(coverages: [CoverageMap], blockHeight: Int, gridHeight: Int) {
        let block = max(1, blockHeight)
        let stripRows = Self.stripRows(blockHeight: block)
        let nonEmpty = coverages.indices.filter { !coverages[$0].isEmpty }
        guard let top = nonEmpty.map({ coverages[$0].firstRow }).min(),
            let bottom = nonEmpty.map({ coverages[$0].rows.upperBound }).max()
        else { return }
        let columns = coverages.map(\.columns)
        var start = top / block * block
        while start < bottom {
            let rows = start..<min(start + stripRows, bottom, gridHeight)
            let zones = nonEmpty.filter { coverages[$0].rows.overlaps(rows) }
            if let west = zones.map({ columns[$0].lowerBound }).min(), let east = zones.map({ columns[$0].upperBound }).max() {
                strips.append(Strip(rows: rows, zones: zones, cells: rows.count * (east - west)))
            }
            start = rows.upperBound
        }
    }
}

/// Counts finished tasks across threads for progress reports.
final class ProgressCounter: Sendable {
    private let value = Atomic<Int>(0)
    func increment() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
}
