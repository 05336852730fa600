/// GDAL's affine geotransform, restricted to north-up grids (no rotation terms).
///
/// A pixel's top-left corner `(col, row)` lies at
/// `x = originX + col * pixelWidth`, `y = originY - row * pixelHeight`.
public struct GeoTransform: Sendable, Hashable {
    public var originX: Double
    public var originY: Double
    /// Cell width in CRS units (positive).
    public var pixelWidth: Double
    /// Cell height in CRS units (positive; rows go south).
    public var pixelHeight: Double

    public init(originX: Double, originY: Double, pixelWidth: Double, pixelHeight: Double) {
        self.originX = originX
        self.originY = originY
        self.pixelWidth = pixelWidth
        self.pixelHeight = pixelHeight
    }

    /// Column coordinate (fractional) of a longitude.
    @inline(__always)
    public func column(ofX x: Double) -> Double { (x - originX) / pixelWidth }

    /// Row coordinate (fractional, growing southwards) of a latitude.
    @inline(__always)
    public func row(ofY y: Double) -> Double { (originY - y) / pixelHeight }

    public func x(ofColumn column: Double) -> Double { originX + column * pixelWidth }
    public func y(ofRow row: Double) -> Double { originY - row * pixelHeight }
}
