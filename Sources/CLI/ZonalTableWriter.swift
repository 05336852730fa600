import Foundation
import TextFormats
import Zonal

/// Renders a zonal table as CSV (id, then one column per band) or JSON (one object per zone).
/// Zones without a sum come last, with empty cells (CSV) or nulls and their `problem` (JSON).
struct ZonalTableWriter {
    /// Every digit (Swift's shortest round-trip text) instead of six decimals: to compare with other tools.
    var fullPrecision = false

    func csv(_ table: ZonalTable, details: Bool) -> String {
        var header = ["id"] + table.columns
        if details { header += ["covered_cells", "nodata_fraction"] }
        var csv = CSVTable(header: header)
        for (z, zone) in table.zones.enumerated() {
            var row: [CSVTable.Cell] = [.text(zone.id)] + table.statistics[z].map { .number(decimal($0.sum)) }
            if details, let first = table.statistics[z].first {
                row += [.number(decimal(first.coveredCells)), .number(decimal(first.noDataFraction))]
            }
            csv.append(row)
        }
        for zone in table.unsummed {
            csv.append([.text(zone.id)] + Array(repeating: .number(""), count: header.count - 1))
        }
        return csv.text
    }

    func json(_ table: ZonalTable, details: Bool) throws -> String {
        var objects: [[String: Any]] = table.zones.enumerated().map { z, zone in
            var o: [String: Any] = ["id": zone.id]
            if let name = zone.name { o["name"] = name }
            for (c, column) in table.columns.enumerated() { o[column] = rounded(table.statistics[z][c].sum) }
            if details, let first = table.statistics[z].first {
                o["covered_cells"] = rounded(first.coveredCells)
                o["nodata_fraction"] = rounded(first.noDataFraction)
                o["cells"] = table.cellCounts[z]
            }
            return o
        }
        for zone in table.unsummed {
            var o: [String: Any] = ["id": zone.id, "problem": zone.reason]
            for column in table.columns { o[column] = NSNull() }
            objects.append(o)
        }
        let data = try JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Six decimals, as the CSV promises by default.
    func decimal(_ x: Double) -> String { fullPrecision ? "\(x)" : String(format: "%.6f", x) }

    private func rounded(_ x: Double) -> Double { fullPrecision ? x : (x * 1e6).rounded() / 1e6 }
}
