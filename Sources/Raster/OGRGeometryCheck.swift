import CGDAL

/// Validity and repair of polygons with GEOS, reached through GDAL's OGR API (GDAL is built
/// with GEOS on Debian). GeoJSON text is the interchange, so that nothing above this module
/// needs GDAL's types: robust predicates, not a hand-written sweep.
public enum OGRGeometryCheck {
    public struct Verdict: Sendable, Equatable {
        public var isValid: Bool
        /// GEOS's reason when invalid ("Self-intersection[x y]", "Ring Self-intersection…").
        public var reason: String?
        /// Planar area in square degrees, as GEOS computes it for the geometry as given.
        public var area: Double
    }

    /// GEOS's verdict on a GeoJSON Polygon or MultiPolygon.
    public static func check(geoJSON: String) throws -> Verdict {
        _ = GDAL.ready
        let geometry = try parse(geoJSON)
        defer { OGR_G_DestroyGeometry(geometry) }
        CPLErrorReset()
        let valid = OGR_G_IsValid(geometry) != 0
        // OGR reports GEOS's reason for an invalid geometry as a CPL error/debug message.
        let message = CPLGetLastErrorMsg().map { String(cString: $0) }
        return Verdict(isValid: valid, reason: valid ? nil : (message?.isEmpty == false ? message : nil), area: OGR_G_Area(geometry))
    }

    /// GEOS MakeValid (the "linework" method, as shapely's `make_valid`), keeping only the
    /// polygonal part: lines and points that collapse out of a bow-tie or a spike enclose no
    /// people. Returns a GeoJSON MultiPolygon, or nil when nothing with an area is left.
    public static func makeValidPolygons(geoJSON: String) throws -> String? {
        _ = GDAL.ready
        let geometry = try parse(geoJSON)
        defer { OGR_G_DestroyGeometry(geometry) }
        guard let valid = OGR_G_MakeValid(geometry) else {
            throw RasterError.geometry(GDAL.lastError(or: "GEOS could not repair the geometry"))
        }
        defer { OGR_G_DestroyGeometry(valid) }
        let result = OGR_G_CreateGeometry(wkbMultiPolygon)!
        defer { OGR_G_DestroyGeometry(result) }
        collectPolygons(valid, into: result)
        guard OGR_G_GetGeometryCount(result) > 0, let json = OGR_G_ExportToJson(result) else { return nil }
        defer { VSIFree(json) }
        return String(cString: json)
    }

    static func collectPolygons(_ g: OGRGeometryH, into result: OGRGeometryH) {
        switch OGR_GT_Flatten(OGR_G_GetGeometryType(g)) {
        case wkbPolygon:
            if OGR_G_Area(g) > 0 { OGR_G_AddGeometry(result, g) }
        case wkbMultiPolygon, wkbGeometryCollection:
            for i in 0..<OGR_G_GetGeometryCount(g) { collectPolygons(OGR_G_GetGeometryRef(g, i), into: result) }
        default:
            break
        }
    }

    static func parse(_ geoJSON: String) throws -> OGRGeometryH {
        guard let g = OGR_G_CreateGeometryFromJson(geoJSON) else {
            throw RasterError.geometry(GDAL.lastError(or: "not a GeoJSON geometry"))
        }
        return g
    }
}
