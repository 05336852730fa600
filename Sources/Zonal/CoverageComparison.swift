import Grid

/// Where child units disagree with their parent's boundary, cell by cell: cells the children
/// cover more than once or outside the parent (overlap), and cells of the parent no child covers
/// (gap). Both come back as coverage maps, so their population is summed like any zone's.
///
/// Resolution is one cell: a cell with an overlap and a gap in it shows only the net difference.
public struct CoverageComparison: Sendable {
    public var overlap: CoverageMap
    public var gap: CoverageMap

    /// Differences below `tolerance` of a cell are float noise along shared borders.
    public init(parent: CoverageMap, children: [CoverageMap], tolerance: Double = 1e-9) {
        let grid = parent.grid
        let all = [parent] + children
        let nonEmpty = all.filter { !$0.isEmpty }
        guard let top = nonEmpty.map(\.firstRow).min(), let bottom = nonEmpty.map(\.rows.upperBound).max() else {
            overlap = .empty(on: grid)
            gap = .empty(on: grid)
            return
        }
        var excess = CoverageMapBuilder(grid: grid)
        var shortfall = CoverageMapBuilder(grid: grid)
        var net = [Double](repeating: 0, count: grid.width)
        var touched: [Int] = []
        var mark = [Bool](repeating: false, count: grid.width)
        for row in top..<bottom {
            func add(_ map: CoverageMap, _ sign: Double) {
                map.withSpans(ofRow: row) { spans in
                    for s in spans {
                        for j in 0..<Int(s.count) {
                            let c = Int(s.column) + j
                            if !mark[c] {
                                mark[c] = true
                                touched.append(c)
                            }
                            net[c] += sign * (s.isFull ? 1 : map.fractions[Int(s.fractionsStart) + j])
                        }
                    }
                }
            }
            add(parent, -1)
            for child in children { add(child, 1) }
            touched.sort()
            for c in touched {
                let d = net[c]
                if d > tolerance { excess.add(row: row, column: c, fraction: min(1, d)) }
                if d < -tolerance { shortfall.add(row: row, column: c, fraction: min(1, -d)) }
                net[c] = 0
                mark[c] = false
            }
            touched.removeAll(keepingCapacity: true)
        }
        overlap = excess.build()
        gap = shortfall.build()
    }
}

/// Builds a coverage map from cells given in row-major order.
struct CoverageMapBuilder {
    let grid: RasterGrid
    private var firstRow = -1, lastRow = -1
    private var rowStart: [Int32] = [0]
    private var spans: [CoverageMap.Span] = []
    private var fractions: [Double] = []

    init(grid: RasterGrid) { self.grid = grid }

    mutating func add(row: Int, column: Int, fraction: Double) {
        if firstRow < 0 {
            firstRow = row
            lastRow = row
        }
        while lastRow < row {
            rowStart.append(Int32(spans.count))
            lastRow += 1
        }
        let full = fraction >= 1
        if let last = spans.last, Int(rowStart[rowStart.count - 1]) < spans.count,
            Int(last.column + last.count) == column, last.isFull == full
        {
            spans[spans.count - 1].count += 1
        } else {
            spans.append(.init(column: Int32(column), count: 1, fractionsStart: full ? -1 : Int32(fractions.count)))
        }
        if !full { fractions.append(fraction) }
    }

    func build() -> CoverageMap {
        guard firstRow >= 0 else { return .empty(on: grid) }
        return CoverageMap(
            grid: grid, firstRow: firstRow, rowCount: lastRow - firstRow + 1,
            rowStart: rowStart + [Int32(spans.count)], spans: spans, fractions: fractions)
    }
}
