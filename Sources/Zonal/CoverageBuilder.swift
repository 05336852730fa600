import Geometry
import Raster

/// Computes exact cell coverage fractions of a polygon on a grid.
///
/// The method integrates each polygon edge column by column. For a cell row `r` (the band
/// `r ≤ v ≤ r+1`, rows growing south) and a vertical line at `u`, the length of the line inside the
/// polygon and the band is `Σ_edges ±g_r(v_edge(u))` with `g_r(v) = r+1 − clamp(v, r, r+1)`, so the
/// area inside a cell is the sum over edges of `±∫ g_r du` across the cell's column. `g_r` is 1 for
/// every row below an edge, so an edge only needs exact work in the rows it passes through; its
/// effect on all rows below is a single running delta per column (the equivalent of exactextract's
/// flood fill). Cost: O(cells the boundary crosses + runs of equal cells), independent of how many
/// rasters the result is later applied to.
public enum CoverageBuilder {
    public static func coverage(of geometry: MultiPolygon, on grid: RasterGrid) -> CoverageMap {
        guard let box = geometry.boundingBox else { return .empty(on: grid) }
        let t = grid.transform
        let col0 = max(0, Int(t.column(ofX: box.minX).rounded(.down)))
        let col1 = min(grid.width, Int(t.column(ofX: box.maxX).rounded(.up)))
        let row0 = max(0, Int(t.row(ofY: box.maxY).rounded(.down)))
        let row1 = min(grid.height, Int(t.row(ofY: box.minY).rounded(.up)))
        guard col0 < col1, row0 < row1 else { return .empty(on: grid) }

        var window = EdgeIntegrator(col0: col0, col1: col1, row0: row0, row1: row1)
        for polygon in geometry.polygons {
            for (index, ring) in ([polygon.exterior] + polygon.holes).enumerated() {
                let gridRing = ring.map { (u: t.column(ofX: $0.x), v: t.row(ofY: $0.y)) }
                let area = shoelace(gridRing)
                guard area != 0 else { continue }
                // Outer rings add, holes subtract, whatever their written orientation.
                let sign: Double = (area > 0) == (index == 0) ? 1 : -1
                window.add(ring: gridRing, sign: sign)
            }
        }
        return window.coverageMap(grid: grid)
    }

    private static func shoelace(_ ring: [(u: Double, v: Double)]) -> Double {
        guard ring.count > 2 else { return 0 }
        let o = ring[0]
        var twice = 0.0
        for i in 0..<(ring.count - 1) {
            let a = ring[i]
            let b = ring[i + 1]
            twice += (a.u - o.u) * (b.v - o.v) - (b.u - o.u) * (a.v - o.v)
        }
        return twice / 2
    }
}

/// The accumulation state of one polygon on a window of the grid.
struct EdgeIntegrator {
    let col0: Int, col1: Int, row0: Int, row1: Int
    /// Per window row: exact contributions to single cells, as (column, area).
    private var partial: [[(Int32, Double)]]
    /// Per window row: contributions to this row and every row below it, as (column, area).
    private var delta: [[(Int32, Double)]]

    init(col0: Int, col1: Int, row0: Int, row1: Int) {
        self.col0 = col0
        self.col1 = col1
        self.row0 = row0
        self.row1 = row1
        partial = Array(repeating: [], count: row1 - row0)
        delta = Array(repeating: [], count: row1 - row0)
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
        let first = max(Int(a.u.rounded(.down)), col0)
        let last = min(Int(b.u.rounded(.up)) - 1, col1 - 1)
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
        let firstPartial = Int(lo.rounded(.down))
        let firstFull = Int(hi.rounded(.up))
        let c = Int32(column)
        let partialRows = max(firstPartial, row0)..<max(firstPartial, row0, min(firstFull, row1))
        for r in partialRows {
            partial[r - row0].append((c, width * Self.meanBandLength(row: r, lo: lo, hi: hi)))
        }
        let fullFrom = max(firstFull, row0)
        if fullFrom < row1 { delta[fullFrom - row0].append((c, width)) }
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
    /// is a walk over its crossed cells and its steps, and every stretch between two of them is one
    /// run of equal cells, emitted at once. A country's window of 10⁸ cells costs its boundary.
    func coverageMap(grid: RasterGrid) -> CoverageMap {
        let width = col1 - col0
        var running = [Double](repeating: 0, count: width)
        var steps = ColumnSteps()
        var crossed: [(column: Int, partial: Double)] = []
        var out = SpanWriter()

        for i in 0..<(row1 - row0) {
            if !delta[i].isEmpty {
                steps.beginChanges()
                for (c, w) in delta[i] {
                    let j = Int(c) - col0
                    running[j] += w
                    steps.noteChange(at: j)
                }
                steps.applyChanges(snapping: &running)
            }
            crossed.removeAll(keepingCapacity: true)
            for (c, w) in partial[i].sorted(by: { $0.0 < $1.0 }) {
                let j = Int(c) - col0
                if let last = crossed.last, last.column == j {
                    crossed[crossed.count - 1].partial += w
                } else {
                    crossed.append((j, w))
                }
            }
            out.beginRow()
            var j = 0
            var next = 0  // index of the next crossed cell
            var s = 0  // index of the next step
            while j < width {
                if next < crossed.count, crossed[next].column == j {
                    out.add(column: col0 + j, count: 1, fraction: cellFraction(running[j] + crossed[next].partial))
                    next += 1
                    j += 1
                    continue
                }
                while s < steps.columns.count, steps.columns[s] <= j { s += 1 }
                let stepAt = s < steps.columns.count ? steps.columns[s] : width
                let crossedAt = next < crossed.count ? crossed[next].column : width
                let end = min(stepAt, crossedAt)
                out.add(column: col0 + j, count: end - j, fraction: cellFraction(running[j]))
                j = end
            }
            out.endRow(row0 + i)
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
