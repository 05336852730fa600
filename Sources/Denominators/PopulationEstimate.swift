/// The population of one org unit for one year: by age/sex band, the derived groups, and the
/// total-population raster's own figure when it was read, to check the bands against it.
public struct PopulationEstimate: Sendable, Hashable {
    public var byBand: [AgeSexBand: Double]
    /// From the total-population raster (nil when only age/sex bands were read).
    public var total: Double?
    /// Class key → the population of the unit's cells of that class (degree of urbanisation).
    public var byClass: [String: Double] = [:]
    /// Births or pregnancies: the unit's 2015 count and 2015 population, each summed on its own grid.
    public var events2015: Double?
    public var population2015: Double?

    /// The 2015 rate (events ÷ population of 2015) applied to this year's population; 0 for a unit
    /// without people in 2015 (no rate can be had), nil when no rate was read.
    public var expectedEvents: Double? {
        guard let events2015, let population2015, let total else { return nil }
        return population2015 > 0 ? events2015 / population2015 * total : 0
    }

    public init(byBand: [AgeSexBand: Double] = [:], total: Double? = nil) {
        self.byBand = byBand
        self.total = total
    }

    /// People in cells of no class (nodata, or a value outside the legend): total − Σ classes.
    public var unclassified: Double? { byClass.isEmpty ? nil : total.map { $0 - byClass.values.reduce(0, +) } }

    /// Σ of the age/sex bands.
    public var bandTotal: Double { byBand.values.reduce(0, +) }

    /// The unit's population: the total raster's figure, else the sum of the bands.
    public var population: Double { total ?? bandTotal }

    /// (band total − total) / total: WorldPop's age/sex layers are made to add up to the total,
    /// so a large difference means mismatched files (year, release, country).
    public var bandTotalDifference: Double? {
        guard let total, total > 0, !byBand.isEmpty else { return nil }
        return (bandTotal - total) / total
    }

    public func value(of group: DerivedGroup, bands: [AgeSexBand]) -> Double {
        bands.reduce(0) { $0 + (byBand[$1] ?? 0) }
    }
}
