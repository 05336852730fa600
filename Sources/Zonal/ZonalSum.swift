import Grid
import SumKernels

/// The inner loop: coverage-weighted sums of exactextract's `sum` over rows already in memory.
public enum ZonalSum {
    /// Rows read per request: whole blocks, at least this many rows, so that striped files are not
    /// read one row at a time.
    static let minimumStripRows = 64

    /// Cells of a strip summed for every zone before the next ones: nested zones (a country, its
    /// provinces, their districts) read the same cells, and this many stay in a core's cache.
    static let cacheCells = 65_536

    /// Cells of a strip decoded at once (whole blocks, at least one; a full-width row for a striped
    /// file) and summed for all its zones before the next ones are decoded: a 512² tile of Float32
    /// (1 MB), so that the sums read what GDAL has just written from the cache, not from memory.
    static let windowCells = 1 << 18

    /// Generic over the cell type so that every band is compared and summed in a type that holds
    /// its values exactly; always inlined, so each call site is specialised. `fullSpan` sums a run
    /// of fully covered cells and counts the missing ones (Float32 has a vector version).
    @inline(__always)
    static func accumulate<Cell: RasterCell>(
        _ map: CoverageMap, rows: Range<Int>, columns: Range<Int>, values: UnsafeBufferPointer<Cell>, valuesFirstRow: Int,
        width: Int, isMissing: (Cell) -> Bool, fullSpan: (UnsafePointer<Cell>, Int) -> (sum: Double, missing: Int),
        into stats: inout ZoneStatistics
    ) {
        var sum = 0.0
        var covered = 0.0
        var missing = 0.0
        let base = values.baseAddress!
        map.fractions.withUnsafeBufferPointer { fractions in
            map.withRowSpans { rowSpans in
                for row in map.clip(rows) {
                    let rowStart = (row - valuesFirstRow) * width
                    for span in Self.spans(rowSpans.ofRow(row), reaching: columns) {
                        guard let (c0, n, f0) = clip(span, to: columns) else { continue }
                        if span.isFull {
                            let (s, m) = fullSpan(base + rowStart + c0, n)
                            sum += s
                            covered += Double(n)
                            missing += Double(m)
                        } else {
                            partialSpan(
                                values, from: rowStart + c0, fractions, from: f0, count: n, isMissing: isMissing, sum: &sum,
                                covered: &covered, missing: &missing)
                        }
                    }
                }
            }
        }
        stats.sum += sum
        stats.coveredCells += covered
        stats.noDataCells += missing
    }

    /// The spans of a row (in column order, disjoint) that reach into `columns`: found by halving,
    /// then up to the first one past them, so that a window costs the spans in it, not the row's.
    @inline(__always)
    static func spans<Spans: RandomAccessCollection<CoverageMap.Span>>(_ spans: Spans, reaching columns: Range<Int>) -> Spans.SubSequence
    where Spans.Index == Int {
        var lo = spans.startIndex
        var hi = spans.endIndex
        while lo < hi {
            let mid = (lo + hi) / 2
            if Int(spans[mid].column) + Int(spans[mid].count) <= columns.lowerBound { lo = mid + 1 } else { hi = mid }
        }
        var end = lo
        while end < spans.endIndex, Int(spans[end].column) < columns.upperBound { end += 1 }
        return spans[lo..<end]
    }

    /// The part of a span in `columns`: its first column, its length, and where its fractions
    /// start (for a partial span); nil when none of it is there.
    @inline(__always)
    static func clip(_ span: CoverageMap.Span, to columns: Range<Int>) -> (column: Int, count: Int, fractions: Int)? {
        let start = Int(span.column)
        let lo = max(start, columns.lowerBound)
        let hi = min(start + Int(span.count), columns.upperBound)
        guard lo < hi else { return nil }
        return (lo, hi - lo, Int(span.fractionsStart) + lo - start)
    }

    /// Cells of a block of `BlockSums`: a full run of at least two blocks' length takes the sums of
    /// the blocks inside it, and only its ends are read cell by cell.
    static let blockCells = 64

    /// The sum and the missing cells of every whole block of `blockCells` columns in `columns` of
    /// some rows of a Float32 strip, computed once for all the zones that cover those rows.
    /// Nested zones (a country, its provinces, their districts) would otherwise add up every
    /// cell once for each of them.
    struct BlockSums {
        var sums: [Double] = []
        var missing: [Int32] = []
        var firstRow = 0
        var blocksPerRow = 0

