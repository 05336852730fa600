import Grid

/// The accumulation state of one polygon on a window of the grid.
struct EdgeIntegrator {
    let col0: Int, col1: Int, row0: Int, row1: Int
    /// Exact contributions to single cells (window row and column, area), in edge order.
    private var partial = RowEntries()
    /// Contributions to a cell and every cell below it in its column, in edge order.
    private var delta = RowEntries()

    init(col0: Int, col1: Int, row0: Int, row1: Int) {
        self.col0 = col0
        self.col1 = col1
        self.row0 = row0
        self.row1 = row1
    }

    /// Room for what the rings' edges will add, estimated from their lengths in cells: a piece per
    /// column an edge crosses (a delta each), and a partial entry per cell.
    mutating func reserve(rings: [[(u: Double, v: Double)]]) {
        var columns = 0.0
        var cells = 0.0
        for ring in rings {
            for i in 0..<max(0, ring.count - 1) {
                let du = abs(ring[i + 1].u - ring[i].u)
                let dv = abs(ring[i + 1].v - ring[i].v)
                columns += du + 1
                cells += du + dv + 1
            }
        }
        let area = Double((col1 - col0) * (row1 - row0))
        partial.reserve(Int(min(cells, area)))
        delta.reserve(Int(min(columns, area)))
    }

    mutating func add(ring: [(u: Double, v: Double)], sign: Double) {
        for i in 0..<(ring.count - 1) {
            addEdge(ring[i], ring[i + 1], sign: sign)
        }
    }

    /// Splits an edge at column boundaries and integrates each piece over the rows it spans.
    private mutating func addEdge(_ p: (u: Double, v: Double), _ q: (u: Double, v: Double), sign: Double) {
        let du = q.u - p.u
        guard du != 0 else { return }  // vertical edges enclose no area along u
        let weight = du > 0 ? sign : -sign
        let (a, b) = du > 0 ? (p, q) : (q, p)
        let slope = (b.v - a.v) / (b.u - a.u)
        let first = max(Self.floor(a.u), col0)
        let last = min(Self.ceil(b.u) - 1, col1 - 1)
        guard first <= last else { return }
        var u = max(a.u, Double(first))
        var v = u == a.u ? a.v : a.v + (u - a.u) * slope
        for column in first...last {
            let nextU = min(b.u, Double(column + 1))
            let nextV = nextU == b.u ? b.v : a.v + (nextU - a.u) * slope
            addPiece(column: column, width: weight * (nextU - u), v, nextV)
            u = nextU
            v = nextV
        }
    }

    private mutating func addPiece(column: Int, width: Double, _ va: Double, _ vb: Double) {
        let lo = min(va, vb)
        let hi = max(va, vb)
        let firstPartial = Self.floor(lo)
        let firstFull = Self.ceil(hi)
        let c = column - col0
        let partialRows = max(firstPartial, row0)..<max(firstPartial, row0, min(firstFull, row1))
        for r in partialRows {
            partial.append(row: r - row0, column: c, area: width * Self.meanBandLength(row: r, lo: lo, hi: hi))
        }
        let fullFrom = max(firstFull, row0)
        if fullFrom < row1 { delta.append(row: fullFrom - row0, column: c, area: width) }
    }

    /// ⌊x⌋ and ⌈x⌉ by truncation: the baseline x86-64 target has no rounding instruction, and
    /// `rounded(.down)` was a call into libm for every piece of every edge. Grid coordinates are
    /// far inside Int's range (a longitude is at most 180 / the cell size columns from the origin).
    @inline(__always)
    static func floor(_ x: Double) -> Int {
        let t = Int(x)
        return Double(t) > x ? t - 1 : t
    }

    @inline(__always)
    static func ceil(_ x: Double) -> Int {
        let t = Int(x)
        return Double(t) < x ? t + 1 : t
    }

    /// Mean of `g_r(v) = r+1 − clamp(v, r, r+1)` over `v` uniform on `[lo, hi]`, computed part by
    /// part so that nearly horizontal pieces do not lose precision.
    @inline(__always)
    static func meanBandLength(row: Int, lo: Double, hi: Double) -> Double {
        let top = Double(row)
        let bottom = top + 1
        let length = hi - lo
        if length <= 0 { return bottom - min(max(lo, top), bottom) }
        let above = max(0, min(hi, top) - lo)
        let m0 = max(lo, top)
        let m1 = min(hi, bottom)
        let inside = m1 > m0 ? (m1 - m0) * (bottom - (m0 + m1) / 2) : 0
        return min(1, max(0, (above + inside) / length))
    }

    /// Sweeps the rows top to bottom, combining running deltas with exact partial areas.
    ///
    /// Work per row is proportional to where the boundary is, not to the window's width: a cell
    /// no edge crosses in this row is covered by its column's running value alone, and that value
    /// only differs from the next column's where an edge above ended or began (a "step"). So a row
    /// is a walk over its crossed cells and its steps, found 64 columns at a time in two bit sets,
    /// and every stretch between two of them is one run of equal cells, emitted at once. A
    /// country's window of 10⁸ cells costs its boundary.
    func coverageMap(grid: RasterGrid) -> CoverageMap {
        let width = col1 - col0
        let height = row1 - row0
        let partials = partial.byRow(rows: height)
        let deltas = delta.byRow(rows: height)
        var running = [Double](repeating: 0, count: width)
        var rowPartial = [Double](repeating: 0, count: width)
        var crossed = ColumnBits(count: width)
        var steps = ColumnBits(count: width)
        var out = SpanWriter(rows: height, partialEntries: partial.count)

        for i in 0..<height {
            let changed = deltas.range(ofRow: i)
            for k in changed { running[deltas.column(k)] += deltas.areas[k] }
            for k in changed {
                // Inside and outside are whole numbers up to rounding: snapped, "equal" is exact.
                let j = deltas.column(k)
                let whole = Double(Self.floor(running[j] + 0.5))
                if abs(running[j] - whole) <= 1e-12 { running[j] = whole }
            }
            for k in changed {
                let j = deltas.column(k)
                if j >= 1 { steps.set(j, running[j] != running[j - 1]) }
                if j + 1 < width { steps.set(j + 1, running[j + 1] != running[j]) }
            }
            let touching = partials.range(ofRow: i)
            for k in touching {
                let j = partials.column(k)
                if !crossed.contains(j) {
                    crossed.set(j, true)
                    rowPartial[j] = 0
                }
                rowPartial[j] += partials.areas[k]
            }
            out.beginRow()
            var j = 0
            while j < width {
                if crossed.contains(j) {
                    out.add(column: col0 + j, count: 1, fraction: cellFraction(running[j] + rowPartial[j]))
                    j += 1
                } else {
                    let end = ColumnBits.firstSet(in: crossed, or: steps, after: j) ?? width
                    out.add(column: col0 + j, count: end - j, fraction: cellFraction(running[j]))
                    j = end
                }
            }
            out.endRow(row0 + i)
            for k in touching { crossed.set(partials.column(k), false) }
        }
        return out.map(grid: grid)
    }

    /// Coverage of one cell: the running sum of its column's full-row contributions plus, where the
    /// boundary crosses the cell, its exact partial area. Float noise is snapped to 0 and 1, and
    /// overlapping parts of an invalid MultiPolygon count once.
    @inline(__always)
    private func cellFraction(_ f: Double) -> Double {
        if f <= 1e-12 { return 0 }
        if f >= 1 - 1e-12 { return 1 }
        return f
    }
}
