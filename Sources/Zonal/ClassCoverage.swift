import Grid

/// Coverage maps cut by a class grid on the same grid: for each class, the map keeps only the
/// cells of that class. Summing a population band over such a map is exactextract's `sum` of the
/// band masked by the class (value where the class matches, nodata elsewhere) — the same
/// fractions, the same cells — so the classes of a unit add up to its sum over the cells that have
/// one of them. Cells whose class is nodata or outside `classes` are in no map.
public enum ClassCoverage {
    /// `result[class][zone]`, classes in the order given.
    public static func split(_ maps: [CoverageMap], by classes: [Int], in raster: any RasterSource) throws -> [[CoverageMap]] {
        let noData = raster.noData(band: 1)
        let rowsPerRead = max(raster.blockHeight, ZonalSum.minimumStripRows)
        var result = Array(repeating: [CoverageMap](), count: classes.count)
        var buffer: [Float] = []
        for map in maps {
            var builders = classes.map { _ in Builder(firstRow: map.firstRow) }
            var start = map.firstRow
            while start < map.rows.upperBound {
                let count = min(rowsPerRead, map.rows.upperBound - start)
                try raster.readRows(band: 1, firstRow: start, rowCount: count, into: &buffer)
                for row in start..<(start + count) {
                    for k in builders.indices { builders[k].startRow() }
                    let base = (row - start) * map.grid.width
                    map.withSpans(ofRow: row) { spans in
                        for span in spans {
                            for j in 0..<Int(span.count) {
                                let column = Int(span.column) + j
                                let value = buffer[base + column]
                                guard !value.isNaN, Double(value) != noData, let k = classes.firstIndex(of: Int(value)) else { continue }
                                builders[k].add(column: column, fraction: span.isFull ? 1 : map.fractions[Int(span.fractionsStart) + j])
                            }
                        }
                    }
                }
                start += count
            }
            for k in builders.indices { result[k].append(builders[k].map(on: map.grid)) }
        }
        return result
    }

    /// Spans of one map, row by row: a full span grows while cells are full and adjacent,
    /// anything else is a span with its own fractions.
    struct Builder {
        var firstRow: Int
        var rowStart: [Int32] = [0]
        var spans: [CoverageMap.Span] = []
        var fractions: [Double] = []
        var rowsStarted = 0

        init(firstRow: Int) { self.firstRow = firstRow }

        mutating func startRow() {
            if rowsStarted > 0 { rowStart.append(Int32(spans.count)) }
            rowsStarted += 1
        }

        mutating func add(column: Int, fraction: Double) {
            let full = fraction >= 1
            if var last = spans.last, Int(last.column + last.count) == column, last.isFull == full,
                spans.count > Int(rowStart[rowStart.count - 1])
            {
                last.count += 1
                spans[spans.count - 1] = last
                if !full { fractions.append(fraction) }
                return
            }
            spans.append(CoverageMap.Span(column: Int32(column), count: 1, fractionsStart: full ? -1 : Int32(fractions.count)))
            if !full { fractions.append(fraction) }
        }

        func map(on grid: RasterGrid) -> CoverageMap {
            guard !spans.isEmpty else { return .empty(on: grid) }
            var starts = rowStart
            starts.append(Int32(spans.count))
            return CoverageMap(
                grid: grid, firstRow: firstRow, rowCount: rowsStarted, rowStart: starts, spans: spans, fractions: fractions)
        }
    }
}
