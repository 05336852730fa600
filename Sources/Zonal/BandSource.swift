/// One band of one raster file: a column of a zonal table, an age/sex band of a year.
public struct BandSource: Sendable, Hashable {
    public var path: String
    /// 1-based, as GDAL counts.
    public var band: Int

    public init(path: String, band: Int = 1) {
        self.path = path
        self.band = band
    }
}
