/// Errors in reading boundary GeoJSON, each naming the file and feature and saying how to fix it.
public enum GeoJSONError: Error, Equatable, Sendable {
    case invalidJSON(source: String, reason: String)
    case notGeoJSON(source: String, found: String)
    case invalidGeometry(source: String, feature: String, reason: String)
    case unsupportedCRS(source: String, crs: String)
    case missingIDField(source: String, feature: String, field: String)
    case duplicateID(source: String, id: String)
}

extension GeoJSONError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .invalidJSON(let source, let reason):
            return "'\(source)' is not valid JSON (\(reason)). Check that the file is complete GeoJSON."
        case .notGeoJSON(let source, let found):
            return "'\(source)' is not a GeoJSON FeatureCollection, Feature or Polygon/MultiPolygon (found \(found))."
        case .invalidGeometry(let source, let feature, let reason):
            return
                "feature \(feature) in '\(source)' has invalid geometry: \(reason). Fix it in QGIS (Vector ▸ Geometry Tools ▸ Fix "
                + "Geometries) or with ogr2ogr -makevalid."
        case .unsupportedCRS(let source, let crs):
            return
                "'\(source)' declares CRS \(crs); only lon/lat WGS 84 (CRS84/EPSG:4326) is supported, as GeoJSON requires. "
                + "Reproject: ogr2ogr -t_srs EPSG:4326 out.geojson in.geojson."
        case .missingIDField(let source, let feature, let field):
            return
                "feature \(feature) in '\(source)' has no property '\(field)'. Choose another --id-field, or omit it to use the feature id."
        case .duplicateID(let source, let id):
            return "id '\(id)' appears more than once in '\(source)'. Ids must be unique; choose another --id-field."
        }
    }
}
