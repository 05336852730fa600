import Foundation
import Geometry

/// The parts of areas within a distance of any facility, as disjoint pieces so that summing them
/// counts every cell's people once, exactly.
///
/// A point within reach of some facility is within reach of its nearest one. So the union of the
/// discs is the union of each disc cut to its facility's Voronoi cell — pieces that do not overlap.
/// Each piece is the area clipped by the disc's edges and by the bisectors with the facilities
/// whose discs meet it (farther ones cannot cut it): half-plane clipping, exact. A bisector uses
/// the equidistant scale of its pair's mean latitude, the same line from both sides, so
/// neighbouring pieces meet without gap or overlap.
public struct Reach: Sendable {
    struct Site: Sendable {
        var center: Position
        /// The disc; two polygons when it crosses ±180°.
        var disc: [Polygon]
        var box: BoundingBox
        var neighbours: [Int]
    }

    let sites: [Site]

    public init(centers: [Position], radius: Double) throws {
        var sites: [Site] = []
        // Two facilities at one place reach the same disc; one of them is enough.
        var seen = Set<Position>()
        for c in centers where seen.insert(c).inserted {
            let disc = try GeodesicCircle.polygon(center: c, radius: radius).polygons
            let box = BoundingBox(of: disc.lazy.flatMap(\.exterior))!
            sites.append(Site(center: c, disc: disc, box: box, neighbours: []))
        }
        // Facilities whose discs can meet: their boxes overlap (sorted sweep over minX).
        let order = sites.indices.sorted { sites[$0].box.minX < sites[$1].box.minX }
        for (k, i) in order.enumerated() {
            for j in order[(k + 1)...] {
                if sites[j].box.minX > sites[i].box.maxX { break }
                if sites[i].box.intersects(sites[j].box) {
                    sites[i].neighbours.append(j)
                    sites[j].neighbours.append(i)
                }
            }
        }
        // Discs split at ±180° have boxes spanning the globe's width: pair them with everything
        // near either side by brute force (rare).
        for i in sites.indices where sites[i].disc.count > 1 {
            for j in sites.indices
            where j != i && !sites[i].neighbours.contains(j) && Geodesic.distance(sites[i].center, sites[j].center) < 2.0001 * radius {
                sites[i].neighbours.append(j)
                sites[j].neighbours.append(i)
            }
        }
        self.sites = sites
    }

    public func within(_ area: MultiPolygon) -> MultiPolygon {
        guard let box = area.boundingBox else { return MultiPolygon([]) }
        var pieces: [Polygon] = []
        for site in sites where site.box.intersects(box) {
            for disc in site.disc {
                guard let discBox = BoundingBox(of: disc.exterior), discBox.intersects(box) else { continue }
                // The facility's position in this disc polygon's frame (shifted by 360° on the far
                // side of the antimeridian).
                let frameX = site.center.x + 360 * ((Self.centroid(disc.exterior).x - site.center.x) / 360).rounded()
                let f = Position(frameX, site.center.y)
                let bisectors = site.neighbours.map { j -> HalfPlane in
                    let g = sites[j].center
                    return Self.bisector(f, Position(frameX + Geodesic.normalizedLongitude(g.x - site.center.x), g.y))
                }
                if bisectors.isEmpty, !Self.anyEdge(of: area, near: discBox), contains(area, Self.centroid(disc.exterior)) {
                    pieces.append(disc)  // wholly inside, and nobody to share it with
                    continue
                }
                let discPlanes = Self.halfPlanes(of: disc.exterior)
                var clipped = area
                for plane in discPlanes.prefix(4) + bisectors + discPlanes.dropFirst(4) {
                    clipped = HalfPlaneClip.clip(clipped, by: plane)
                    if clipped.polygons.isEmpty { break }
                }
                pieces += clipped.polygons
            }
        }
        return MultiPolygon(pieces)
    }

    /// The points nearer to `f` than to `g`, at the scale of the pair's mean latitude (the same
    /// line seen from either side).
    static func bisector(_ f: Position, _ g: Position) -> HalfPlane {
        HalfPlane.nearer(to: f, than: g, lonScale: cos((f.y + g.y) / 2 * .pi / 180))
    }

    /// Whether an edge of the area (exterior or hole) has its bounding box overlapping `box`: a
    /// cheap, conservative test that no boundary passes through the box.
    static func anyEdge(of area: MultiPolygon, near box: BoundingBox) -> Bool {
        for polygon in area.polygons {
            for ring in [polygon.exterior] + polygon.holes where ring.count > 1 {
                for i in 0..<(ring.count - 1) {
                    let a = ring[i]
                    let c = ring[i + 1]
                    if min(a.x, c.x) <= box.maxX, max(a.x, c.x) >= box.minX, min(a.y, c.y) <= box.maxY, max(a.y, c.y) >= box.minY {
                        return true
                    }
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
            let a = ring[i]
            let b = ring[i + 1]
            // Left of a→b is inside for a counter-clockwise ring: (b−a)×(p−a) ≥ 0.
            let nx = ccw ? (b.y - a.y) : -(b.y - a.y)
            let ny = ccw ? -(b.x - a.x) : (b.x - a.x)
            return HalfPlane(nx: nx, ny: ny, c: nx * a.x + ny * a.y)
        }
    }
}
