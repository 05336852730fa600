/// What an archive may declare before anything is written. WorldPop's packs hold a few GeoTIFFs
/// (a country's 1 km births grid, three under-18 grids at 100 m): these bounds leave them room and
/// stop a hostile archive at its headers.
public struct ArchiveLimits: Sendable, Hashable {
    public var maxEntries = 64
    public var maxEntryBytes: Int64 = 8 << 30
    public var maxTotalBytes: Int64 = 16 << 30
    /// Declared bytes ÷ archive bytes. GeoTIFFs with wide nodata areas pack well (tens of times);
    /// a decompression bomb packs thousands of times.
    public var maxRatio: Double = 1000

    public init() {}

    public init(maxEntries: Int, maxEntryBytes: Int64, maxTotalBytes: Int64, maxRatio: Double) {
        self.maxEntries = maxEntries
        self.maxEntryBytes = maxEntryBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxRatio = maxRatio
    }
}
