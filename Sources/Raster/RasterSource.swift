/// Something that yields float32 cell values row by row on a known grid: a GeoTIFF through GDAL,
/// or an in-memory array in tests.
///
/// Sources are not shared across threads: each worker opens its own (GDAL handles are not
/// thread-safe).
public protocol RasterSource {
    var name: String { get }
    var grid: RasterGrid { get }
    var bandCount: Int { get }
    /// The rows GDAL decodes together; reading in multiples of it avoids decoding a block twice.
    var blockHeight: Int { get }
    func noData(band: Int) -> Double?
    /// Reads `rowCount` full-width rows starting at `firstRow` of a 1-based `band` into `buffer`,
    /// which is resized to `rowCount * grid.width`.
    func readRows(band: Int, firstRow: Int, rowCount: Int, into buffer: inout [Float]) throws
}
