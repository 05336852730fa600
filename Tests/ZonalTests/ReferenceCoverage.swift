import Geometry
import Grid

/// An independent, slow oracle for coverage fractions: clips every ring against every cell with
/// Sutherland–Hodgman (exact for any ring against a convex window) and adds the signed areas,
/// outer rings positive and holes negative.
enum ReferenceCoverage {
    static func fraction(of geometry: MultiPolygon, grid: RasterGrid, row: Int, column: Int) -> Double {
        let t = grid.transform
        let x0 = t.x(ofColumn: Double(column))
        let x1 = t.x(ofColumn: Double(column + 1))
        let y1 = t.y(ofRow: Double(row))
        let y0 = t.y(ofRow: Double(row + 1))
        var area = 0.0
        for polygon in geometry.polygons {
            area += abs(signedArea(clip(polygon.exterior, x0, y0, x1, y1)))
            for hole in polygon.holes { area -= abs(signedArea(clip(hole, x0, y0, x1, y1))) }
        }
        return area / ((x1 - x0) * (y1 - y0))
    }

    private static func clip(_ ring: Ring, _ x0: Double, _ y0: Double, _ x1: Double, _ y1: Double) -> Ring {
        var pts = Array(ring.dropLast())
        let planes: [(Position) -> Double] = [{ $0.x - x0 }, { x1 - $0.x }, { $0.y - y0 }, { y1 - $0.y }]
        for inside in planes {
            guard !pts.isEmpty else { break }
            var out: [Position] = []
            for i in pts.indices {
                let a = pts[i]
                let b = pts[(i + 1) % pts.count]
                let da = inside(a)
                let db = inside(b)
                if da >= 0 { out.append(a) }
                if (da >= 0) != (db >= 0) {
                    let s = da / (da - db)
                    out.append(Position(a.x + s * (b.x - a.x), a.y + s * (b.y - a.y)))
                }
            }
            pts = out
        }
        guard let first = pts.first else { return [] }
        return pts + [first]
    }
}
