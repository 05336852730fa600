import Grid

/// The inner loop: coverage-weighted sums of exactextract's `sum` over rows already in memory.
public enum ZonalSum {
    /// Rows read per request: whole blocks, at least this many rows, so that striped files are not
    /// read one row at a time.
    static let minimumStripRows = 64

    /// Cells of a strip summed for every zone before the next ones: nested zones (a country, its
    /// provinces, their districts) read the same cells, and this many stay in a core's cache.
    static let cacheCells = 65_536

    /// Generic over the cell type so that every band is compared and summed in a type that holds
    /// its values exactly; always inlined, so each call site is specialised. `fullSpan` sums a run
    /// of fully covered cells and counts the missing ones (Float32 has a vector version).
    @inline(__always)
    static func accumulate<Cell: RasterCell>(
        _ map: CoverageMap, rows: Range<Int>, values: UnsafeBufferPointer<Cell>, valuesFirstRow: Int,
        width: Int, isMissing: (Cell) -> Bool, fullSpan: (UnsafePointer<Cell>, Int) -> (sum: Double, missing: Int),
        into stats: inout ZoneStatistics
    ) {
        var sum = 0.0
        var covered = 0.0
        var missing = 0.0
        let base = values.baseAddress!
        map.fractions.withUnsafeBufferPointer { fractions in
            for row in rows {
                let rowStart = (row - valuesFirstRow) * width
                map.withSpans(ofRow: row) { spans in
                    for span in spans {
                        let c0 = rowStart + Int(span.column)
                        if span.isFull {
                            let (s, m) = fullSpan(base + c0, Int(span.count))
                            sum += s
                            covered += Double(span.count)
                            missing += Double(m)
                        } else {
                            let f0 = Int(span.fractionsStart)
                            for j in 0..<Int(span.count) {
                                let v = values[c0 + j]
                                let f = fractions[f0 + j]
                                covered += f
                                if isMissing(v) { missing += f } else { sum += v.doubleValue * f }
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

    /// A run of fully covered Float32 cells, sixteen at a time in two vectors of eight, converted to
    /// Double before adding (exactly as the scalar loop does; only the order of the additions differs,
    /// and it is the same on every run and for any number of threads). Nodata and NaN add nothing.
    @inline(__always)
    static func fullSpan(_ cells: UnsafePointer<Float>, count: Int, noData: Float) -> (sum: Double, missing: Int) {
        let nd = SIMD8<Float>(repeating: noData)
        let raw = UnsafeRawPointer(cells)
        var a0 = SIMD8<Double>()
        var a1 = SIMD8<Double>()
        var lanesMissing = SIMD8<Int32>()
        var j = 0
        while j + 16 <= count {
            let x = raw.loadUnaligned(fromByteOffset: j * 4, as: SIMD8<Float>.self)
            let y = raw.loadUnaligned(fromByteOffset: (j + 8) * 4, as: SIMD8<Float>.self)
            let mx = (x .== nd) .| (x .!= x)
            let my = (y .== nd) .| (y .!= y)
            a0 += SIMD8<Double>(x.replacing(with: 0, where: mx))
            a1 += SIMD8<Double>(y.replacing(with: 0, where: my))
            // A true lane of a mask is all ones: −1 as an integer.
            lanesMissing &-= unsafeBitCast(mx, to: SIMD8<Int32>.self) &+ unsafeBitCast(my, to: SIMD8<Int32>.self)
            j += 16
        }
        var sum = (a0 + a1).sum()
        var missing = Int(lanesMissing.wrappedSum())
        while j < count {
            let v = cells[j]
            if v == noData || v.isNaN { missing += 1 } else { sum += Double(v) }
            j += 1
        }
        return (sum, missing)
    }
}
