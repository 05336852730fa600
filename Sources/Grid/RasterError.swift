/// Everything that can go wrong reading a raster, each naming the file and what to do about it.
public enum RasterError: Error, Equatable, Sendable {
    case cannotOpen(path: String, reason: String)
    case notGeographic(path: String, crs: String)
    case missingCRS(path: String)
    case rotated(path: String)
    case readFailed(path: String, band: Int, reason: String)
    case noSuchBand(path: String, band: Int, count: Int)
    case gridMismatch(path: String, expected: RasterGrid, found: RasterGrid)
    case geometry(String)
    case truncated(path: String, size: Int64, needed: Int64)
}

extension RasterError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .cannotOpen(let path, let reason):
            return
                "cannot open raster '\(path)': \(reason). Check the path, and that the file is a complete GeoTIFF (re-download it "
                + "if it was cut short)."
        case .notGeographic(let path, let crs):
            return
                "raster '\(path)' is in \(crs), not geographic WGS 84 (EPSG:4326) as WorldPop publishes. Reproject it first, e.g. "
                + "gdalwarp -t_srs EPSG:4326 in.tif out.tif."
        case .missingCRS(let path):
            return
                "raster '\(path)' has no coordinate reference system. If it is lon/lat WGS 84, assign it: gdal_edit.py -a_srs "
                + "EPSG:4326 '\(path)'."
        case .rotated(let path):
            return
                "raster '\(path)' is not a north-up grid (rotated, flipped or south-up geotransform); only north-up grids are "
                + "supported. Warp it: gdalwarp in.tif out.tif."
        case .readFailed(let path, let band, let reason):
            return "reading band \(band) of '\(path)' failed: \(reason). The file is probably corrupt or truncated; re-download it."
        case .noSuchBand(let path, let band, let count):
            return "raster '\(path)' has \(count) band(s); band \(band) does not exist."
        case .truncated(let path, let size, let needed):
            return "raster '\(path)' is cut short: its data end at byte \(needed) but the file has \(size) bytes. Re-download it."
        case .geometry(let reason):
            return "GEOS could not handle a geometry: \(reason)"
        case .gridMismatch(let path, let expected, let found):
            return
                "raster '\(path)' is on a different grid (\(found)) from the first raster (\(expected)). All rasters of one run "
                + "must share one grid; resample with gdalwarp -te/-tr to match."
        }
    }
}
