import Geometry

/// A half-plane `nx·x + ny·y ≤ c`.
struct HalfPlane {
    var nx: Double, ny: Double, c: Double

    @inline(__always) func value(_ p: Position) -> Double { nx * p.x + ny * p.y - c }

    /// The points nearer to `f` than to `g` when longitude is scaled by `k` (a local equidistant
    /// scale): k²(x − fx)² + (y − fy)² ≤ k²(x − gx)² + (y − gy)². An affine scale keeps the
    /// bisector a straight line in longitude/latitude.
    static func nearer(to f: Position, than g: Position, lonScale k: Double) -> HalfPlane {
        let k2 = k * k
        return HalfPlane(nx: k2 * (g.x - f.x), ny: g.y - f.y, c: (k2 * (g.x * g.x - f.x * f.x) + (g.y * g.y - f.y * f.y)) / 2)
    }
}

/// Sutherland–Hodgman clipping of rings by half-planes. A non-convex ring cut into several pieces
/// comes back as one ring joined by zero-width bridges along the cutting line; the coverage
/// engine integrates edges, so a bridge's two directions cancel and the area is exact.
enum HalfPlaneClip {
    static func clip(_ ring: Ring, by plane: HalfPlane) -> Ring {
        guard ring.count >= 4 else { return [] }
        var out: Ring = []
        out.reserveCapacity(ring.count + 4)
        for i in 0..<(ring.count - 1) {
            let p = ring[i]
            let q = ring[i + 1]
            let vp = plane.value(p)
            let vq = plane.value(q)
            if vp <= 0 { out.append(p) }
            if (vp < 0 && vq > 0) || (vp > 0 && vq < 0) {
                let t = vp / (vp - vq)
                out.append(Position(p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)))
            }
        }
        guard out.count >= 3 else { return [] }
        out.append(out[0])
        return out
    }

    /// Every ring clipped; polygons whose exterior vanishes are dropped, holes likewise.
    static func clip(_ shape: MultiPolygon, by plane: HalfPlane) -> MultiPolygon {
        MultiPolygon(
            shape.polygons.compactMap { polygon in
                let exterior = clip(polygon.exterior, by: plane)
                guard abs(signedArea(exterior)) > 0 else { return nil }
                return Polygon(exterior: exterior, holes: polygon.holes.map { clip($0, by: plane) }.filter { abs(signedArea($0)) > 0 })
            })
    }
}
