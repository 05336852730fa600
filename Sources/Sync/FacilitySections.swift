import Catchments
import DHIS2
import Geometry
import Report

/// Report sections of `catchments` (a map of the catchments, a table per facility) and `access`
/// (a map where only the areas out of reach stay coloured, a table per org unit).
enum FacilitySections {
    static func sections(_ o: SyncOutcome) -> [ReportSection] {
        switch o.plan.zoneSource {
        case .boundaries: return []
        case .catchments: return catchments(o)
        case .access(let km, _): return access(o, km: km)
        }
    }

    static func facilityPoints(_ o: SyncOutcome, level: Int?) -> [(name: String, position: Position)] {
        o.units.units.compactMap { u in
            guard level.map({ u.level == $0 }) ?? true, case .point(let p)? = u.geometry else { return nil }
            return (u.name, p)
        }
    }

    static func catchments(_ o: SyncOutcome) -> [ReportSection] {
        var s: [ReportSection] = []
        let names = o.units.names
        for year in o.plan.years {
            s.append(.heading("Catchments, \(year)"))
            let areas = o.drawnZones.map { z in
                ChoroplethMap.Area(
                    id: z.id, name: names[z.id] ?? z.id, geometry: z.geometry,
                    value: o.table.estimates[z.id]?[year]?.population)
            }
            s.append(
                .map(
                    ChoroplethMap(
                        title: "Catchment population \(year)", areas: areas, points: facilityPoints(o, level: o.plan.levels.first),
                        valueLabel: "Catchment population")))
            let rows = areas.sorted { ($0.value ?? -1) > ($1.value ?? -1) }.map { a -> [String] in
                let parent = o.units.unit(a.id)?.parentID.flatMap { names[$0] } ?? "–"
                return [a.name, a.id, parent, a.value.map(ChoroplethMap.format) ?? "–"]
            }
            s.append(
                .table(
                    ReportTable(
                        caption: "Catchment population by facility, \(year)", columns: ["facility", "UID", "parent", "population"],
                        rows: rows, numericColumns: [3])))
        }
        return s
    }

    static func access(_ o: SyncOutcome, km: Double) -> [ReportSection] {
        var s: [ReportSection] = []
        let label = PopulationMetadata.kmLabel(km)
        let geometry = Dictionary(uniqueKeysWithValues: o.units.units.compactMap { u in u.zone.map { (u.id, $0.geometry) } })
        for year in o.plan.years {
            let rows = o.access.filter { $0.year == year }
            let population = rows.reduce(0) { $0 + $1.population }
            let beyond = rows.reduce(0) { $0 + $1.beyond }
            s.append(.heading("People beyond \(label) km of a health facility, \(year)"))
            s.append(
                .paragraph(
                    "\(ChoroplethMap.format(beyond)) of \(ChoroplethMap.format(population)) people "
                        + "(\(population > 0 ? String(format: "%.1f", 100 * beyond / population) : "0") %) live more than "
                        + "\(label) km (geodesic) from every facility with coordinates. On the map, areas within reach are "
                        + "washed out: what keeps its colour is out of reach."
                ))
            var map = ChoroplethMap(
                title: "Share of people beyond \(label) km, \(year)",
                areas: rows.compactMap { r in
                    geometry[r.unit].map { ChoroplethMap.Area(id: r.unit, name: r.name, geometry: $0, value: r.share) }
                },
                points: facilityPoints(o, level: nil), valueLabel: "% beyond \(label) km")
            map.overlays = o.drawnZones.map(\.geometry)
            s.append(.map(map))
            s.append(
                .table(
                    ReportTable(
                        caption: "Access by org unit, \(year)",
                        columns: ["org unit", "UID", "population", "within \(label) km", "beyond", "% beyond"],
                        rows: rows.sorted { $0.share > $1.share }.map {
                            [
                                $0.name, $0.unit, ChoroplethMap.format($0.population), ChoroplethMap.format($0.within),
                                ChoroplethMap.format($0.beyond), String(format: "%.1f", $0.share),
                            ]
                        }, numericColumns: [2, 3, 4, 5])))
        }
        return s
    }
}
