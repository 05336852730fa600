import DHIS2
import Denominators

/// Turns population estimates into DHIS2 data values: one per unit, year, data element and
/// category option combo, rounded as configured.
struct ValueBuilder {
    var product: SyncPlan.Product
    var groups: [(group: DerivedGroup, bands: [AgeSexBand])]
    var ids: MetadataIDs
    var decimals: Int

    func values(_ table: PopulationTable) -> [DataValue] {
        let aoc = ids.defaultCategoryOptionCombo
        var out: [DataValue] = []
        for unit in table.estimates.keys.sorted() {
            for (year, e) in table.estimates[unit]!.sorted(by: { $0.key < $1.key }) {
                func value(_ de: String, _ coc: String, _ x: Double) {
                    out.append(DataValue(dataElement: de, period: String(year), orgUnit: unit, categoryOptionCombo: coc,
                                         attributeOptionCombo: aoc, value: DataValue.format(x, decimals: decimals)))
                }
                if let total = e.total ?? (e.byBand.isEmpty ? nil : e.bandTotal) {
                    value(PopulationMetadata.totalDataElementID, aoc, total)
                }
                guard product == .agesex else { continue }
                for band in e.byBand.keys.sorted() {
                    guard let coc = ids.ageSexCombo(sex: band.sex.rawValue, age: band.age.label) else { continue }
                    value(PopulationMetadata.ageSexDataElementID, coc, e.byBand[band]!)
                }
                for (group, bands) in groups {
                    value(PopulationMetadata.groupDataElementID(group.key), aoc, e.value(of: group, bands: bands))
                }
            }
        }
        return out
    }
}
