import CGDAL

/// Writes float32 GeoTIFFs: for derived rasters, fixtures and tests of what the reader refuses.
public enum GeoTIFFWriter {
    /// Writes `bands` (row-major, `grid.width * grid.height` each) to `path`, DEFLATE-compressed,
    /// in the CRS of `epsg` (4326 unless a test needs something else).
    public static func write(path: String, grid: RasterGrid, bands: [[Float]], noData: Double? = nil, epsg: Int32 = 4326) throws {
        _ = GDAL.ready
        CPLErrorReset()
        guard let driver = GDALGetDriverByName("GTiff") else {
            throw RasterError.cannotOpen(path: path, reason: "GDAL has no GTiff driver")
        }
        var options: [UnsafeMutablePointer<CChar>?] = [strdup("COMPRESS=DEFLATE"), strdup("TILED=YES"), nil]
        defer { for option in options { free(option) } }
        guard let ds = GDALCreate(driver, path, Int32(grid.width), Int32(grid.height), Int32(bands.count), GDT_Float32, &options) else {
            throw RasterError.cannotOpen(path: path, reason: GDAL.lastError(or: "cannot create the file"))
        }
        defer { GDALClose(ds) }
        let t = grid.transform
        var gt = [t.originX, t.pixelWidth, 0, t.originY, 0, -t.pixelHeight]
        GDALSetGeoTransform(ds, &gt)
        let srs = OSRNewSpatialReference(nil)
        defer { OSRDestroySpatialReference(srs) }
        OSRImportFromEPSG(srs, epsg)
        GDALSetSpatialRef(ds, srs)
        for (i, values) in bands.enumerated() {
            precondition(values.count == grid.width * grid.height, "band size must match the grid")
            let band = GDALGetRasterBand(ds, Int32(i + 1))
            if let noData { GDALSetRasterNoDataValue(band, noData) }
            var copy = values
            let err = copy.withUnsafeMutableBufferPointer { buf in
                GDALRasterIO(
                    band, GF_Write, 0, 0, Int32(grid.width), Int32(grid.height), buf.baseAddress,
                    Int32(grid.width), Int32(grid.height), GDT_Float32, 0, 0)
            }
            guard err == CE_None else {
                throw RasterError.readFailed(path: path, band: i + 1, reason: GDAL.lastError(or: "write failed"))
            }
        }
    }
}
