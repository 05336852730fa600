/// A named area to sum population over: an org unit's boundary or a feature of a boundary file.
public struct Zone: Sendable, Hashable {
    public var id: String
    public var name: String?
    public var geometry: MultiPolygon
    public var properties: [String: String]

    public init(id: String, name: String? = nil, geometry: MultiPolygon, properties: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.geometry = geometry
        self.properties = properties
    }

    /// Throws when a ring of the zone crosses itself or another ring (see `SelfIntersection`).
    public func validate() throws {
        for polygon in geometry.polygons {
            if let p = SelfIntersection.firstCrossing(in: polygon) {
                throw ZonalError.selfIntersection(feature: name.map { "\($0) (\(id))" } ?? id, at: p)
            }
        }
    }
}
