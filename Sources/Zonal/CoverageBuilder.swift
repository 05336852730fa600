import Geometry
import Grid

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

        var rings: [(ring: [(u: Double, v: Double)], sign: Double)] = []
        for polygon in geometry.polygons {
            for (index, ring) in ([polygon.exterior] + polygon.holes).enumerated() {
                let gridRing = ring.map { (u: t.column(ofX: $0.x), v: t.row(ofY: $0.y)) }
                let area = shoelace(gridRing)
                guard area != 0 else { continue }
                // Outer rings add, holes subtract, whatever their written orientation.
                rings.append((gridRing, (area > 0) == (index == 0) ? 1 : -1))
            }
        }
        var window = EdgeIntegrator(col0: col0, col1: col1, row0: row0, row1: row1)
        window.reserve(rings: rings.map(\.ring))
        for (ring, sign) in rings { window.add(ring: ring, sign: sign) }
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
