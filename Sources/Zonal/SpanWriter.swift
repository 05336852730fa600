import Grid

/// Collects a coverage map row by row from runs of equal cells, joining neighbouring runs of the
/// same kind (all full, or all partial) into one span as the sum kernel wants them.
struct SpanWriter {
    private var rowStart: [Int32] = [0]
    private var spans: [CoverageMap.Span] = []
    private var fractions: [Double] = []
    private var firstRow = -1
    private var lastRow = -1
    private var spansBefore = 0

    /// Room for a window of `rows` rows whose boundary made `partialEntries` exact contributions:
    /// at most one fraction each, and about a span for every two.
    init(rows: Int, partialEntries: Int) {
        rowStart.reserveCapacity(rows + 1)
        fractions.reserveCapacity(partialEntries)
        spans.reserveCapacity(partialEntries / 2 + rows)
    }

    mutating func beginRow() { spansBefore = spans.count }

    /// `count` cells from `column` on, each covered by `fraction` (0 adds nothing).
    mutating func add(column: Int, count: Int, fraction: Double) {
        guard fraction > 0, count > 0 else { return }
        let full = fraction == 1
        if spans.count > spansBefore, let last = spans.last, Int(last.column + last.count) == column, last.isFull == full {
            spans[spans.count - 1].count += Int32(count)
        } else {
            spans.append(.init(column: Int32(column), count: Int32(count), fractionsStart: full ? -1 : Int32(fractions.count)))
        }
        if !full {
            // Nearly always one crossed cell: a plain append, not a generic one of a collection.
            if count == 1 {
                fractions.append(fraction)
            } else {
                fractions.append(contentsOf: repeatElement(fraction, count: count))
            }
        }
    }

    mutating func endRow(_ row: Int) {
        guard spans.count > spansBefore else { return }
        if firstRow < 0 { firstRow = row }
        // Rows between covered rows with no coverage (a MultiPolygon's gap) get no spans.
        while row > lastRow + 1, lastRow >= 0 {
            rowStart.append(Int32(spansBefore))
            lastRow += 1
        }
        lastRow = row
        rowStart.append(Int32(spans.count))
    }

    func map(grid: RasterGrid) -> CoverageMap {
        guard firstRow >= 0 else { return .empty(on: grid) }
        return CoverageMap(
            grid: grid, firstRow: firstRow, rowCount: lastRow - firstRow + 1,
            rowStart: rowStart, spans: spans, fractions: fractions)
    }
}
