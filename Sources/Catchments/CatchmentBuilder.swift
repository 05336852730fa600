import Geometry

/// How a facility's catchment is drawn.
public enum CatchmentMethod: Sendable, Hashable {
    /// Nearest facility within the parent's boundary.
    case voronoi
    /// Everything within a geodesic distance (metres), across boundaries.
    case radius(Double)
}

/// Facilities to catchment zones: validates the facilities (listing the ones that cannot be used
/// and why), then draws the catchments.
public enum CatchmentBuilder {
    public struct Result: Sendable {
        /// One zone per usable facility, with the facility's id.
        public var zones: [Zone]
        public var excluded: [ExcludedFacility]
    }

    /// `parents`: the boundaries of the facilities' parents by id.
    public static func build(facilities: [Facility], parents: [String: MultiPolygon], method: CatchmentMethod) throws -> Result {
        var excluded: [ExcludedFacility] = []
        var usable: [Facility] = []
        var seen: [Position: Facility] = [:]
        for f in facilities {
            if case .voronoi = method, f.parent.flatMap({ parents[$0] }) == nil {
                excluded.append(ExcludedFacility(id: f.id, name: f.name, reason: "its parent org unit has no boundary"))
            } else if let parent = f.parent.flatMap({ parents[$0] }), !contains(parent, f.position) {
                excluded.append(
                    ExcludedFacility(
                        id: f.id, name: f.name,
                        reason: "its coordinates (\(f.position.x), \(f.position.y)) are outside its parent's boundary"))
            } else if let twin = seen[f.position], case .voronoi = method {
                excluded.append(
                    ExcludedFacility(
                        id: f.id, name: f.name,
                        reason: "same coordinates as \(twin.name): one catchment cannot be split between them"))
            } else {
                seen[f.position] = f
                usable.append(f)
            }
        }
        var zones: [Zone] = []
        switch method {
        case .voronoi:
            let byParent = Dictionary(grouping: usable, by: { $0.parent! })
            for (parent, siblings) in byParent.sorted(by: { $0.key < $1.key }) {
                let cells = VoronoiCatchments.cells(of: siblings, within: parents[parent]!)
                for f in siblings {
                    guard let cell = cells[f.id], !cell.polygons.isEmpty else {
                        excluded.append(ExcludedFacility(id: f.id, name: f.name, reason: "its catchment is empty"))
                        continue
                    }
                    zones.append(
                        Zone(
                            id: f.id, name: f.name, geometry: cell,
                            properties: [
                                Zone.derivedProperty: "voronoi catchment"
                            ]))
                }
            }
        case .radius(let metres):
            guard metres > 0, metres <= 1_000_000 else { throw CatchmentError.badRadius(metres / 1000) }
            for f in usable {
                zones.append(
                    Zone(
                        id: f.id, name: f.name, geometry: try GeodesicCircle.polygon(center: f.position, radius: metres),
                        properties: [Zone.derivedProperty: "radius catchment"]))
            }
        }
        return Result(zones: zones.sorted { $0.id < $1.id }, excluded: excluded)
    }
}
