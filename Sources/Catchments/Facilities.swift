import Geometry

/// A health facility: a point, the area it belongs to, and its name for reports.
public struct Facility: Sendable, Hashable {
    public var id: String
    public var name: String
    public var position: Position
    /// The parent org unit's id.
    public var parent: String?

    public init(id: String, name: String, position: Position, parent: String?) {
        self.id = id
        self.name = name
        self.position = position
        self.parent = parent
    }
}

/// A facility that was not used, and why — listed in reports, never dropped silently.
public struct ExcludedFacility: Sendable, Hashable {
    public var id: String
    public var name: String
    public var reason: String

    public init(id: String, name: String, reason: String) {
        self.id = id
        self.name = name
        self.reason = reason
    }
}

/// Even–odd point-in-polygon on the exterior and holes (a point on an edge counts as inside).
public func contains(_ shape: MultiPolygon, _ p: Position) -> Bool {
    func inRing(_ ring: Ring) -> Bool {
        var inside = false
        var j = ring.count - 1
        for i in 0..<ring.count {
            let a = ring[i]
            let b = ring[j]
            if (a.y > p.y) != (b.y > p.y), p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x { inside.toggle() }
            j = i
        }
        return inside
    }
    return shape.polygons.contains { inRing($0.exterior) && !$0.holes.contains(where: inRing) }
}
