/// A raster held in memory: for tests and for data computed on the fly.
public struct MemoryRaster: RasterSource, Sendable {
    public var name: String
    public var grid: RasterGrid
    /// One array per band, row-major, `width * height` values each.
    public var bands: [[Float]]
    public var noDataValue: Double?
    public var blockHeight: Int

    public init(name: String = "memory", grid: RasterGrid, bands: [[Float]], noData: Double? = nil, blockHeight: Int = 1) {
        precondition(bands.allSatisfy { $0.count == grid.width * grid.height }, "band size must match the grid")
        self.name = name
        self.grid = grid
        self.bands = bands
        self.noDataValue = noData
        self.blockHeight = blockHeight
    }

    public var bandCount: Int { bands.count }

    public func noData(band: Int) -> Double? { noDataValue }

    public func readRows(band: Int, firstRow: Int, rowCount: Int, into buffer: inout [Float]) throws {
        guard band >= 1, band <= bands.count else {
            throw RasterError.noSuchBand(path: name, band: band, count: bands.count)
        }
        let w = grid.width
        buffer.removeAll(keepingCapacity: true)
        buffer.append(contentsOf: bands[band - 1][(firstRow * w)..<((firstRow + rowCount) * w)])
    }
}
