/// Errors in summing over zones, each saying how to fix it (errors in reading GeoJSON are `GeoJSONError`s).
public enum ZonalError: Error, Equatable, Sendable {
    case noZones(source: String)
    case invalidBoundary(feature: String, reason: String)
    /// Invalid, and GEOS MakeValid leaves nothing with an area (a polygon folded onto a line).
    case noAreaAfterRepair(feature: String, reason: String)
}

extension ZonalError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .noZones(let source):
            return "'\(source)' has no Polygon or MultiPolygon features to sum over."
        case .invalidBoundary(let feature, let reason):
            return
                "the boundary of \(feature) is invalid (\(reason)). Leave out --strict-geometry to have it repaired (GEOS "
                + "MakeValid) and reported, or repair it (QGIS: Fix Geometries; ogr2ogr -makevalid)."
        case .noAreaAfterRepair(let feature, let reason):
            return
                "the boundary of \(feature) has no area (\(reason)), and none is left after repair (GEOS MakeValid): draw it again, or "
                + "leave it out of the file."
        }
    }
}
