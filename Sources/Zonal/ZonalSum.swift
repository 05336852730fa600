import Raster

/// Applies coverage maps to raster bands: the coverage-weighted sums of exactextract's `sum`.
public enum ZonalSum {
    /// Rows read per request: whole blocks, at least this many rows, so that striped files are not
    /// read one row at a time.
    static let minimumStripRows = 64

    /// Statistics of every coverage map on one band of `source`, reading only the rows the maps
    /// cover, strip by strip.
    ///
    /// - Parameter progress: called with (rows done, rows to do) after each strip.
    public static func statistics(
        of coverages: [CoverageMap], in source: some RasterSource, band: Int,
        progress: ((Int, Int) -> Void)? = nil
    ) throws -> [ZoneStatistics] {
        var result = [ZoneStatistics](repeating: ZoneStatistics(), count: coverages.count)
        let nonEmpty = coverages.indices.filter { !coverages[$0].isEmpty }
        guard let top = nonEmpty.map({ coverages[$0].firstRow }).min(),
              let bottom = nonEmpty.map({ coverages[$0].rows.upperBound }).max() else { return result }
        let block = source.blockHeight
        let stripRows = max(block, (minimumStripRows + block - 1) / block * block)
        let noData = source.noData(band: band).map { Float($0) }
        let width = source.grid.width
        var buffer: [Float] = []
        // Start on a block boundary so that every read decodes whole blocks once.
        var start = top / block * block
        while start < bottom {
            let end = min(start + stripRows, bottom, source.grid.height)
            try source.readRows(band: band, firstRow: start, rowCount: end - start, into: &buffer)
            buffer.withUnsafeBufferPointer { values in
                for k in nonEmpty where coverages[k].rows.overlaps(start..<end) {
                    let map = coverages[k]
                    let rows = max(start, map.firstRow)..<min(end, map.rows.upperBound)
                    accumulate(map, rows: rows, values: values, valuesFirstRow: start, width: width,
                               noData: noData, into: &result[k])
                }
            }
            start = end
            progress?(start - top, bottom - top)
        }
        return result
    }

    @inline(__always)
    static func accumulate(
        _ map: CoverageMap, rows: Range<Int>, values: UnsafeBufferPointer<Float>, valuesFirstRow: Int,
        width: Int, noData: Float?, into stats: inout ZoneStatistics
    ) {
        var sum = 0.0, covered = 0.0, missing = 0.0
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
                                let v = values[c0 + j], f = fractions[f0 + j]
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
