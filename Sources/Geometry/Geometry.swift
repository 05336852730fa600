/// A position in longitude/latitude degrees (GeoJSON order: x = lon, y = lat).
public struct Position: Sendable, Hashable {
    public var x: Double
    public var y: Double
    public init(_ x: Double, _ y: Double) {
        self.x = x
        self.y = y
    }
}

/// A closed ring: the first position is repeated at the end.
public typealias Ring = [Position]

/// A polygon with an outer boundary and optional holes. Ring orientation is free: the coverage
/// engine orients rings itself, so clockwise and counter-clockwise input give the same result.
public struct Polygon: Sendable, Hashable {
    public var exterior: Ring
    public var holes: [Ring]
    public init(exterior: Ring, holes: [Ring] = []) {
        self.exterior = exterior
        self.holes = holes
    }
}

/// One or more polygons; a GeoJSON Polygon becomes a MultiPolygon of one.
public struct MultiPolygon: Sendable, Hashable {
    public var polygons: [Polygon]
    public init(_ polygons: [Polygon]) { self.polygons = polygons }

    public var boundingBox: BoundingBox? {
        BoundingBox(of: polygons.lazy.flatMap { $0.exterior })
    }

    /// Planar area in square degrees (holes subtracted), for reports and overlap checks.
    public var planarArea: Double {
        polygons.reduce(0) { total, p in
            total + abs(signedArea(p.exterior)) - p.holes.reduce(0) { $0 + abs(signedArea($1)) }
        }
    }
}

public struct BoundingBox: Sendable, Hashable {
    public var minX, minY, maxX, maxY: Double

    public init(minX: Double, minY: Double, maxX: Double, maxY: Double) {
        self.minX = minX
        self.minY = minY
        self.maxX = maxX
        self.maxY = maxY
    }

    public init?<S: Sequence>(of positions: S) where S.Element == Position {
        var it = positions.makeIterator()
        guard let first = it.next() else { return nil }
        var box = BoundingBox(minX: first.x, minY: first.y, maxX: first.x, maxY: first.y)
        while let p = it.next() {
            box.minX = min(box.minX, p.x)
            box.maxX = max(box.maxX, p.x)
            box.minY = min(box.minY, p.y)
            box.maxY = max(box.maxY, p.y)
        }
        self = box
    }

    public func intersects(_ other: BoundingBox) -> Bool {
        minX < other.maxX && other.minX < maxX && minY < other.maxY && other.minY < maxY
    }
}

/// Shoelace signed area: positive for counter-clockwise rings in an x-right, y-up plane.
public func signedArea(_ ring: Ring) -> Double {
    guard ring.count > 2 else { return 0 }
    // Shifting to the first vertex keeps the products small and the sum accurate.
    let o = ring[0]
    var twice = 0.0
    for i in 0..<(ring.count - 1) {
        let a = ring[i]
        let b = ring[i + 1]
        twice += (a.x - o.x) * (b.y - o.y) - (b.x - o.x) * (a.y - o.y)
    }
    return twice / 2
}
