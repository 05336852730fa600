/// Errors in summing over zones, each saying how to fix it (errors in reading GeoJSON are
/// `GeoJSONError`s, in checking boundaries `BoundaryError`s).
public enum ZonalError: Error, Equatable, Sendable {
    case noZones(source: String)
}

extension ZonalError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noZones(let source):
            return "'\(source)' has no Polygon or MultiPolygon features to sum over."
        }
    }
}
