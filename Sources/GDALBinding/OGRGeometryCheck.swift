import CGDAL
import Geometry
import Grid

/// Validity and repair of polygons with GEOS, reached through GDAL's OGR API (GDAL is built
/// with GEOS on Debian): robust predicates, not a hand-written sweep. Coordinates go to OGR and
/// come back as arrays of points, never as text: writing and parsing GeoJSON for every boundary
/// took a quarter of a run's time.
public enum OGRGeometryCheck {
    public struct Verdict: Sendable, Equatable {
        public var isValid: Bool
        /// GEOS's reason when invalid ("Self-intersection[x y]", "Ring Self-intersection…").
        public var reason: String?
        /// Planar area in square degrees, as GEOS computes it for the geometry as given.
        public var area: Double
    }

    /// GEOS's verdict on a Polygon or MultiPolygon.
    public static func check(_ multiPolygon: MultiPolygon) -> Verdict {
        _ = GDAL.ready
        let geometry = makeGeometry(multiPolygon)
        defer { OGR_G_DestroyGeometry(geometry) }
        CPLErrorReset()
        let valid = OGR_G_IsValid(geometry) != 0
        // OGR reports GEOS's reason for an invalid geometry as a CPL error/debug message.
        let message = CPLGetLastErrorMsg().map { String(cString: $0) }
        return Verdict(isValid: valid, reason: valid ? nil : (message?.isEmpty == false ? message : nil), area: OGR_G_Area(geometry))
    }

    /// GEOS MakeValid (the "linework" method, as shapely's `make_valid`), keeping only the
    /// polygonal part: lines and points that collapse out of a bow-tie or a spike enclose no
    /// people. Returns nil when nothing with an area is left.
    public static func makeValidPolygons(_ multiPolygon: MultiPolygon) throws -> MultiPolygon? {
        _ = GDAL.ready
        let geometry = makeGeometry(multiPolygon)
        defer { OGR_G_DestroyGeometry(geometry) }
        guard let valid = OGR_G_MakeValid(geometry) else {
            throw RasterError.geometry(GDAL.lastError(or: "GEOS could not repair the geometry"))
        }
        defer { OGR_G_DestroyGeometry(valid) }
        var polygons: [Polygon] = []
        collectPolygons(valid, into: &polygons)
        return polygons.isEmpty ? nil : MultiPolygon(polygons)
    }

    static func collectPolygons(_ g: OGRGeometryH, into polygons: inout [Polygon]) {
        switch OGR_GT_Flatten(OGR_G_GetGeometryType(g)) {
        case wkbPolygon:
            guard OGR_G_Area(g) > 0, OGR_G_GetGeometryCount(g) > 0 else { return }
            let rings = (0..<OGR_G_GetGeometryCount(g)).map { points(of: OGR_G_GetGeometryRef(g, $0)) }
            polygons.append(Polygon(exterior: rings[0], holes: Array(rings.dropFirst())))
        case wkbMultiPolygon, wkbGeometryCollection:
            for i in 0..<OGR_G_GetGeometryCount(g) { collectPolygons(OGR_G_GetGeometryRef(g, i), into: &polygons) }
        default:
            break
        }
    }

    /// An OGR MultiPolygon with the rings' points copied in whole arrays (a `Position` is two
    /// adjacent Doubles, so x and y are read with a stride).
    static func makeGeometry(_ multiPolygon: MultiPolygon) -> OGRGeometryH {
        let result = OGR_G_CreateGeometry(wkbMultiPolygon)!
        for polygon in multiPolygon.polygons {
            let p = OGR_G_CreateGeometry(wkbPolygon)!
            for ring in [polygon.exterior] + polygon.holes {
                let r = OGR_G_CreateGeometry(wkbLinearRing)!
                ring.withUnsafeBytes { bytes in
                    let base = bytes.baseAddress
                    OGR_G_SetPoints(
                        r, Int32(ring.count), base, Int32(MemoryLayout<Position>.stride),
                        base.map { $0 + MemoryLayout<Double>.stride }, Int32(MemoryLayout<Position>.stride), nil, 0)
                }
                OGR_G_AddGeometryDirectly(p, r)
            }
            OGR_G_AddGeometryDirectly(result, p)
        }
        return result
    }

    static func points(of ring: OGRGeometryH?) -> Ring {
        guard let ring else { return [] }
        let count = Int(OGR_G_GetPointCount(ring))
        var positions = [Position](repeating: Position(0, 0), count: count)
        positions.withUnsafeMutableBytes { bytes in
            let stride = Int32(MemoryLayout<Position>.stride)
            _ = OGR_G_GetPoints(ring, bytes.baseAddress, stride, bytes.baseAddress.map { $0 + MemoryLayout<Double>.stride }, stride, nil, 0)
        }
        return positions
    }
}
