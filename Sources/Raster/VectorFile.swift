import CGDAL
import Foundation

/// A feature of a vector file read with GDAL/OGR: its attributes as text and its geometry as
/// GeoJSON in WGS 84 longitude/latitude.
public struct VectorFeature: Sendable {
    public var properties: [String: String]
    public var geoJSON: String?
}

/// Boundary files in any vector format GDAL reads (GeoJSON, GeoPackage, Shapefile; a zipped
/// Shapefile through `/vsizip/`), reprojected to WGS 84 when their layer says another CRS.
public enum VectorFile {
    public static func read(path: String) throws -> (features: [VectorFeature], reprojectedFrom: String?) {
        _ = GDAL.ready
        guard FileManager.default.fileExists(atPath: path) else {
            throw RasterError.cannotOpen(path: path, reason: "no such file")
        }
        let source = path.lowercased().hasSuffix(".zip") ? "/vsizip/" + path : path
        guard let dataset = GDALOpenEx(source, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, nil, nil) else {
            throw RasterError.cannotOpen(
                path: path,
                reason: GDAL.lastError(
                    or: "not a vector file GDAL can read (GeoJSON, GeoPackage, Shapefile, zipped Shapefile)")
            )
        }
        defer { GDALClose(dataset) }
        guard GDALDatasetGetLayerCount(dataset) > 0, let layer = GDALDatasetGetLayer(dataset, 0) else {
            throw RasterError.cannotOpen(path: path, reason: "it has no layer")
        }
        // Longitude first, whatever the CRS definition's axis order says.
        let wgs84 = OSRNewSpatialReference(nil)!
        defer { OSRDestroySpatialReference(wgs84) }
        OSRImportFromEPSG(wgs84, 4326)
        OSRSetAxisMappingStrategy(wgs84, OAMS_TRADITIONAL_GIS_ORDER)
        var transform: OGRCoordinateTransformationH?
        var reprojectedFrom: String?
        if let layerSRS = OGR_L_GetSpatialRef(layer), OSRIsSame(layerSRS, wgs84) == 0 {
            let srs = OSRClone(layerSRS)!
            defer { OSRDestroySpatialReference(srs) }
            OSRSetAxisMappingStrategy(srs, OAMS_TRADITIONAL_GIS_ORDER)
            guard let t = OCTNewCoordinateTransformation(srs, wgs84) else {
                throw RasterError.cannotOpen(
                    path: path, reason: "its CRS cannot be transformed to WGS 84: \(GDAL.lastError(or: "unknown CRS"))")
            }
            transform = t
            let name = OSRGetName(srs).map { String(cString: $0) } ?? "another CRS"
            let code = OSRGetAuthorityCode(srs, nil).map { "EPSG:" + String(cString: $0) }
            reprojectedFrom = code.map { "\(name) (\($0))" } ?? name
        }
        defer { if let transform { OCTDestroyCoordinateTransformation(transform) } }
        let definition = OGR_L_GetLayerDefn(layer)
        let fieldNames = (0..<OGR_FD_GetFieldCount(definition)).map {
            String(cString: OGR_Fld_GetNameRef(OGR_FD_GetFieldDefn(definition, $0)))
        }
        OGR_L_ResetReading(layer)
        var features: [VectorFeature] = []
        while let feature = OGR_L_GetNextFeature(layer) {
            defer { OGR_F_Destroy(feature) }
            var properties: [String: String] = [:]
            for (i, name) in fieldNames.enumerated() where OGR_F_IsFieldSetAndNotNull(feature, Int32(i)) != 0 {
                properties[name] = String(cString: OGR_F_GetFieldAsString(feature, Int32(i)))
            }
            var json: String?
            if let geometry = OGR_F_GetGeometryRef(feature) {
                if let transform, OGR_G_Transform(geometry, transform) != OGRERR_NONE {
                    throw RasterError.geometry("feature \(OGR_F_GetFID(feature)) of '\(path)' cannot be reprojected to WGS 84")
                }
                if let text = OGR_G_ExportToJson(geometry) {
                    json = String(cString: text)
                    VSIFree(text)
                }
            }
            features.append(VectorFeature(properties: properties, geoJSON: json))
        }
        return (features, reprojectedFrom)
    }
}
