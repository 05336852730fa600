import Zonal

/// The parts of an area within reach: the area clipped by each circle near it (circles are convex,
/// so clipping by their edges is exact). Where circles overlap, the pieces overlap; the coverage
/// engine counts overlapping parts once per cell (coverage capped at 1), which is exact except in
/// the cells an overlap's edge passes through.
public struct Reach: Sendable {
    /// Every disc (a circle split at ±180° gives two) with its bounding box, computed once.
    let discs: [(polygon: Polygon, box: BoundingBox)]

    public init(circles: [MultiPolygon]) {
        discs = circles.flatMap { $0.polygons.compactMap { p in BoundingBox(of: p.exterior).map { (p, $0) } } }
    }

    public static func within(_ area: MultiPolygon, circles: [MultiPolygon]) -> MultiPolygon {
        Reach(circles: circles).within(area)
    }

    public func within(_ area: MultiPolygon) -> MultiPolygon {
        guard let box = area.boundingBox else { return MultiPolygon([]) }
        var pieces: [Polygon] = []
        for (disc, b) in discs where b.intersects(box) {
            // Most discs lie wholly inside the area: no edge of the area comes near them.
            if !Self.anyEdge(of: area, near: b), contains(area, Self.centroid(disc.exterior)) {
                pieces.append(disc)
                continue
            }
            var clipped = area
            for plane in Self.halfPlanes(of: disc.exterior) {
                clipped = HalfPlaneClip.clip(clipped, by: plane)
                if clipped.polygons.isEmpty { break }
            }
            pieces += clipped.polygons
        }
        return MultiPolygon(pieces)
    }

    /// Whether an edge of the area (exterior or hole) has its bounding box overlapping `box`: a
    /// cheap, conservative test that no boundary passes through the box.
    static func anyEdge(of area: MultiPolygon, near box: BoundingBox) -> Bool {
        for polygon in area.polygons {
            for ring in [polygon.exterior] + polygon.holes where ring.count > 1 {
                for i in 0..<(ring.count - 1) {
                    let a = ring[i], c = ring[i + 1]
                    if min(a.x, c.x) <= box.maxX, max(a.x, c.x) >= box.minX, min(a.y, c.y) <= box.maxY, max(a.y, c.y) >= box.minY { return true }
                }
            }
        }
        return false
    }

    /// Mean of a convex ring's vertices: inside it.
    static func centroid(_ ring: Ring) -> Position {
        let n = Double(ring.count - 1)
        return Position(ring.dropLast().reduce(0) { $0 + $1.x } / n, ring.dropLast().reduce(0) { $0 + $1.y } / n)
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
