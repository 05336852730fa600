/// Something that yields cell values row by row on a known grid: a GeoTIFF through GDAL, or an
/// in-memory Float32 array in tests.
///
/// Sources are not shared across threads: each worker opens its own (GDAL handles are not
/// thread-safe).
public protocol RasterSource {
    var name: String { get }
    var grid: RasterGrid { get }
    var bandCount: Int { get }
    /// The rows GDAL decodes together; reading in multiples of it avoids decoding a block twice.
    var blockHeight: Int { get }
    /// The columns GDAL decodes together (the tile width; the grid's width for a striped file).
    var blockWidth: Int { get }
    func noData(band: Int) -> Double?
    /// Reads `rowCount` full-width rows starting at `firstRow` of a 1-based `band` into `buffer`,
    /// which is resized to `rowCount * grid.width`.
    func readRows(band: Int, firstRow: Int, rowCount: Int, into buffer: inout [Float]) throws
    /// The band's storage type: `bandType(band:).cellType` is what to read it into without loss.
    func bandType(band: Int) -> BandType
    /// `readRows` into cells of another type (exact when `Cell` is the band's cell type).
    func readRows<Cell: RasterCell>(band: Int, firstRow: Int, rowCount: Int, into buffer: inout [Cell]) throws
    /// The band's nodata value in `Cell`'s type (exact for 64-bit integers, which a Double is not).
    func noData<Cell: RasterCell>(band: Int, as type: Cell.Type) -> Cell?
    /// `readRows` of the cells in `columns` alone (ascending, disjoint): the rows keep their full
    /// width in `buffer`, which holds at least `rowCount * grid.width` cells after the call, and
    /// its other cells are not specified. A tiled file then decodes only the tiles of those columns.
    func readRows<Cell: RasterCell>(band: Int, firstRow: Int, rowCount: Int, columns: [Range<Int>], into buffer: inout [Cell]) throws
}

/// In-memory rasters hold Float32.
extension RasterSource {
    public func bandType(band: Int) -> BandType { .float32 }

    public func readRows<Cell: RasterCell>(band: Int, firstRow: Int, rowCount: Int, into buffer: inout [Cell]) throws {
        var floats: [Float] = []
        try readRows(band: band, firstRow: firstRow, rowCount: rowCount, into: &floats)
        buffer = floats.map(Cell.init(memoryValue:))
    }

    public func noData<Cell: RasterCell>(band: Int, as type: Cell.Type) -> Cell? { noData(band: band).flatMap(Cell.init(noData:)) }

    public var blockWidth: Int { grid.width }

    /// Reads whole rows: a source without tiles has nothing to gain from fewer columns.
    public func readRows<Cell: RasterCell>(band: Int, firstRow: Int, rowCount: Int, columns: [Range<Int>], into buffer: inout [Cell])
        throws
    {
        try readRows(band: band, firstRow: firstRow, rowCount: rowCount, into: &buffer)
    }
}
