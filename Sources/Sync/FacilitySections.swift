import Catchments
import DHIS2
import DenominatorMetadata
import Geometry
import Localization
import Report

/// Report sections of `catchments` (a map of the catchments, a table per facility) and `access`
/// (a map where only the areas out of reach stay coloured, a table per org unit).
enum FacilitySections {
    static func sections(_ o: SyncOutcome, _ t: Catalogue) -> [ReportSection] {
        switch o.plan.zoneSource {
        case .boundaries: return []
        case .catchments: return catchments(o, t)
        case .access(let km, _): return access(o, km: km, t)
        }
    }

    /// A map in the reader's language and number style.
    static func localized(_ map: ChoroplethMap, _ t: Catalogue) -> ChoroplethMap {
        var map = map
        let f = t.format
        map.noValueLabel = t.text("report.map.noValue")
        map.noAreasText = t.text("report.map.noAreas")
        map.formatNumber = { f.integer($0) }
        return map
    }

    static func facilityPoints(_ o: SyncOutcome, level: Int?) -> [(name: String, position: Position)] {
        o.units.units.compactMap { u in
            guard level.map({ u.level == $0 }) ?? true, case .point(let p)? = u.geometry else { return nil }
            return (u.name, p)
        }
    }

    static func catchments(_ o: SyncOutcome, _ t: Catalogue) -> [ReportSection] {
        var s: [ReportSection] = []
        let names = o.units.names
        let f = t.format
        for year in o.plan.years {
            let when = ["year": String(year)]
            s.append(.heading(t.text("report.catchments.heading", when)))
            let areas = o.drawnZones.map { z in
                ChoroplethMap.Area(
                    id: z.id, name: names[z.id] ?? z.id, geometry: z.geometry,
                    value: o.table.estimates[z.id]?[year]?.population)
            }
            s.append(
                .map(
                    localized(
                        ChoroplethMap(
                            title: t.text("report.catchments.mapTitle", when), areas: areas,
                            points: facilityPoints(o, level: o.plan.levels.first), valueLabel: t.text("report.catchments.valueLabel")),
                        t)))
            let rows = areas.sorted { ($0.value ?? -1) > ($1.value ?? -1) }.map { a -> [String] in
                let parent = o.units.unit(a.id)?.parentID.flatMap { names[$0] } ?? "–"
                return [a.name, a.id, parent, a.value.map { f.integer($0) } ?? "–"]
            }
            s.append(
                .table(
                    ReportTable(
                        caption: t.text("report.catchments.caption", when),
                        columns: ["facility", "uid", "parent", "population"].map { t.text("report.column.\($0)") },
                        rows: rows, numericColumns: [3])))
        }
        return s
    }

    static func access(_ o: SyncOutcome, km: Double, _ t: Catalogue) -> [ReportSection] {
        var s: [ReportSection] = []
        let f = t.format
        let label = km == km.rounded() ? PopulationMetadata.kmLabel(km) : f.decimal(km, digits: 1)
        let geometry = Dictionary(uniqueKeysWithValues: o.units.units.compactMap { u in u.zone.map { (u.id, $0.geometry) } })
        for year in o.plan.years {
            let rows = o.access.filter { $0.year == year }
            let population = rows.reduce(0) { $0 + $1.population }
            let beyond = rows.reduce(0) { $0 + $1.beyond }
            let place = ["km": label, "year": String(year)]
            s.append(.heading(t.text("report.access.heading", place)))
            let summary = [
                "beyond": f.integer(beyond), "population": f.integer(population), "km": label,
                "percent": f.percent(population > 0 ? beyond / population : 0, digits: 1),
            ]
            s.append(.paragraph(t.text("report.access.summary", summary)))
            var map = localized(
                ChoroplethMap(
                    title: t.text("report.access.mapTitle", place),
                    areas: rows.compactMap { r in
                        geometry[r.unit].map { ChoroplethMap.Area(id: r.unit, name: r.name, geometry: $0, value: r.share) }
                    },
                    points: facilityPoints(o, level: nil), valueLabel: t.text("report.access.valueLabel", place)), t)
            map.overlays = o.drawnZones.map(\.geometry)
            s.append(.map(map))
            s.append(
                .table(
                    ReportTable(
                        caption: t.text("report.access.caption", place),
                        columns: [
                            t.text("report.column.orgUnit"), t.text("report.column.uid"), t.text("report.column.population"),
                            t.text("report.access.within", place), t.text("report.access.beyond"), t.text("report.access.shareBeyond"),
                        ],
                        rows: rows.sorted { $0.share > $1.share }.map {
                            [
                                $0.name, $0.unit, f.integer($0.population), f.integer($0.within), f.integer($0.beyond),
                                f.decimal($0.share, digits: 1),
                            ]
                        }, numericColumns: [2, 3, 4, 5])))
        }
        return s
    }
}
