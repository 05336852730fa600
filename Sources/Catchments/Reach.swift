import Zonal

/// The parts of an area within reach: the area clipped by each circle near it (circles are convex,
/// so clipping by their edges is exact). Where circles overlap, the pieces overlap; the coverage
/// engine counts overlapping parts once per cell (coverage capped at 1), which is exact except in
/// the cells an overlap's edge passes through.
public enum Reach {
    public static func within(_ area: MultiPolygon, circles: [MultiPolygon]) -> MultiPolygon {
        guard let box = area.boundingBox else { return MultiPolygon([]) }
        var pieces: [Polygon] = []
        for circle in circles {
            for disc in circle.polygons {
                guard let b = BoundingBox(of: disc.exterior), b.intersects(box) else { continue }
                var clipped = area
                for plane in halfPlanes(of: disc.exterior) {
                    clipped = HalfPlaneClip.clip(clipped, by: plane)
                    if clipped.polygons.isEmpty { break }
                }
                pieces += clipped.polygons
            }
        }
        return MultiPolygon(pieces)
    }

    /// The inner half-planes of a convex ring's edges, four spread ones first so that the area
    /// shrinks to the disc's neighbourhood after four passes.
    static func halfPlanes(of ring: Ring) -> [HalfPlane] {
        let n = ring.count - 1
        let ccw = signedArea(ring) > 0
        let order = [0, n / 4, n / 2, 3 * n / 4] + (0..<n).filter { ![0, n / 4, n / 2, 3 * n / 4].contains($0) }
        return order.map { i in
            let a = ring[i], b = ring[i + 1]
            // Left of a→b is inside for a counter-clockwise ring: (b−a)×(p−a) ≥ 0.
            let nx = ccw ? (b.y - a.y) : -(b.y - a.y), ny = ccw ? -(b.x - a.x) : (b.x - a.x)
            return HalfPlane(nx: nx, ny: ny, c: nx * a.x + ny * a.y)
        }
    }
}
