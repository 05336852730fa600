import DHIS2
import Denominators
import Foundation
import GDALBinding
import Geometry
import Localization
import Report
import TextFormats

/// The run's results for people: a self-contained HTML report with maps and checks, and the
/// same numbers as CSV and GeoJSON for GIS and spreadsheets.
enum SyncReport {
    /// Writes report.html, populations.csv and populations.geojson; returns their paths.
    static func write(_ o: SyncOutcome, to directory: String, language: Catalogue) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let html = (directory as NSString).appendingPathComponent("report.html")
        let csv = (directory as NSString).appendingPathComponent("populations.csv")
        let geojson = (directory as NSString).appendingPathComponent("populations.geojson")
        try HTMLRenderer.render(document(o, language)).write(toFile: html, atomically: true, encoding: .utf8)
        try csvText(o).write(toFile: csv, atomically: true, encoding: .utf8)
        try geoJSONText(o).write(toFile: geojson, atomically: true, encoding: .utf8)
        return [html, csv, geojson]
    }

    /// The report in the catalogue's language: every sentence is one message with placeholders,
    /// our notes too; what DHIS2 and downloads said (conflicts, their notes) stays as it was written.
    static func document(_ o: SyncOutcome, _ t: Catalogue) -> ReportDocument {
        let f = t.format
        let fmt: @Sendable (Double) -> String = { f.integer($0) }
        var s: [ReportSection] = []
        let c = o.counts
        let run = o.runID.map(String.init) ?? "–"
        let summary: [String: String] = [
            "server": o.server, "version": o.version, "run": run, "product": o.plan.product.rawValue,
            "years": o.plan.years.map(String.init).joined(separator: ", "),
            "levels": o.plan.levels.map(String.init).joined(separator: ", "),
        ]
        s.append(.paragraph(t.text(o.plan.dryRun ? "report.summary.dryRun" : "report.summary.import", summary)))
        let valueColumns = ["computed", "new", "changed", "unchanged", "imported", "updated", "ignored"].map {
            t.text("report.values.\($0)")
        }
        let counts = [c.computed, c.new, c.changed, c.unchanged, c.imported, c.updated, c.ignored]
        s.append(
            .table(
                ReportTable(
                    caption: t.text("report.values.caption"), columns: valueColumns, rows: [counts.map { fmt(Double($0)) }],
                    numericColumns: Set(0..<7))))
        for note in o.importCountNotes { s.append(.notice(ReportNotice(.info, note))) }
        if o.conflictLines.isEmpty {
            s.append(.notice(ReportNotice(.ok, t.text("report.conflicts.none"))))
        } else {
            s.append(.notice(ReportNotice(.error, t.text("report.conflicts.some", ["count": fmt(Double(o.conflictLines.count))]))))
            s.append(
                .table(
                    ReportTable(
                        caption: t.text("report.conflicts.caption"), columns: [t.text("report.conflicts.column")],
                        rows: o.conflictLines.prefix(500).map { [$0] })))
        }
        if !o.mismatches.isEmpty {
            let values = ["count": fmt(Double(o.mismatches.count)), "examples": o.mismatches.prefix(5).joined(separator: "; ")]
            s.append(.notice(ReportNotice(.error, t.text("report.readBack.mismatch", values))))
        } else if !o.plan.dryRun {
            s.append(.notice(ReportNotice(.ok, t.text("report.readBack.ok"))))
        }
        for note in o.notes { s.append(.notice(ReportNotice(.info, note.text(in: t)))) }

        // Units that got no value, never silently.
        let excluded = Set(o.excludedFacilities.map(\.id))  // listed in their own table below
        let noGeometry = o.syncedUnits.filter { $0.geometry == nil && !excluded.contains($0.id) }
        let points = o.syncedUnits.filter { u in
            guard case .point? = u.geometry else { return false }
            return o.table.estimates[u.id] == nil && !excluded.contains(u.id)
        }
        let outside = o.table.outsideRaster.compactMap { o.units.unit($0) }.filter { o.syncedLevels.contains($0.level) }
        let unusable: [(OrgUnit, String)] = o.syncedUnits.compactMap { u in
            guard case .other(let kind)? = u.geometry, !excluded.contains(u.id) else { return nil }
            return (u, kind)
        }
        let unitColumns = [t.text("report.column.orgUnit"), t.text("report.column.uid"), t.text("report.column.reason")]
        if noGeometry.isEmpty && points.isEmpty && outside.isEmpty && unusable.isEmpty {
            s.append(.notice(ReportNotice(.ok, t.text("report.units.allMapped"))))
        } else {
            let count = noGeometry.count + points.count + outside.count + unusable.count
            s.append(.notice(ReportNotice(.warning, t.text("report.units.without", ["count": fmt(Double(count))]))))
            let rows =
                noGeometry.map { [$0.name, $0.id, t.text("report.reason.noGeometry")] }
                + points.map { [$0.name, $0.id, t.text("report.reason.point")] }
                + unusable.map { [$0.0.name, $0.0.id, $0.1] }
                + outside.map { [$0.name, $0.id, t.text("report.reason.outside")] }
            s.append(.table(ReportTable(caption: t.text("report.units.withoutCaption"), columns: unitColumns, rows: rows)))
        }

        if let m = o.boundaryMatch {
            var values: [String: String] = ["path": m.source.path, "key": "\(m.source.key)", "count": fmt(Double(m.matched.count))]
            values["crs"] = m.reprojectedFrom
            s.append(
                .notice(
                    ReportNotice(
                        m.unitsWithoutBoundary.isEmpty && m.ambiguous.isEmpty ? .ok : .warning,
                        t.text(m.reprojectedFrom == nil ? "report.boundaryFile.summary" : "report.boundaryFile.reprojected", values))))
            var rows = m.unitsWithoutBoundary.map {
                [$0.name, $0.id, t.text($0.geometry == nil ? "report.boundaryFile.noBoundary" : "report.boundaryFile.noBoundaryDHIS2")]
            }
            rows += m.boundariesWithoutUnit.map { [$0, "", t.text("report.boundaryFile.noUnit")] }
            rows += m.ambiguous.map { a in
                [
                    a.feature, a.candidates.map(\.id).joined(separator: " "),
                    t.text("report.boundaryFile.ambiguous", ["candidates": a.candidates.map(\.name).joined(separator: "; ")]),
                ]
            }
            rows += m.unusable.map { [$0.feature, "", t.text("report.boundaryFile.unusable", ["reason": $0.reason])] }
            if !rows.isEmpty {
                let columns = [t.text("report.column.orgUnitOrBoundary"), t.text("report.column.uid"), t.text("report.column.why")]
                s.append(.table(ReportTable(caption: t.text("report.boundaryFile.notMatched"), columns: columns, rows: rows)))
            }
            s.append(
                .table(
                    ReportTable(
                        caption: t.text("report.boundaryFile.matched"),
                        columns: [t.text("report.column.orgUnit"), t.text("report.column.uid"), t.text("report.column.boundary")],
                        rows: m.matched.map { [$0.unit.name, $0.unit.id, $0.feature] })))
        }
        let repaired = o.repairedBoundaries
        if !repaired.isEmpty {
            s.append(.notice(ReportNotice(.warning, t.text("report.repaired.notice", ["count": fmt(Double(repaired.count))]))))
            let cell = o.table.cellArea
            s.append(
                .table(
                    ReportTable(
                        caption: t.text("report.repaired.caption"),
                        columns: [
                            t.text("report.column.orgUnit"), t.text("report.column.uid"), t.text("report.repaired.problem"),
                            t.text("report.repaired.areaBefore"), t.text("report.repaired.areaAfter"), t.text("report.repaired.change"),
                        ],
                        rows: repaired.map { r in
                            [
                                r.name ?? r.id, r.id, r.problems.joined(separator: "; "), f.decimal(r.areaBefore / cell, digits: 1),
                                f.decimal(r.areaAfter / cell, digits: 1), f.percent(r.relativeChange, digits: 2, signed: true),
                            ]
                        }, numericColumns: [3, 4, 5])))
        }

        if !o.excludedFacilities.isEmpty {
            let count = fmt(Double(o.excludedFacilities.count))
            s.append(.notice(ReportNotice(.warning, t.text("report.facilities.excluded", ["count": count]))))
            s.append(
                .table(
                    ReportTable(
                        caption: t.text("report.facilities.excludedCaption"),
                        columns: [t.text("report.column.facility"), t.text("report.column.uid"), t.text("report.column.reason")],
                        rows: o.excludedFacilities.map { [$0.name, $0.id, $0.reason] })))
        }
        s += FacilitySections.sections(o, t)

        for level in o.syncedLevels where o.plan.zoneSource.isBoundaries {
            let units = o.syncedUnits.filter { $0.level == level }
            for year in o.plan.years {
                let place = ["level": String(level), "year": String(year)]
                s.append(.heading(t.text("report.level.heading", place)))
                let rows = units.map { o.unitYear($0, year) }
                let areas = rows.compactMap { r -> ChoroplethMap.Area? in
                    guard case .area(let g)? = r.unit.geometry else { return nil }
                    return ChoroplethMap.Area(id: r.unit.id, name: r.unit.name, geometry: g, value: r.population)
                }
                var map = ChoroplethMap(title: t.text("report.map.title", place), areas: areas, valueLabel: t.text("report.map.valueLabel"))
                map.noValueLabel = t.text("report.map.noValue")
                map.noAreasText = t.text("report.map.noAreas")
                map.formatNumber = fmt
                s.append(.map(map))
                var columns = [t.text("report.column.orgUnit"), t.text("report.column.uid"), t.text("report.column.population")]
                columns += o.groups.map { groupName($0.group, t) }
                let cells: [[String]] = rows.sorted { ($0.population ?? -1) > ($1.population ?? -1) }.map { r in
                    [r.unit.name, r.unit.id, r.population.map(fmt) ?? "–"] + o.groups.map { g in r.groups[g.group.key].map(fmt) ?? "–" }
                }
                s.append(
                    .table(
                        ReportTable(
                            caption: t.text("report.table.byUnit", ["year": String(year)]), columns: columns, rows: cells,
                            numericColumns: Set(2..<columns.count))))
            }
        }

        s.append(.heading(t.text("report.checks")))
        if o.hierarchy.isEmpty {
            s.append(.paragraph(t.text("report.hierarchy.none")))
        } else {
            let off = o.hierarchy.filter { abs($0.relativeDifference) > 0.001 || $0.overlapCells > 0.5 || $0.gapCells > 0.5 }
            s.append(
                .notice(
                    ReportNotice(
                        off.isEmpty ? .ok : .warning,
                        off.isEmpty
                            ? t.text("report.hierarchy.ok") : t.text("report.hierarchy.off", ["count": fmt(Double(off.count))]))))
            let columns = [
                "parent", "children", "parentPopulation", "childrenSum", "difference", "overlapPeople", "overlapCells", "gapPeople",
                "gapCells",
            ].map { t.text("report.column.\($0)") }
            s.append(
                .table(
                    ReportTable(
                        caption: t.text("report.hierarchy.caption", ["year": String(o.hierarchy.first!.year)]), columns: columns,
                        rows: o.hierarchy.map { h in
                            [
                                h.parentName, fmt(Double(h.children)), fmt(h.parentPopulation), fmt(h.childrenPopulation),
                                f.percent(h.relativeDifference, digits: 2, signed: true), fmt(h.overlapPopulation),
                                f.decimal(h.overlapCells, digits: 1), fmt(h.gapPopulation), f.decimal(h.gapCells, digits: 1),
                            ]
                        }, numericColumns: Set(1..<9))))
        }
        if !o.bandTotalDifferences.isEmpty {
            let worst = o.bandTotalDifferences.prefix(10)
            let maxAbs = abs(worst.first!.difference)
            let unit = o.units.names[worst.first!.unit] ?? worst.first!.unit
            s.append(
                .notice(
                    ReportNotice(
                        maxAbs <= 0.005 ? .ok : .warning,
                        t.text("report.bands.check", ["percent": f.percent(maxAbs, digits: 3), "unit": unit]))))
        }
        if !o.comparisons.isEmpty {
            let flagged = o.comparisons.filter(\.flagged)
            let values = [
                "element": o.plan.compareWith ?? "", "flagged": fmt(Double(flagged.count)), "total": fmt(Double(o.comparisons.count)),
                "threshold": f.percent(o.plan.compareThreshold, digits: 0),
            ]
            s.append(.notice(ReportNotice(flagged.isEmpty ? .ok : .warning, t.text("report.compare.notice", values))))
            s.append(
                .table(
                    ReportTable(
                        caption: t.text("report.compare.caption"),
                        columns: ["orgUnit", "year", "existing", "worldPop", "ratio"].map { t.text("report.column.\($0)") } + [""],
                        rows: o.comparisons.prefix(200).map {
                            [
                                $0.name, String($0.year), fmt($0.existing), fmt($0.worldPop), f.decimal($0.ratio, digits: 3),
                                $0.flagged ? t.text("report.compare.check") : "",
                            ]
                        },
                        numericColumns: [2, 3, 4])))
        }
        return ReportDocument(
            title: t.text("report.title"),
            subtitle: t.text("report.subtitle", ["run": run, "date": f.dateTime(Date())]),
            credit: t.text("report.credit", ["credit": o.credit]), sections: s, language: t.language)
    }

    /// A derived group's column: its data element's name in the reader's language when the
    /// catalogue translates it (the standard groups), else the name as configured.
    static func groupName(_ g: DerivedGroup, _ t: Catalogue) -> String {
        let key = "metadata.group.\(g.key).name"
        guard t.fallback[key] == g.name else { return g.name }
        return t.text(key)
    }

    static func csvText(_ o: SyncOutcome) -> String {
        let bands = Array(Set(o.inputs.flatMap { $0.bands.keys })).sorted()
        var header = ["org_unit", "name", "level", "parent", "year", "population"]
        header += bands.map { "\($0.sex.rawValue)_\($0.age.label)" }
        let classes = o.inputs.compactMap(\.classes).first?.legend.map(\.key) ?? []
        header += classes + (classes.isEmpty ? [] : ["unclassified"])
        var csv = CSVTable(header: header)
        for r in o.unitYears {
            guard let e = r.estimate else { continue }
            let u = r.unit
            var row: [CSVTable.Cell] = [
                .text(u.id), .text(u.name), .number(String(u.level)), .text(u.parentID ?? ""), .number(String(r.year)),
                .number(String(format: "%.3f", e.population)),
            ]
            row += bands.map { .number(String(format: "%.3f", e.byBand[$0] ?? 0)) }
            row += classes.map { .number(String(format: "%.3f", e.byClass[$0] ?? 0)) }
            if !classes.isEmpty { row.append(.number(String(format: "%.3f", e.unclassified ?? 0))) }
            csv.append(row)
        }
        return csv.text
    }

    static func geoJSONText(_ o: SyncOutcome) throws -> String {
        let features: [[String: Any]] = o.syncedUnits.compactMap { u in
            guard case .area(let g)? = u.geometry else { return nil }
            var props: [String: Any] = ["id": u.id, "name": u.name, "level": u.level]
            for year in o.plan.years { props["population_\(year)"] = o.unitYear(u, year).population ?? NSNull() }
            return [
                "type": "Feature", "id": u.id, "properties": props,
                "geometry": [
                    "type": "MultiPolygon",
                    "coordinates": g.polygons.map { p in ([p.exterior] + p.holes).map { r in r.map { [$0.x, $0.y] } } },
                ],
            ]
        }
        let data = try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
