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
        let tasks: [(band: Int, strip: Int)] = bands.indices.flatMap { b in
            plans[bands[b].path]!.strips.indices.map { (b, $0) }
        }
        let total = Double(tasks.count)
        let done = ProgressCounter()
        let frozenPlans = plans
        let frozenReadings = readings
        let open = openRaster
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
                    floats: &worker.floats)
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
    }

    private static func sum(
        strip: StripPlan.Strip, coverages: [CoverageMap], raster: any RasterSource, band: Int, reading: BandReading,
        floats: inout [Float]
    ) throws -> [ZoneStatistics] {
        // One specialised loop per cell type; NaN never equals itself, so "no nodata" costs nothing for floats.
        switch reading {
        case .float32(let noData):
            let nd = noData ?? .nan
            return try sum(
                strip: strip, coverages: coverages, raster: raster, band: band, buffer: &floats,
                isMissing: { $0 == nd || $0.isNaN }, fullSpan: { ZonalSum.fullSpan($0, count: $1, noData: nd) })
        case .float64(let noData):
            let nd = noData ?? .nan
            var buffer: [Double] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, buffer: &buffer) { $0 == nd || $0.isNaN }
        case .int64(let noData?):
            var buffer: [Int64] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, buffer: &buffer) { $0 == noData }
        case .int64(nil):
            var buffer: [Int64] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, buffer: &buffer) { _ in false }
        case .uint64(let noData?):
            var buffer: [UInt64] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, buffer: &buffer) { $0 == noData }
        case .uint64(nil):
            var buffer: [UInt64] = []
            return try sum(strip: strip, coverages: coverages, raster: raster, band: band, buffer: &buffer) { _ in false }
        }
    }

    @inline(__always)
    private static func sum<Cell: RasterCell>(
        strip: StripPlan.Strip, coverages: [CoverageMap], raster: any RasterSource, band: Int, buffer: inout [Cell],
        isMissing: @escaping (Cell) -> Bool
    ) throws -> [ZoneStatistics] {
        try sum(
            strip: strip, coverages: coverages, raster: raster, band: band, buffer: &buffer, isMissing: isMissing,
            fullSpan: { ZonalSum.fullSpan($0, count: $1, isMissing: isMissing) })
    }

    /// Decodes a strip, then sums it for its zones a few rows at a time (`ZonalSum.cacheCells`), so
    /// that the zones nested over the same cells find them in the cache.
    @inline(__always)
    private static func sum<Cell: RasterCell>(
        strip: StripPlan.Strip, coverages: [CoverageMap], raster: any RasterSource, band: Int, buffer: inout [Cell],
        isMissing: (Cell) -> Bool, fullSpan: (UnsafePointer<Cell>, Int) -> (sum: Double, missing: Int)
    ) throws -> [ZoneStatistics] {
        try raster.readRows(band: band, firstRow: strip.rows.lowerBound, rowCount: strip.rows.count, into: &buffer)
        let width = raster.grid.width
        let rowsAtOnce = max(1, ZonalSum.cacheCells / max(1, width))
        var stats = [ZoneStatistics](repeating: ZoneStatistics(), count: strip.zones.count)
        buffer.withUnsafeBufferPointer { values in
            for start in stride(from: strip.rows.lowerBound, to: strip.rows.upperBound, by: rowsAtOnce) {
                let block = start..<min(start + rowsAtOnce, strip.rows.upperBound)
                for (k, zone) in strip.zones.enumerated() {
                    let map = coverages[zone]
                    let first = max(block.lowerBound, map.firstRow)
                    let end = min(block.upperBound, map.rows.upperBound)
                    guard first < end else { continue }
                    ZonalSum.accumulate(
                        map, rows: first..<end, values: values, valuesFirstRow: strip.rows.lowerBound,
                        width: width, isMissing: isMissing, fullSpan: fullSpan, into: &stats[k])
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
        var start = top / block * block
        while start < bottom {
            let rows = start..<min(start + stripRows, bottom, gridHeight)
            let zones = nonEmpty.filter { coverages[$0].rows.overlaps(rows) }
            if !zones.isEmpty { strips.append(Strip(rows: rows, zones: zones)) }
            start = rows.upperBound
        }
    }
}

/// Counts finished tasks across threads for progress reports.
final class ProgressCounter: Sendable {
    private let value = Atomic<Int>(0)
    func increment() -> Int { value.wrappingAdd(1, ordering: .relaxed).newValue }
}
