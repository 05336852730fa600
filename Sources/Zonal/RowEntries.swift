/// Contributions to cells of a coverage window, collected edge by edge into flat arrays (one
/// array per row cost an allocation for each), then grouped by row for the sweep.
struct RowEntries {
    private var rows: [Int32] = []
    private var columns: [Int32] = []
    private var areas: [Double] = []

    mutating func append(row: Int, column: Int, area: Double) {
        rows.append(Int32(row))
        columns.append(Int32(column))
        areas.append(area)
    }

    /// The entries of each row together, in the order they were added (a counting sort, so that
    /// every cell adds up its contributions in the same order as before).
    func byRow(rows height: Int) -> ByRow {
        var start = [Int](repeating: 0, count: height + 1)
        for r in rows { start[Int(r) + 1] += 1 }
        for i in 0..<height { start[i + 1] += start[i] }
        var next = start
        var sortedColumns = [Int](repeating: 0, count: rows.count)
        var sortedAreas = [Double](repeating: 0, count: rows.count)
        for k in rows.indices {
            let r = Int(rows[k])
            sortedColumns[next[r]] = Int(columns[k])
            sortedAreas[next[r]] = areas[k]
            next[r] += 1
        }
        return ByRow(start: start, columns: sortedColumns, areas: sortedAreas)
    }

    struct ByRow {
        let start: [Int]
        let columns: [Int]
        let areas: [Double]

        @inline(__always) func range(ofRow i: Int) -> Range<Int> { start[i]..<start[i + 1] }
    }
}
