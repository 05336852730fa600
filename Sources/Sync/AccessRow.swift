import DHIS2
import DenominatorMetadata
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

extension ValueTargets {
    /// The targets of a plan's values (and, for births or pregnancies, of its 2015 rate).
    init(_ plan: SyncPlan, rate: RateInputs?) {
        let zones: Zones
        switch plan.zoneSource {
        case .boundaries: zones = .boundaries
        case .catchments(let method):
            if case .radius(let metres) = method {
                zones = .catchments(radiusKm: metres / 1000)
            } else {
                zones = .catchments(radiusKm: nil)
            }
        case .access(let km, _): zones = .access(km: km)
        }
        self.init(
            zones: zones, subpopulation: plan.worldPop?.product.subpopulation,
            rate: rate.map { Rate(what: $0.what, method: $0.method, credit: $0.credit) }, rawRate: plan.rawRateSums)
    }
}
