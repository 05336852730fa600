/// A boundary GEOS finds invalid, each saying how to fix it.
public enum BoundaryError: Error, Equatable, Sendable {
    case invalidBoundary(feature: String, reason: String)
    /// Invalid, and GEOS MakeValid leaves nothing with an area (a polygon folded onto a line).
    case noAreaAfterRepair(feature: String, reason: String)
}

extension BoundaryError: CustomStringConvertible {
    public var description: String {
        switch self {
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
