import CGDAL
import Foundation
import Grid

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
            throw VectorFileError.cannotOpen(path: path, reason: "no such file")
        }
        let isZip = path.lowercased().hasSuffix(".zip")
        if isZip, let names = ZipEntries.names(of: path) {
            let unsafe = names.filter(ZipEntries.isUnsafe)
            guard unsafe.isEmpty else { throw VectorFileError.unsafeZipEntries(path: path, entries: unsafe) }
        }
        let source = isZip ? "/vsizip/" + path : path
        CPLErrorReset()
        guard let dataset = GDALOpenEx(source, UInt32(GDAL_OF_VECTOR | GDAL_OF_READONLY), nil, nil, nil) else {
            throw VectorFileError.cannotOpen(
                path: path, reason: GDAL.lastError(or: "GDAL does not recognise it as a vector file"))
        }
        defer { GDALClose(dataset) }
        guard GDALDatasetGetLayerCount(dataset) > 0, let layer = GDALDatasetGetLayer(dataset, 0) else {
            throw VectorFileError.cannotOpen(path: path, reason: "it has no layer")
        }
        try checkShapefileHasDBF(dataset, path: path)
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
                throw VectorFileError.cannotOpen(
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
        var extreme = (x: 0.0, y: 0.0)
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
                var envelope = OGREnvelope()
                OGR_G_GetEnvelope(geometry, &envelope)
                extreme.x = max(extreme.x, abs(envelope.MinX), abs(envelope.MaxX))
                extreme.y = max(extreme.y, abs(envelope.MinY), abs(envelope.MaxY))
                if let text = OGR_G_ExportToJson(geometry) {
                    json = String(cString: text)
                    VSIFree(text)
                }
            }
            features.append(VectorFeature(properties: properties, geoJSON: json))
        }
        // Without a CRS (a Shapefile without .prj, GeoJSON in metres) GDAL takes the numbers for
        // degrees; every boundary would then fail on its own, and DHIS2's would be used silently.
        if extreme.x > 180.0000001 { throw VectorFileError.looksProjected(path: path, axis: "x", extreme: extreme.x) }
        if extreme.y > 90.0000001 { throw VectorFileError.looksProjected(path: path, axis: "y", extreme: extreme.y) }
        return (features, reprojectedFrom)
    }

    /// GDAL opens a Shapefile without its .dbf, with no attributes: then nothing can be matched by
    /// name or code, and the message would be about a missing property instead of the missing file.
    static func checkShapefileHasDBF(_ dataset: GDALDatasetH, path: String) throws {
        guard let driver = GDALGetDatasetDriver(dataset), String(cString: GDALGetDriverShortName(driver)) == "ESRI Shapefile" else {
            return
        }
        guard let list = GDALGetFileList(dataset) else { return }
        defer { CSLDestroy(list) }
        var files: [String] = []
        var i = 0
        while let entry = list[i] {
            files.append(String(cString: entry))
            i += 1
        }
        guard let shp = files.first(where: { $0.lowercased().hasSuffix(".shp") }),
            !files.contains(where: { $0.lowercased().hasSuffix(".dbf") })
        else { return }
        let name = URL(fileURLWithPath: shp).deletingPathExtension().lastPathComponent
        throw VectorFileError.missingDBF(path: path, dbf: name + ".dbf")
    }
}
