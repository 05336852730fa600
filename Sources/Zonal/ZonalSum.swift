import Raster

/// The inner loop: coverage-weighted sums of exactextract's `sum` over rows already in memory.
public enum ZonalSum {
    /// Rows read per request: whole blocks, at least this many rows, so that striped files are not
    /// read one row at a time.
    static let minimumStripRows = 64

    /// Generic over the cell type so that every band is compared and summed in a type that holds
    /// its values exactly; always inlined, so each call site is specialised (Float32 stays the
    /// tight loop it was).
    @inline(__always)
    static func accumulate<Cell: RasterCell>(
        _ map: CoverageMap, rows: Range<Int>, values: UnsafeBufferPointer<Cell>, valuesFirstRow: Int,
        width: Int, isMissing: (Cell) -> Bool, into stats: inout ZoneStatistics
    ) {
        var sum = 0.0
        var covered = 0.0
        var missing = 0.0
        map.fractions.withUnsafeBufferPointer { fractions in
            for row in rows {
                let base = (row - valuesFirstRow) * width
                map.withSpans(ofRow: row) { spans in
                    for span in spans {
                        let c0 = base + Int(span.column)
                        if span.isFull {
                            for j in 0..<Int(span.count) {
                                let v = values[c0 + j]
                                covered += 1
                                if isMissing(v) { missing += 1 } else { sum += v.doubleValue }
                            }
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
}
