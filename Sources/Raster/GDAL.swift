import CGDAL

/// Process-wide GDAL set-up, done once before the first dataset is opened.
enum GDAL {
    /// Registers the drivers and keeps GDAL's own messages off stderr: we report errors ourselves,
    /// with the file name and the fix.
    static let ready: Void = {
        GDALAllRegister()
        CPLSetErrorHandler(CPLQuietErrorHandler)
        // Rasters opened over HTTP should not list the remote folder first.
        CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")
    }()

    /// The last error GDAL raised on this thread, or a fallback.
    static func lastError(or fallback: String) -> String {
        guard let msg = CPLGetLastErrorMsg(), msg.pointee != 0 else { return fallback }
        return String(cString: msg)
    }
}
