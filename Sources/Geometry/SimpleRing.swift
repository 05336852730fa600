/// A cheap proof that a polygon is valid, so that GEOS's check (as long as summing a country) is
/// needed only for the boundaries it cannot clear.
///
/// It proves, never guesses: `isProvenValid` is true only for a MultiPolygon of one polygon without
/// holes whose ring is closed, has finite coordinates and at least three segments, and is simple —
/// no two segments meet except neighbours at their shared vertex, and neighbours turn at it.
/// Segments are bucketed on a grid over the ring's extent and every pair in a bucket is tested
/// with orientations whose sign is certain (Shewchuk's error bound, here doubled); a pair that
/// touches, or whose sign is not certain, or a ring too dense for the buckets, is no proof, and
/// the boundary goes to GEOS as before. A ring proven simple is a valid polygon for GEOS too:
/// GEOS's validity of a one-ring polygon is exactly this (and its predicates are exact).
public enum SimpleRing {
    /// True when `geometry` is proven valid (see above); false means "not proven", not "invalid".
    public static func isProvenValid(_ geometry: MultiPolygon) -> Bool {
        guard geometry.polygons.count == 1, geometry.polygons[0].holes.isEmpty else { return false }
        return isProvenSimple(geometry.polygons[0].exterior)
    }

    /// True when the closed `ring` is proven simple (see the type's documentation).
    public static func isProvenSimple(_ ring: Ring) -> Bool {
        let n = ring.count - 1  // segments; segment i joins ring[i] and ring[i + 1]
        guard n >= 3, ring[0] == ring[n] else { return false }
        var minX = Double.infinity
        var minY = Double.infinity
        var maxX = -Double.infinity
        var maxY = -Double.infinity
        for p in ring {
            guard p.x.isFinite, p.y.isFinite else { return false }
            minX = min(minX, p.x)
            minY = min(minY, p.y)
            maxX = max(maxX, p.x)
            maxY = max(maxY, p.y)
        }
        // Neighbours: segment i − 1 and i meet at ring[i] alone when the ring turns there.
        for i in 0..<n {
            let a = ring[i == 0 ? n - 1 : i - 1]
            let b = ring[i]
            let c = ring[i + 1]
            guard orientation(a, b, c) != 0 else { return false }
        }
        guard n > 3 else { return true }  // a triangle that turns at every vertex is simple
        let width = maxX - minX
        let height = maxY - minY
        guard width > 0, height > 0, width.isFinite, height.isFinite else { return false }
        // About one bucket per segment, over the ring's extent.
        let side = (width * height / Double(n)).squareRoot()
        let columns = max(1, min(Int((width / side).rounded(.up)), 4 * n))
        let rows = max(1, min(Int((height / side).rounded(.up)), 4 * n))
        let toColumn = Double(columns) / width
        let toRow = Double(rows) / height
        // Buckets by counting sort; a segment goes into every bucket its bounding box overlaps
        // (buckets are only a way to find candidates: where a segment is put never decides a
        // test; the cell of a point only has to grow with its coordinate, which these do).
        var cells = [Int32](repeating: 0, count: 4 * n)
        var start = [Int32](repeating: 0, count: columns * rows + 1)
        var inserts = 0
        let insertLimit = 16 * n
        for i in 0..<n {
            let a = ring[i]
            let b = ring[i + 1]
            let c0 = min(columns - 1, Int((min(a.x, b.x) - minX) * toColumn))
            let c1 = min(columns - 1, Int((max(a.x, b.x) - minX) * toColumn))
            let r0 = min(rows - 1, Int((min(a.y, b.y) - minY) * toRow))
            let r1 = min(rows - 1, Int((max(a.y, b.y) - minY) * toRow))
            inserts += (c1 - c0 + 1) * (r1 - r0 + 1)
            guard inserts <= insertLimit else { return false }
            cells[4 * i] = Int32(c0)
            cells[4 * i + 1] = Int32(c1)
            cells[4 * i + 2] = Int32(r0)
            cells[4 * i + 3] = Int32(r1)
            for r in r0...r1 {
                for c in c0...c1 { start[r * columns + c + 1] += 1 }
            }
        }
        for k in 0..<(columns * rows) { start[k + 1] += start[k] }
        var next = start
        var members = [Int32](repeating: 0, count: inserts)
        for i in 0..<n {
            for r in Int(cells[4 * i + 2])...Int(cells[4 * i + 3]) {
                for c in Int(cells[4 * i])...Int(cells[4 * i + 1]) {
                    members[Int(next[r * columns + c])] = Int32(i)
                    next[r * columns + c] += 1
                }
            }
        }
        var tests = 0
        let testLimit = 64 * n
        for k in 0..<(columns * rows) {
            let bucket = Int(start[k])..<Int(start[k + 1])
            guard bucket.count > 1 else { continue }
            tests += bucket.count * (bucket.count - 1) / 2
            guard tests <= testLimit else { return false }
            for x in bucket {
                let i = Int(members[x])
                for y in (x + 1)..<bucket.upperBound {
                    let j = Int(members[y])
                    let (lo, hi) = i < j ? (i, j) : (j, i)
                    if hi == lo + 1 || (lo == 0 && hi == n - 1) { continue }  // neighbours, checked above
                    guard provenDisjoint(ring[lo], ring[lo + 1], ring[hi], ring[hi + 1]) else { return false }
                }
            }
        }
        return true
    }

    /// True when segments pq and rs certainly have no point in common.
    @inline(__always)
    static func provenDisjoint(_ p: Position, _ q: Position, _ r: Position, _ s: Position) -> Bool {
        if max(p.x, q.x) < min(r.x, s.x) || max(r.x, s.x) < min(p.x, q.x) { return true }
        if max(p.y, q.y) < min(r.y, s.y) || max(r.y, s.y) < min(p.y, q.y) { return true }
        // r and s strictly on one side of the line pq (or p and q of the line rs): no common point.
        let o1 = orientation(p, q, r)
        let o2 = orientation(p, q, s)
        if o1 != 0, o1 == o2 { return true }
        let o3 = orientation(r, s, p)
        let o4 = orientation(r, s, q)
        return o3 != 0 && o3 == o4
    }

    /// The sign of the turn a → b → c (1 left, −1 right) when it is certain, 0 when it is not
    /// (collinear, or too close to call in Double): Shewchuk's `orient2d` filter, its bound doubled.
    @inline(__always)
    static func orientation(_ a: Position, _ b: Position, _ c: Position) -> Int {
        let left = (a.x - c.x) * (b.y - c.y)
        let right = (a.y - c.y) * (b.x - c.x)
        let det = left - right
        let magnitude = abs(left) + abs(right)
        // The bound is relative: products near Double's smallest numbers lose it (no boundary has them).
        guard magnitude >= 0x1p-900 else { return 0 }
        let bound = errorBound * magnitude
        if det > bound { return 1 }
        if -det > bound { return -1 }
        return 0
    }

    /// 2 × (3 + 16ε)ε, ε = 2⁻⁵³ (Shewchuk's `ccwerrboundA`, doubled for margin).
    static let errorBound: Double = {
        let epsilon = 0x1p-53
        return 2 * (3 + 16 * epsilon) * epsilon
    }()
}
