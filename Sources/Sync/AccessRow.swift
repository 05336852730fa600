import DHIS2
import Foundation
import Geometry

/// One org unit and year of an access analysis: its people, and how many live beyond the distance
/// from every facility.
public struct AccessRow: Sendable, Hashable {
    public var unit: String
    public var name: String
    public var year: Int
    public var population: Double
    public var within: Double
    public var beyond: Double { max(0, population - within) }
    /// Percent of the population beyond the distance (0 when nobody lives there).
    public var share: Double { population > 0 ? 100 * beyond / population : 0 }

    static func rows(zones: [Zone], plan: SyncPlan, table: PopulationTable, names: [String: String]) -> [AccessRow] {
        guard case .access = plan.zoneSource else { return [] }
        var rows: [AccessRow] = []
        for zone in zones.sorted(by: { $0.id < $1.id }) {
            for year in plan.years {
                guard let e = table.estimates[zone.id]?[year] else { continue }
                let within = table.estimates[zone.id + AreaZones.withinSuffix]?[year]
                let total = e.population
                rows.append(
                    AccessRow(
                        unit: zone.id, name: names[zone.id] ?? zone.id, year: year, population: total,
                        within: min(total, within?.population ?? 0)))
            }
        }
        return rows
    }

    static func values(_ rows: [AccessRow], targets: ValueTargets, ids: MetadataIDs, decimals: Int) -> [DataValue] {
        let aoc = ids.defaultCategoryOptionCombo
        return rows.flatMap { r in
            [
                DataValue(
                    dataElement: targets.total, period: String(r.year), orgUnit: r.unit, categoryOptionCombo: aoc,
                    attributeOptionCombo: aoc,
                    value: DataValue.format(r.beyond, decimals: decimals)),
                DataValue(
                    dataElement: targets.share!, period: String(r.year), orgUnit: r.unit, categoryOptionCombo: aoc,
                    attributeOptionCombo: aoc,
                    value: DataValue.format(r.share, decimals: 1)),
            ]
        }
    }
}

/// The data elements a plan's values go to.
struct ValueTargets: Sendable {
    var total: String
    var ageSex: String
    /// Bands of both sexes together (`--product age`).
    var age = PopulationMetadata.ageDataElementID
    /// Access: the share beyond the distance.
    var share: String?
    private var source: SyncPlan.ZoneSource
    /// A total that is not the whole population (school-age), with its own data element.
    private var subpopulation: String?
    /// Births or pregnancies: the 2015 rate's inputs, and whether the raw 2015 sums go in too.
    private var rate: RateInputs?
    var rawRate: String?

    init(_ plan: SyncPlan, rate: RateInputs?) {
        source = plan.zoneSource
        subpopulation = plan.worldPop?.product.subpopulation
        switch plan.zoneSource {
        case .boundaries:
            total = subpopulation.map(PopulationMetadata.subpopulationDataElementID) ?? PopulationMetadata.totalDataElementID
            ageSex = PopulationMetadata.ageSexDataElementID
            if let rate {
                self.rate = rate
                total = PopulationMetadata.expectedDataElementID(rate.what)
                if plan.rawRateSums { rawRate = PopulationMetadata.rawRateDataElementID(rate.what) }
            }
        case .catchments:
            total = PopulationMetadata.catchmentDataElementID
            ageSex = PopulationMetadata.catchmentAgeSexDataElementID
        case .access(let km, _):
            total = PopulationMetadata.beyondDataElementID(km: km)
            ageSex = PopulationMetadata.ageSexDataElementID
            share = PopulationMetadata.beyondShareDataElementID(km: km)
        }
    }

    func extraElements(credit: String) -> [PopulationMetadata.ExtraElement] {
        switch source {
        case .boundaries:
            if let rate {
                return [PopulationMetadata.expectedElement(rate.what, method: rate.method, credit: credit + "; " + rate.credit)]
                    + (rawRate == nil ? [] : [PopulationMetadata.rawRateElement(rate.what, credit: rate.credit)])
            }
            return subpopulation.map { [PopulationMetadata.subpopulationElement($0, credit: credit)] } ?? []
        case .catchments(let method):
            let name: String
            var radiusKm: Double?
            if case .radius(let m) = method {
                name = "within \(PopulationMetadata.kmLabel(m / 1000)) km (geodesic)"
                radiusKm = m / 1000
            } else {
                name = "nearest facility within the parent org unit"
            }
            return PopulationMetadata.catchmentElements(method: name, credit: credit, radiusKm: radiusKm)
        case .access(let km, _): return PopulationMetadata.accessElements(km: km, credit: credit)
        }
    }
}
