/// What one raster band says about one zone.
public struct ZoneStatistics: Sendable, Hashable {
    /// Σ value × coverage fraction over valid cells (the exactextract `sum`).
    public var sum: Double = 0
    /// Covered area in cells (Σ coverage fraction), valid or not.
    public var coveredCells: Double = 0
    /// Covered area in cells whose value is nodata or NaN.
    public var noDataCells: Double = 0

    public init(sum: Double = 0, coveredCells: Double = 0, noDataCells: Double = 0) {
        self.sum = sum
        self.coveredCells = coveredCells
        self.noDataCells = noDataCells
    }

    mutating func add(_ other: ZoneStatistics) {
        sum += other.sum
        coveredCells += other.coveredCells
        noDataCells += other.noDataCells
    }

    /// Share of the covered area without data (0 when nothing is covered).
    public var noDataFraction: Double { coveredCells > 0 ? noDataCells / coveredCells : 0 }
}
