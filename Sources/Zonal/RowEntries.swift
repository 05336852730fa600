/// Contributions to cells of a coverage window, collected edge by edge into one flat array (one
/// array per row cost an allocation for each), then grouped by row for the sweep.
struct RowEntries {
    private struct Entry {
        var row: Int32
        var column: Int32
        var area: Double
    }

    private var entries: [Entry] = []

    /// Room for `count` entries at once: a country's boundary adds millions, and growing the array
    /// by doubling copied them over and over.
    mutating func reserve(_ count: Int) { entries.reserveCapacity(count) }

    var count: Int { entries.count }

    /// Consecutive contributions to one cell (where an edge ends and the next one starts, in the
    /// cell of their shared vertex) become one entry.
    @inline(__always)
    mutating func append(row: Int, column: Int, area: Double) {
        let r = Int32(truncatingIfNeeded: row)
        let c = Int32(truncatingIfNeeded: column)
        let n = entries.count
        if n > 0, entries[n - 1].row == r, entries[n - 1].column == c {
            entries[n - 1].area += area
        } else {
            entries.append(Entry(row: r, column: c, area: area))
        }
    }

    /// The entries of each row together, in the order they were added (a counting sort, so that
    /// every cell adds up its contributions in the same order as before).
    func byRow(rows height: Int) -> ByRow {
        var start = [Int](repeating: 0, count: height + 1)
        for e in entries { start[Int(e.row) + 1] += 1 }
        for i in 0..<height { start[i + 1] += start[i] }
        var next = start
        var sortedColumns = [Int32](repeating: 0, count: entries.count)
        var sortedAreas = [Double](repeating: 0, count: entries.count)
        sortedColumns.withUnsafeMutableBufferPointer { columns in
            sortedAreas.withUnsafeMutableBufferPointer { areas in
                for e in entries {
                    let r = Int(e.row)
                    columns[next[r]] = e.column
                    areas[next[r]] = e.area
                    next[r] += 1
                }
            }
        }
        return ByRow(start: start, columns: sortedColumns, areas: sortedAreas)
    }

    struct ByRow {
        let start: [Int]
        let columns: [Int32]
        let areas: [Double]

        @inline(__always) func range(ofRow i: Int) -> Range<Int> { start[i]..<start[i + 1] }
        @inline(__always) func column(_ k: Int) -> Int { Int(columns[k]) }
    }
}
