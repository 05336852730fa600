import Raster

/// The inner loop: coverage-weighted sums of exactextract's `sum` over rows already in memory.
public enum ZonalSum {
    /// Rows read per request: whole blocks, at least this many rows, so that striped files are not
    /// read one row at a time.
    static let minimumStripRows = 64

    @inline(__always)
    static func accumulate(
        _ map: CoverageMap, rows: Range<Int>, values: UnsafeBufferPointer<Float>, valuesFirstRow: Int,
        width: Int, noData: Float?, into stats: inout ZoneStatistics
    ) {
        var sum = 0.0
        var covered = 0.0
        var missing = 0.0
        let nd = noData ?? .nan  // NaN never compares equal, so "no nodata" costs nothing
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
                                if v == nd || v.isNaN { missing += 1 } else { sum += Double(v) }
                            }
                        } else {
                            let f0 = Int(span.fractionsStart)
                            for j in 0..<Int(span.count) {
                                let v = values[c0 + j]
                                let f = fractions[f0 + j]
                                covered += f
                                if v == nd || v.isNaN { missing += f } else { sum += Double(v) * f }
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
