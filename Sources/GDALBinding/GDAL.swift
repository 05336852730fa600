import CGDAL

/// Process-wide GDAL set-up, done once before the first dataset is opened (public for `GDALTesting`).
public enum GDAL {
    /// Registers the drivers and keeps GDAL's own messages off stderr: we report errors ourselves,
    /// with the file name and the fix.
    public static let ready: Void = {
        GDALAllRegister()
        CPLSetErrorHandler(CPLQuietErrorHandler)
        // Rasters opened over HTTP should not list the remote folder first.
        CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")
        // Every block is decoded once and copied out whole (see ZonalEngine), so a large block
        // cache buys nothing and would count against the memory budget; the user may still set it.
        if CPLGetConfigOption("GDAL_CACHEMAX", nil) == nil {
            CPLSetConfigOption("GDAL_CACHEMAX", "64")
        }
    }()

    /// The last error GDAL raised on this thread, or a fallback.
    public static func lastError(or fallback: String) -> String {
        guard let msg = CPLGetLastErrorMsg(), msg.pointee != 0 else { return fallback }
        return String(cString: msg)
    }
}
