import DHIS2
import DenominatorMetadata
import Denominators
import Foundation
import Sync

/// `results.json` of a preview or sync job: one row per synced org unit and year, beside the
/// report, CSV and GeoJSON the sync pipeline writes.
enum ResultsFile {
    struct Row: Codable {
        var id: String
        var name: String
        var level: Int
        var parent: String?
        var year: Int
        /// nil: the unit has no boundary or lies outside the raster.
        var population: Double?
        /// What DHIS2 holds now for the unit and year (previews; nil: nothing yet).
        var current: Double?
        /// The derived groups (under 1, under 5, women 15–49 …) by key, new and as DHIS2 holds them now.
        var groups: [String: Double]?
        var currentGroups: [String: Double]?
    }

    struct Document: Codable {
        var server: String
        var years: [Int]
        var credit: String
        var valuesComputed: Int
        var valuesSent: Int
        var notes: [String]
        /// The derived groups' keys and names, in the plan's order.
        var groupNames: [String: String]?
        var rows: [Row]
        /// Present when the rows were filtered or paged (`GET /api/jobs/{id}/results?year=&level=&page=`).
        var pager: Pager?
    }

    struct Pager: Codable {
        var page: Int
        var pageSize: Int
        var total: Int
        var pageCount: Int
    }

    /// The rows of one year and/or level, a page at a time: what the DHIS2 app asks for through a
    /// route that must answer within seconds (a preview of 5,000 units × 16 years is megabytes).
    static func select(_ doc: Document, year: Int?, level: Int?, page: Int, pageSize: Int) -> Document {
        var out = doc
        let rows = doc.rows.filter { (year == nil || $0.year == year) && (level == nil || $0.level == level) }
        let size = max(1, min(pageSize, 5_000))
        let pageCount = max(1, (rows.count + size - 1) / size)
        let page = min(max(1, page), pageCount)
        out.rows = Array(rows.dropFirst((page - 1) * size).prefix(size))
        out.pager = Pager(page: page, pageSize: size, total: rows.count, pageCount: pageCount)
        return out
    }

    static func write(_ o: SyncOutcome, to directory: URL) throws {
        var rows: [Row] = []
        for unit in o.syncedUnits.sorted(by: { ($0.level, $0.name) < ($1.level, $1.name) }) {
            for year in o.plan.years {
                let r = o.unitYear(unit, year)
                var row = Row(
                    id: unit.id, name: unit.name, level: unit.level, parent: unit.parentID, year: year, population: r.population,
                    current: o.current(PopulationMetadata.totalDataElementID, unit: unit.id, year: year))
                if r.estimate != nil, !o.groups.isEmpty {
                    row.groups = r.groups
                    row.currentGroups = Dictionary(
                        uniqueKeysWithValues: o.groups.compactMap { g in
                            o.current(PopulationMetadata.groupDataElementID(g.group.key), unit: unit.id, year: year).map {
                                (g.group.key, $0)
                            }
                        })
                }
                rows.append(row)
            }
        }
        let doc = Document(
            server: o.server, years: o.plan.years, credit: o.credit, valuesComputed: o.counts.computed,
            valuesSent: o.counts.sent, notes: o.notes.map(\.text),
            groupNames: o.groups.isEmpty ? nil : Dictionary(uniqueKeysWithValues: o.groups.map { ($0.group.key, $0.group.name) }),
            rows: rows)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try encoder.encode(doc).write(to: directory.appendingPathComponent("results.json"), options: .atomic)
    }
}
