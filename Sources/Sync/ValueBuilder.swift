import DHIS2
import DenominatorMetadata
import Denominators

/// Turns population estimates into DHIS2 data values: one per unit, year, data element and
/// category option combo, rounded as configured.
struct ValueBuilder {
    var product: SyncPlan.Product
    var groups: [(group: DerivedGroup, bands: [AgeSexBand])]
    var ids: MetadataIDs
    var decimals: Int
    var targets: ValueTargets
    /// The element the classes of `.urbanisation` go into.
    var classElement: ClassElement?

    func values(_ table: PopulationTable) -> [DataValue] {
        let aoc = ids.defaultCategoryOptionCombo
        var out: [DataValue] = []
        for unit in table.estimates.keys.sorted() {
            for (year, e) in table.estimates[unit]!.sorted(by: { $0.key < $1.key }) {
                func value(_ de: String, _ coc: String, _ x: Double) {
                    out.append(
                        DataValue(
                            dataElement: de, period: String(year), orgUnit: unit, categoryOptionCombo: coc,
                            attributeOptionCombo: aoc, value: DataValue.format(x, decimals: decimals)))
                }
                if let element = classElement {
                    // Classes are rounded together, as bands are, so that they add up to the rounded
                    // sum of the classes; the total alone stays the total product's (no value here).
                    let keys = element.options.map(\.key)
                    let rounded = ControlledRounding.round(keys.map { e.byClass[$0] ?? 0 }, decimals: decimals)
                    for (key, x) in zip(keys, rounded) {
                        guard let coc = ids.classCombo(element: element.key, option: key) else { continue }
                        value(element.dataElementID, coc, x)
                    }
                    continue
                }
                if let expected = e.expectedEvents {
                    value(targets.total, aoc, expected)
                    continue
                }
                guard product.hasBands, !e.byBand.isEmpty else {
                    if let total = e.total ?? (e.byBand.isEmpty ? nil : e.bandTotal) { value(targets.total, aoc, total) }
                    continue
                }
                // Bands are rounded together so that they add up to the unit's population, and
                // the total and the groups are sums of the rounded bands: every figure in DHIS2
                // agrees with every other. The total raster serves as a check (see the report).
                let bands = e.byBand.keys.sorted()
                let rounded = Dictionary(
                    uniqueKeysWithValues: zip(bands, ControlledRounding.round(bands.map { e.byBand[$0]! }, decimals: decimals)))
                value(targets.total, aoc, rounded.values.reduce(0, +))
                for band in bands {
                    guard let coc = ids.ageSexCombo(sex: band.sex.rawValue, age: band.age.label) else { continue }
                    value(band.sex == .both ? targets.age : targets.ageSex, coc, rounded[band]!)
                }
                for (group, groupBands) in groups {
                    value(PopulationMetadata.groupDataElementID(group.key), aoc, groupBands.reduce(0) { $0 + (rounded[$1] ?? 0) })
                }
            }
        }
        // The raw 2015 sums, once per unit, for 2015 only.
        if let raw = targets.rawRate {
            for unit in table.estimates.keys.sorted() {
                guard let events = table.estimates[unit]!.values.first?.events2015 else { continue }
                out.append(
                    DataValue(
                        dataElement: raw, period: "2015", orgUnit: unit, categoryOptionCombo: aoc, attributeOptionCombo: aoc,
                        value: DataValue.format(events, decimals: decimals)))
            }
        }
        return out
    }
}