        /// Fills the whole blocks of `rows` × `columns` (grid rows and columns; `values` holds the
        /// strip from `valuesFirstRow`).
        mutating func fill(
            rows: Range<Int>, columns range: Range<Int>, values: UnsafePointer<Float>, valuesFirstRow: Int, width: Int, noData: Float
        ) {
            firstRow = rows.lowerBound
            blocksPerRow = width / blockCells
            let count = rows.count * blocksPerRow
            if sums.count < count {
                sums = Array(repeating: 0, count: count)
                missing = Array(repeating: 0, count: count)
            }
            sums.withUnsafeMutableBufferPointer { sums in
                missing.withUnsafeMutableBufferPointer { missing in
                    let b0 = (range.lowerBound + blockCells - 1) / blockCells
                    let b1 = range.upperBound / blockCells
                    guard b0 < b1 else { return }
                    for row in rows {
                        let cells = values + (row - valuesFirstRow) * width
                        let out = (row - firstRow) * blocksPerRow
                        wp_block_sums_float32(
                            cells + b0 * blockCells, b1 - b0, blockCells, noData, sums.baseAddress! + out + b0,
                            missing.baseAddress! + out + b0)
                    }
                }
            }
        }
    }

    /// `accumulate` of a Float32 strip, taking each full run's whole blocks from `blocks` (filled
    /// for `rows` and the columns of every span). The same cells and the same values as without
    /// blocks; only the order of the additions differs, and it does not depend on the threads.
    @inline(__always)
    static func accumulate(
        _ map: CoverageMap, rows: Range<Int>, columns: Range<Int>, values: UnsafeBufferPointer<Float>, valuesFirstRow: Int,
        width: Int, noData: Float, blocks: BlockSums, into stats: inout ZoneStatistics
    ) {
        var sum = 0.0
        var covered = 0.0
        var missing = 0.0
        let base = values.baseAddress!
        map.fractions.withUnsafeBufferPointer { fractions in
            blocks.sums.withUnsafeBufferPointer { blockSums in
                blocks.missing.withUnsafeBufferPointer { blockMissing in
                    map.withRowSpans { rowSpans in
                        for row in map.clip(rows) {
                            let rowStart = (row - valuesFirstRow) * width
                            let blockRow = (row - blocks.firstRow) * blocks.blocksPerRow
                            for span in Self.spans(rowSpans.ofRow(row), reaching: columns) {
                                guard let (c0, n, f0) = clip(span, to: columns) else { continue }
                                if span.isFull {
                                    covered += Double(n)
                                    let b0 = (c0 + blockCells - 1) / blockCells
                                    let b1 = (c0 + n) / blockCells
                                    if b1 - b0 >= 2 {
                                        let head = fullSpan(base + rowStart + c0, count: b0 * blockCells - c0, noData: noData)
                                        var middle = 0.0
                                        var middleMissing: Int32 = 0
                                        for b in (blockRow + b0)..<(blockRow + b1) {
                                            middle += blockSums[b]
                                            middleMissing &+= blockMissing[b]
                                        }
                                        let tailStart = b1 * blockCells
                                        let tail = fullSpan(base + rowStart + tailStart, count: c0 + n - tailStart, noData: noData)
                                        sum += head.sum + middle + tail.sum
                                        missing += Double(head.missing + Int(middleMissing) + tail.missing)
                                    } else {
                                        let (s, m) = fullSpan(base + rowStart + c0, count: n, noData: noData)
                                        sum += s
                                        missing += Double(m)
                                    }
                                } else {
                                    partialSpan(
                                        values, from: rowStart + c0, fractions, from: f0, count: n,
                                        isMissing: { $0 == noData || $0.isNaN }, sum: &sum, covered: &covered, missing: &missing)
                                }
                            }
                        }
                    }
                }
            }
        }
        stats.sum += sum
        stats.coveredCells += covered
        stats.noDataCells += missing
    }

    /// A run of partly covered cells: each value times its fraction; a missing cell's fraction
    /// counts as nodata.
    @inline(__always)
    static func partialSpan<Cell: RasterCell>(
        _ values: UnsafeBufferPointer<Cell>, from start: Int, _ fractions: UnsafeBufferPointer<Double>, from f0: Int, count n: Int,
        isMissing: (Cell) -> Bool, sum: inout Double, covered: inout Double, missing: inout Double
    ) {
        for j in 0..<n {
            let v = values[start + j]
            let f = fractions[f0 + j]
            covered += f
            if isMissing(v) { missing += f } else { sum += v.doubleValue * f }
        }
    }

    /// A run of fully covered cells, one at a time.
    @inline(__always)
    static func fullSpan<Cell: RasterCell>(_ cells: UnsafePointer<Cell>, count: Int, isMissing: (Cell) -> Bool) -> (
        sum: Double, missing: Int
    ) {
        var sum = 0.0
        var missing = 0
        for j in 0..<count {
            let v = cells[j]
            if isMissing(v) { missing += 1 } else { sum += v.doubleValue }
        }
        return (sum, missing)
    }

    /// A run of fully covered Float32 cells, sixteen at a time in sixteen lanes, each converted to
    /// Double before adding (exactly as the scalar loop does; only the order of the additions differs,
    /// and it is the same on every run, for any number of threads and on any x86-64 processor: see
    /// `SumKernels`). Nodata and NaN add nothing.
    @inline(__always)
    static func fullSpan(_ cells: UnsafePointer<Float>, count: Int, noData: Float) -> (sum: Double, missing: Int) {
        let s = wp_sum_float32(cells, count, noData)
        return (s.sum, Int(s.missing))
    }
}
