import DHIS2
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
    }

    struct Document: Codable {
        var server: String
        var years: [Int]
        var credit: String
        var valuesComputed: Int
        var valuesSent: Int
        var notes: [String]
        var rows: [Row]
    }

    static func write(_ o: SyncOutcome, to directory: URL) throws {
        var rows: [Row] = []
        for unit in o.syncedUnits.sorted(by: { ($0.level, $0.name) < ($1.level, $1.name) }) {
            for year in o.plan.years {
                let e = o.table.estimates[unit.id]?[year]
                rows.append(
                    Row(
                        id: unit.id, name: unit.name, level: unit.level, parent: unit.parentID, year: year,
                        population: e?.population))
            }
        }
        let doc = Document(
            server: o.server, years: o.plan.years, credit: o.plan.credit, valuesComputed: o.values.count,
            valuesSent: o.created.count + o.updated.count, notes: o.notes, rows: rows)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try encoder.encode(doc).write(to: directory.appendingPathComponent("results.json"), options: .atomic)
    }
}
