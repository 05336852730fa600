/// The shape of a raster in space: its size in cells and where those cells lie.
public struct RasterGrid: Sendable, Hashable {
    public var width: Int
    public var height: Int
    public var transform: GeoTransform

    public init(width: Int, height: Int, transform: GeoTransform) {
        self.width = width
        self.height = height
        self.transform = transform
    }

    public var minX: Double { transform.originX }
    public var maxX: Double { transform.x(ofColumn: Double(width)) }
    public var maxY: Double { transform.originY }
    public var minY: Double { transform.y(ofRow: Double(height)) }

    /// True when both grids have the same cells, allowing for the float noise that GDAL writers
    /// leave in geotransforms (a millionth of a cell).
    public func isAligned(with other: RasterGrid) -> Bool {
        guard width == other.width, height == other.height else { return false }
        let tol = 1e-6 * min(transform.pixelWidth, transform.pixelHeight)
        let a = transform
        let b = other.transform
        return abs(a.originX - b.originX) <= tol && abs(a.originY - b.originY) <= tol
            && abs(a.pixelWidth - b.pixelWidth) * Double(width) <= tol
            && abs(a.pixelHeight - b.pixelHeight) * Double(height) <= tol
    }
}

extension RasterGrid: CustomStringConvertible {
    public var description: String {
        "\(width)×\(height) cells of \(transform.pixelWidth)×\(transform.pixelHeight)° from (\(transform.originX), \(transform.originY))"
    }
}
