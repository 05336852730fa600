import DHIS2

/// The data elements a run's values go to: the population's own, or those of facility
/// catchments, of access, of a subpopulation (school-age, under-18) or of an expected count
/// (births, pregnancies from a 2015 rate) — what a "population target" is, in one place.
public struct ValueTargets: Sendable {
    /// What the values are about.
    public enum Zones: Sendable {
        /// The org units' own boundaries.
        case boundaries
        /// Facility catchments: nearest facility within the parent (nil), or a radius in km.
        case catchments(radiusKm: Double?)
        /// The people beyond `km` of every facility.
        case access(km: Double)
    }

    /// Births or pregnancies: the 2015 rate applied, how, and the credit of its grid.
    public struct Rate: Sendable {
        public var what: String
        public var method: String
        public var credit: String
        public init(what: String, method: String, credit: String) {
            self.what = what
            self.method = method
            self.credit = credit
        }
    }

    public var total: String
    public var ageSex: String
    /// Bands of both sexes together (`--product age`).
    public var age = PopulationMetadata.ageDataElementID
    /// Access: the share beyond the distance.
    public var share: String?
    /// Births or pregnancies: the raw 2015 sums' element, when asked for.
    public var rawRate: String?
    private var zones: Zones
    /// A total that is not the whole population (school-age), with its own data element.
    private var subpopulation: String?
    private var rate: Rate?

    public init(zones: Zones, subpopulation: String?, rate: Rate?, rawRate: Bool) {
        self.zones = zones
        self.subpopulation = subpopulation
        switch zones {
        case .boundaries:
            total = subpopulation.map(PopulationMetadata.subpopulationDataElementID) ?? PopulationMetadata.totalDataElementID
            ageSex = PopulationMetadata.ageSexDataElementID
            if let rate {
                self.rate = rate
                total = PopulationMetadata.expectedDataElementID(rate.what)
                if rawRate { self.rawRate = PopulationMetadata.rawRateDataElementID(rate.what) }
            }
        case .catchments:
            total = PopulationMetadata.catchmentDataElementID
            ageSex = PopulationMetadata.catchmentAgeSexDataElementID
        case .access(let km):
            total = PopulationMetadata.beyondDataElementID(km: km)
            ageSex = PopulationMetadata.ageSexDataElementID
            share = PopulationMetadata.beyondShareDataElementID(km: km)
        }
    }

    /// The data elements beyond the population's own that these targets need.
    public func extraElements(credit: String) -> [PopulationMetadata.ExtraElement] {
        switch zones {
        case .boundaries:
            if let rate {
                return [PopulationMetadata.expectedElement(rate.what, method: rate.method, credit: credit + "; " + rate.credit)]
                    + (rawRate == nil ? [] : [PopulationMetadata.rawRateElement(rate.what, credit: rate.credit)])
            }
            return subpopulation.map { [PopulationMetadata.subpopulationElement($0, credit: credit)] } ?? []
        case .catchments(let radiusKm):
            let name =
                radiusKm.map { "within \(PopulationMetadata.kmLabel($0)) km (geodesic)" } ?? "nearest facility within the parent org unit"
            return PopulationMetadata.catchmentElements(method: name, credit: credit, radiusKm: radiusKm)
        case .access(let km): return PopulationMetadata.accessElements(km: km, credit: credit)
        }
    }
}
