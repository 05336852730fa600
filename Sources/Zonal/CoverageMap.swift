import Grid

/// Which cells of a grid a polygon covers, and by how much: for every cell, the fraction of its
/// area inside the polygon (holes excluded), stored sparsely by row.
///
/// Computed once per polygon and grid, then applied to any number of rasters on that grid
/// (age/sex bands, years), which is where the time of a sync goes.
public struct CoverageMap: Sendable {
    /// A run of cells in one row: either all fully covered (`fractionsStart < 0`) or with a
    /// fraction per cell at `fractions[fractionsStart ..< fractionsStart + count]`.
    public struct Span: Sendable, Hashable {
        public var column: Int32
        public var count: Int32
        public var fractionsStart: Int32

        @inline(__always) public var isFull: Bool { fractionsStart < 0 }
    }

    public let grid: RasterGrid
    /// First grid row with coverage; rows are `firstRow ..< firstRow + rowCount`.
    public let firstRow: Int
    public let rowCount: Int
    /// `spans[rowStart[i] ..< rowStart[i + 1]]` are the spans of row `firstRow + i`.
    public let rowStart: [Int32]
    public let spans: [Span]
    public let fractions: [Double]

    public init(grid: RasterGrid, firstRow: Int, rowCount: Int, rowStart: [Int32], spans: [Span], fractions: [Double]) {
        self.grid = grid
        self.firstRow = firstRow
        self.rowCount = rowCount
        self.rowStart = rowStart
        self.spans = spans
        self.fractions = fractions
    }

    public static func empty(on grid: RasterGrid) -> CoverageMap {
        CoverageMap(grid: grid, firstRow: 0, rowCount: 0, rowStart: [0], spans: [], fractions: [])
    }

    public var isEmpty: Bool { spans.isEmpty }
    public var rows: Range<Int> { firstRow..<(firstRow + rowCount) }

    /// The columns from the westernmost covered cell to the easternmost (empty for an empty map).
    public var columns: Range<Int> {
        var west = Int.max
        var east = Int.min
        for i in 0..<rowCount where rowStart[i] < rowStart[i + 1] {
            west = min(west, Int(spans[Int(rowStart[i])].column))
            let last = spans[Int(rowStart[i + 1]) - 1]
            east = max(east, Int(last.column + last.count))
        }
        return west < east ? west..<east : 0..<0
    }

    /// Cells with any coverage.
    public var cellCount: Int { spans.reduce(0) { $0 + Int($1.count) } }

    /// Covered area in cells (sum of fractions).
    public var coveredCells: Double {
        spans.reduce(0.0) { total, s in
            s.isFull
                ? total + Double(s.count)
                : total + fractions[Int(s.fractionsStart)..<Int(s.fractionsStart + s.count)].reduce(0, +)
        }
    }

    /// The fraction of one cell covered, for tests and reports; 0 outside the map.
    public func fraction(row: Int, column: Int) -> Double {
        guard rows.contains(row) else { return 0 }
        let i = row - firstRow
        for s in spans[Int(rowStart[i])..<Int(rowStart[i + 1])] where column >= s.column && column < s.column + s.count {
            return s.isFull ? 1 : fractions[Int(s.fractionsStart) + column - Int(s.column)]
        }
        return 0
    }

    /// The spans of every row by pointer, for the sums' inner loop: a row's spans as an array
    /// slice cost a retain and a release each, and a country's sum asks for millions of them.
    public struct RowSpans {
        let firstRow: Int
        let rowStart: UnsafeBufferPointer<Int32>
        let spans: UnsafeBufferPointer<Span>

        /// The spans of grid row `row`, which must be one of the map's rows.
        @inline(__always) public func ofRow(_ row: Int) -> Slice<UnsafeBufferPointer<Span>> {
            let i = row - firstRow
            return spans[Int(rowStart[i])..<Int(rowStart[i + 1])]
        }
    }

    /// The rows of `rows` that are rows of the map.
    @inline(__always) public func clip(_ rows: Range<Int>) -> Range<Int> { rows.clamped(to: self.rows) }

    @inline(__always)
    public func withRowSpans<R>(_ body: (RowSpans) throws -> R) rethrows -> R {
        try rowStart.withUnsafeBufferPointer { starts in
            try spans.withUnsafeBufferPointer { spans in try body(RowSpans(firstRow: firstRow, rowStart: starts, spans: spans)) }
        }
    }

    /// Calls `body` with the spans of one grid row (empty outside the map).
    @inline(__always)
    public func withSpans<R>(ofRow row: Int, _ body: (ArraySlice<Span>) throws -> R) rethrows -> R {
        guard rows.contains(row) else { return try body([]) }
        let i = row - firstRow
        return try body(spans[Int(rowStart[i])..<Int(rowStart[i + 1])])
    }
}
