/// Finds rings that cross themselves or each other (a bow-tie, or a hole poking out of its shell).
///
/// The coverage engine adds signed areas, so a crossing ring would make one lobe count negative;
/// such polygons are refused with the location of the crossing instead of giving a wrong number.
/// Touching at a vertex and overlapping collinear edges enclose no wrong area and are accepted.
public enum SelfIntersection {
    /// The first proper crossing between two non-adjacent edges of the polygon's rings, if any.
    public static func firstCrossing(in polygon: Polygon) -> Position? {
        let rings = [polygon.exterior] + polygon.holes
        var edges: [(a: Position, b: Position, ring: Int32, index: Int32, count: Int32)] = []
        var totalLength = 0.0
        for (r, ring) in rings.enumerated() {
            let n = ring.count - 1
            for i in 0..<n {
                let a = ring[i], b = ring[i + 1]
                if a == b { continue }
                edges.append((a, b, Int32(r), Int32(i), Int32(n)))
                totalLength += max(abs(b.x - a.x), abs(b.y - a.y))
            }
        }
        guard edges.count > 3, let box = BoundingBox(of: rings.joined()) else { return nil }
        // Buckets about twice the mean edge length: few edges per bucket, so the pair tests stay
        // linear in the number of vertices even for 10⁵-vertex boundaries.
        let size = max(2 * totalLength / Double(edges.count), max(box.maxX - box.minX, box.maxY - box.minY) / 1e6, 1e-12)
        var buckets: [Int64: [Int32]] = [:]
        for (k, e) in edges.enumerated() {
            let x0 = Int64(((min(e.a.x, e.b.x) - box.minX) / size).rounded(.down))
            let x1 = Int64(((max(e.a.x, e.b.x) - box.minX) / size).rounded(.down))
            let y0 = Int64(((min(e.a.y, e.b.y) - box.minY) / size).rounded(.down))
            let y1 = Int64(((max(e.a.y, e.b.y) - box.minY) / size).rounded(.down))
            for x in x0...x1 {
                for y in y0...y1 { buckets[x &* 4_000_003 &+ y, default: []].append(Int32(k)) }
            }
        }
        for list in buckets.values where list.count > 1 {
            for i in 0..<(list.count - 1) {
                let e = edges[Int(list[i])]
                for j in (i + 1)..<list.count {
                    let f = edges[Int(list[j])]
                    if e.ring == f.ring {
                        let d = abs(e.index - f.index)
                        if d == 1 || d == e.count - 1 { continue }  // neighbours share a vertex
                    }
                    if let p = properCrossing(e.a, e.b, f.a, f.b) { return p }
                }
            }
        }
        return nil
    }

    @inline(__always)
    static func orient(_ a: Position, _ b: Position, _ c: Position) -> Double {
        (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
    }

    /// The crossing point when segments ab and cd cross at a point interior to both.
    static func properCrossing(_ a: Position, _ b: Position, _ c: Position, _ d: Position) -> Position? {
        let o1 = orient(a, b, c), o2 = orient(a, b, d)
        guard (o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0) else { return nil }
        let o3 = orient(c, d, a), o4 = orient(c, d, b)
        guard (o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0) else { return nil }
        let t = o3 / (o3 - o4)
        return Position(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y))
    }
}
