import DHIS2
import Denominators
import Foundation
import Geometry
import Report
import TextFormats

/// The run's results for people: a self-contained HTML report with maps and checks, and the
/// same numbers as CSV and GeoJSON for GIS and spreadsheets.
enum SyncReport {
    /// Writes report.html, populations.csv and populations.geojson; returns their paths.
    static func write(_ o: SyncOutcome, to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let html = (directory as NSString).appendingPathComponent("report.html")
        let csv = (directory as NSString).appendingPathComponent("populations.csv")
        let geojson = (directory as NSString).appendingPathComponent("populations.geojson")
        try HTMLRenderer.render(document(o)).write(toFile: html, atomically: true, encoding: .utf8)
        try csvText(o).write(toFile: csv, atomically: true, encoding: .utf8)
        try geoJSONText(o).write(toFile: geojson, atomically: true, encoding: .utf8)
        return [html, csv, geojson]
    }

    static func total(_ o: SyncOutcome, _ unit: String, _ year: Int) -> Double? {
        guard let e = o.table.estimates[unit]?[year] else { return nil }
        return e.total ?? (e.byBand.isEmpty ? nil : e.bandTotal)
    }

    static func document(_ o: SyncOutcome) -> ReportDocument {
        let fmt: (Double) -> String = { ChoroplethMap.format($0) }
        var s: [ReportSection] = []
        let result = o.importResult?.summary
        let mode = o.plan.dryRun ? "Dry run (DHIS2 validated, nothing stored)" : "Import"
        s.append(
            .paragraph(
                "\(mode) into \(o.server) (DHIS2 \(o.version)), run \(o.runID.map(String.init) ?? "–"), product "
                    + "\(o.plan.product.rawValue), years \(o.plan.years.map(String.init).joined(separator: ", ")), level(s) "
                    + "\(o.plan.levels.map(String.init).joined(separator: ", "))."
            ))
        s.append(
            .table(
                ReportTable(
                    caption: "Values",
                    columns: [
                        "computed", "new", "changed", "unchanged (not sent)", "DHIS2 imported", "DHIS2 updated",
                        "DHIS2 ignored",
                    ],
                    rows: [
                        [
                            o.values.count, o.created.count, o.updated.count, o.unchanged, result?.imported ?? 0, result?.updated ?? 0,
                            result?.ignored ?? 0,
                        ].map(String.init)
                    ],
                    numericColumns: Set(0..<7))))
        for note in o.importCountNotes { s.append(.notice(ReportNotice(.info, note))) }
        if o.conflictLines.isEmpty {
            s.append(.notice(ReportNotice(.ok, "No conflicts reported by DHIS2.")))
        } else {
            s.append(.notice(ReportNotice(.error, "DHIS2 reported \(o.conflictLines.count) conflict(s):")))
            s.append(.table(ReportTable(caption: "Conflicts", columns: ["conflict"], rows: o.conflictLines.prefix(500).map { [$0] })))
        }
        if !o.mismatches.isEmpty {
            s.append(
                .notice(
                    ReportNotice(
                        .error,
                        "\(o.mismatches.count) value(s) read back differ from what was sent: "
                            + "\(o.mismatches.prefix(5).joined(separator: "; "))"
                    )))
        } else if !o.plan.dryRun {
            s.append(.notice(ReportNotice(.ok, "Every value sent was read back from DHIS2 unchanged.")))
        }
        for note in o.notes { s.append(.notice(ReportNotice(.info, note))) }

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
        if noGeometry.isEmpty && points.isEmpty && outside.isEmpty && unusable.isEmpty {
            s.append(.notice(ReportNotice(.ok, "Every org unit of the synced level(s) has a boundary on the raster.")))
        } else {
            s.append(
                .notice(
                    ReportNotice(
                        .warning,
                        "\(noGeometry.count + points.count + outside.count + unusable.count) org unit(s) got no value:"))
            )
            let rows =
                noGeometry.map { [$0.name, $0.id, "no geometry in DHIS2"] }
                + points.map {
                    [
                        $0.name, $0.id,
                        "a point, not a boundary",
                    ]
                }
                + unusable.map { [$0.0.name, $0.0.id, $0.1] }
                + outside.map { [$0.name, $0.id, "boundary outside the raster"] }
            s.append(.table(ReportTable(caption: "Org units without a value", columns: ["org unit", "UID", "reason"], rows: rows)))
        }

        if let m = o.boundaryMatch {
            s.append(
                .notice(
                    ReportNotice(
                        m.unitsWithoutBoundary.isEmpty && m.ambiguous.isEmpty ? .ok : .warning,
                        "Boundaries from \(m.source.path): \(m.matched.count) org unit(s) matched by "
                            + "\(m.source.key)\(m.reprojectedFrom.map { ", reprojected from \($0)" } ?? "")."
                    )))
            var rows = m.unitsWithoutBoundary.map {
                [$0.name, $0.id, "org unit without a boundary in the file\($0.geometry == nil ? "" : " (DHIS2's used)")"]
            }
            rows += m.boundariesWithoutUnit.map { [$0, "", "boundary without an org unit"] }
            rows += m.ambiguous.map { a in
                [
                    a.feature, a.candidates.map(\.id).joined(separator: " "),
                    "ambiguous: " + a.candidates.map(\.name).joined(separator: "; "),
                ]
            }
            rows += m.unusable.map { [$0.feature, "", "unusable boundary: \($0.reason)"] }
            if !rows.isEmpty {
                s.append(
                    .table(
                        ReportTable(
                            caption: "Boundary file: not matched",
                            columns: [
                                "org unit or boundary", "UID", "why",
                            ], rows: rows)))
            }
            s.append(
                .table(
                    ReportTable(
                        caption: "Boundary file: matched", columns: ["org unit", "UID", "boundary"],
                        rows: m.matched.map { [$0.unit.name, $0.unit.id, $0.feature] })))
        }
        let repaired = o.repairedBoundaries
        if !repaired.isEmpty {
            s.append(
                .notice(
                    ReportNotice(
                        .warning,
                        "\(repaired.count) boundar\(repaired.count == 1 ? "y was" : "ies were") invalid and repaired before "
                            + "summing (GEOS MakeValid, polygonal part kept); their values are sent:"
                    )))
            let cell = o.table.cellArea
            s.append(
                .table(
                    ReportTable(
                        caption: "Repaired boundaries",
                        columns: [
                            "org unit", "UID", "what was wrong and done", "area as given (cells)",
                            "area repaired (cells)", "change",
                        ],
                        rows: repaired.map { r in
                            [
                                r.name ?? r.id, r.id,
                                r.problems.joined(
                                    separator: "; "), String(format: "%.1f", r.areaBefore / cell),
                                String(format: "%.1f", r.areaAfter / cell), String(format: "%+.2f%%", r.relativeChange * 100),
                            ]
                        }, numericColumns: [3, 4, 5])))
        }

        if !o.excludedFacilities.isEmpty {
            s.append(
                .notice(
                    ReportNotice(
                        .warning,
                        "\(o.excludedFacilities.count) facilit\(o.excludedFacilities.count == 1 ? "y was" : "ies were") not used:"
                    )))
            s.append(
                .table(
                    ReportTable(
                        caption: "Facilities not used", columns: ["facility", "UID", "reason"],
                        rows: o.excludedFacilities.map { [$0.name, $0.id, $0.reason] })))
        }
        s += FacilitySections.sections(o)

        for level in o.syncedLevels where o.plan.zoneSource.isBoundaries {
            let units = o.syncedUnits.filter { $0.level == level }
            for year in o.plan.years {
                s.append(.heading("Level \(level), \(year)"))
                let areas = units.compactMap { u -> ChoroplethMap.Area? in
                    guard case .area(let g)? = u.geometry else { return nil }
                    return ChoroplethMap.Area(id: u.id, name: u.name, geometry: g, value: total(o, u.id, year))
                }
                s.append(.map(ChoroplethMap(title: "Population \(year), level \(level)", areas: areas)))
                var columns = ["org unit", "UID", "population"]
                let groups = o.plan.product.hasBands ? o.plan.groups : []
                columns += groups.map(\.name)
                let rows: [[String]] = units.sorted { (total(o, $0.id, year) ?? -1) > (total(o, $1.id, year) ?? -1) }.map { u in
                    var row = [u.name, u.id, total(o, u.id, year).map(fmt) ?? "–"]
                    if let e = o.table.estimates[u.id]?[year] {
                        let bands = Array(e.byBand.keys)
                        row += groups.map { g in (try? g.bands(from: bands)).map { fmt(e.value(of: g, bands: $0)) } ?? "–" }
                    } else {
                        row += groups.map { _ in "–" }
                    }
                    return row
                }
                s.append(
                    .table(
                        ReportTable(
                            caption: "Population by org unit, \(year)", columns: columns, rows: rows, numericColumns: Set(2..<columns.count)
                        )))
            }
        }

        s.append(.heading("Checks"))
        if o.hierarchy.isEmpty {
            s.append(.paragraph("Hierarchy: no parent with a boundary was read, so children could not be compared with a parent."))
        } else {
            let off = o.hierarchy.filter { abs($0.relativeDifference) > 0.001 || $0.overlapCells > 0.5 || $0.gapCells > 0.5 }
            s.append(
                .notice(
                    ReportNotice(
                        off.isEmpty ? .ok : .warning,
                        off.isEmpty
                            ? "Children's populations add up to their parent's (within 0.1 %), with no overlaps or gaps over half a cell."
                            : "\(off.count) parent(s) whose children do not add up (overlaps, gaps or children outside the parent).")))
            s.append(
                .table(
                    ReportTable(
                        caption: "Children against their parent (\(o.hierarchy.first!.year))",
                        columns: [
                            "parent", "children", "parent population", "children's sum", "difference", "overlap (people)",
                            "overlap (cells)", "gap (people)", "gap (cells)",
                        ],
                        rows: o.hierarchy.map { h in
                            [
                                h.parentName, String(h.children), fmt(h.parentPopulation), fmt(h.childrenPopulation),
                                String(format: "%+.2f%%", h.relativeDifference * 100),
                                fmt(h.overlapPopulation), String(format: "%.1f", h.overlapCells), fmt(h.gapPopulation),
                                String(format: "%.1f", h.gapCells),
                            ]
                        }, numericColumns: Set(1..<9))))
        }
        if !o.bandTotalDifferences.isEmpty {
            let worst = o.bandTotalDifferences.prefix(10)
            let maxAbs = abs(worst.first!.difference)
            s.append(
                .notice(
                    ReportNotice(
                        maxAbs <= 0.005 ? .ok : .warning,
                        String(
                            format: "Age/sex bands against the total-population raster: largest difference %.3f%% (%@).", maxAbs * 100,
                            o.units.names[worst.first!.unit] ?? worst.first!.unit))))
        }
        if !o.comparisons.isEmpty {
            let flagged = o.comparisons.filter(\.flagged)
            s.append(
                .notice(
                    ReportNotice(
                        flagged.isEmpty ? .ok : .warning,
                        "Against the denominator already in DHIS2 (\(o.plan.compareWith ?? "")): \(flagged.count) of "
                            + "\(o.comparisons.count) unit-years differ by more than \(Int(o.plan.compareThreshold * 100)) %."
                    )))
            s.append(
                .table(
                    ReportTable(
                        caption: "WorldPop against the existing denominator",
                        columns: ["org unit", "year", "existing", "WorldPop", "ratio", ""],
                        rows: o.comparisons.prefix(200).map {
                            [
                                $0.name, String($0.year), fmt($0.existing), fmt($0.worldPop), String(format: "%.3f", $0.ratio),
                                $0.flagged ? "check" : "",
                            ]
                        },
                        numericColumns: [2, 3, 4])))
        }
        return ReportDocument(
            title: "WorldPop population denominators",
            subtitle: "worldpop-dhis2 run \(o.runID.map(String.init) ?? "–") — \(ISO8601DateFormatter().string(from: Date()))",
            credit: "Population data: \(o.plan.credit). Sums with exact cell coverage fractions by worldpop-dhis2.", sections: s)
    }

    static func csvText(_ o: SyncOutcome) -> String {
        let bands = Array(Set(o.plan.inputs.flatMap { $0.bands.keys })).sorted()
        var header = ["org_unit", "name", "level", "parent", "year", "population"]
        header += bands.map { "\($0.sex.rawValue)_\($0.age.label)" }
        let classes = o.plan.inputs.compactMap(\.classes).first?.legend.map(\.key) ?? []
        header += classes + (classes.isEmpty ? [] : ["unclassified"])
        var csv = CSVTable(header: header)
        for u in o.syncedUnits.sorted(by: { $0.id < $1.id }) {
            for year in o.plan.years {
                guard let e = o.table.estimates[u.id]?[year] else { continue }
                var row: [CSVTable.Cell] = [
                    .text(u.id), .text(u.name), .number(String(u.level)), .text(u.parentID ?? ""), .number(String(year)),
                    .number(String(format: "%.3f", e.population)),
                ]
                row += bands.map { .number(String(format: "%.3f", e.byBand[$0] ?? 0)) }
                row += classes.map { .number(String(format: "%.3f", e.byClass[$0] ?? 0)) }
                if !classes.isEmpty { row.append(.number(String(format: "%.3f", e.unclassified ?? 0))) }
                csv.append(row)
            }
        }
        return csv.text
    }

    static func geoJSONText(_ o: SyncOutcome) throws -> String {
        let features: [[String: Any]] = o.syncedUnits.compactMap { u in
            guard case .area(let g)? = u.geometry else { return nil }
            var props: [String: Any] = ["id": u.id, "name": u.name, "level": u.level]
            for year in o.plan.years { props["population_\(year)"] = total(o, u.id, year) ?? NSNull() }
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
