import CGDAL
import GDALBinding
import Grid

/// Writes GeoTIFFs: for derived rasters, fixtures and tests of what the reader refuses.
public enum GeoTIFFWriter {
    /// Writes float32 `bands` (row-major, `grid.width * grid.height` each) to `path`,
    /// DEFLATE-compressed, in the CRS of `epsg` (4326 unless a test needs something else).
    public static func write(path: String, grid: RasterGrid, bands: [[Float]], noData: Double? = nil, epsg: Int32 = 4326) throws {
        try write(path: path, grid: grid, bands: bands, type: .float32, epsg: epsg) { band in
            if let noData { GDALSetRasterNoDataValue(band, noData) }
        }
    }

    /// Writes `bands` held as `Cell`s into bands of `type` (GDAL converts), with a nodata value
    /// given exactly in the cells' type (64-bit integers included).
    public static func write<Cell: RasterCell>(
        path: String, grid: RasterGrid, bands: [[Cell]], type: BandType, noData: Cell? = nil, epsg: Int32 = 4326
    ) throws {
        try write(path: path, grid: grid, bands: bands, type: type, epsg: epsg) { band in
            switch noData {
            case let value as Int64: GDALSetRasterNoDataValueAsInt64(band, value)
            case let value as UInt64: GDALSetRasterNoDataValueAsUInt64(band, value)
            case let value?: GDALSetRasterNoDataValue(band, value.doubleValue)
            case nil: break
            }
        }
    }

    private static func write<Cell: RasterCell>(
        path: String, grid: RasterGrid, bands: [[Cell]], type: BandType, epsg: Int32, setNoData: (GDALRasterBandH) -> Void
    ) throws {
        _ = GDAL.ready
        CPLErrorReset()
        guard let driver = GDALGetDriverByName("GTiff") else {
            throw RasterError.cannotOpen(path: path, reason: "GDAL has no GTiff driver")
        }
        var options: [UnsafeMutablePointer<CChar>?] = [strdup("COMPRESS=DEFLATE"), strdup("TILED=YES")]
        if type == .int8 { options.append(strdup("PIXELTYPE=SIGNEDBYTE")) }
        options.append(nil)
        defer { for option in options { free(option) } }
        guard let ds = GDALCreate(driver, path, Int32(grid.width), Int32(grid.height), Int32(bands.count), type.gdal, &options) else {
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
            let band = GDALGetRasterBand(ds, Int32(i + 1))!
            setNoData(band)
            // GDAL 3.6 clamps negatives written to a Byte band: a signed byte goes as its bit pattern.
            var copy = type == .int8 ? values.map { Cell(noData: $0.doubleValue < 0 ? $0.doubleValue + 256 : $0.doubleValue)! } : values
            let err = copy.withUnsafeMutableBufferPointer { buf in
                GDALRasterIO(
                    band, GF_Write, 0, 0, Int32(grid.width), Int32(grid.height), buf.baseAddress,
                    Int32(grid.width), Int32(grid.height), Cell.cellType.gdal, 0, 0)
            }
            guard err == CE_None else {
                throw RasterError.readFailed(path: path, band: i + 1, reason: GDAL.lastError(or: "write failed"))
            }
        }
    }
}
