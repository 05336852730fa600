import Foundation
import TextFormats

/// Writes a data value set to a file for DHIS2's Import/Export app, in its JSON, CSV or ADX form.
public enum DataValueSetFormat: String, Sendable, CaseIterable {
    case json, csv, adx

    public init?(path: String) {
        switch URL(fileURLWithPath: path).pathExtension.lowercased() {
        case "json": self = .json
        case "csv": self = .csv
        case "xml", "adx": self = .adx
        default: return nil
        }
    }
}

public enum DataValueSetWriter {
    public static func render(_ values: [DataValue], as format: DataValueSetFormat, codes: ADXCodes? = nil) throws -> String {
        switch format {
        case .json:
            struct Body: Encodable { var dataValues: [DataValue] }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            return String(decoding: try encoder.encode(Body(dataValues: values)), as: UTF8.self) + "\n"
        case .csv:
            // DHIS2's CSV import columns, in its order: dataelement, period, orgunit,
            // categoryoptioncombo, attributeoptioncombo, value, then optional audit fields.
            var csv = CSVTable(header: ["dataelement", "period", "orgunit", "categoryoptioncombo", "attributeoptioncombo", "value"])
            for v in values {
                let fields = [v.dataElement, v.period, v.orgUnit, v.categoryOptionCombo, v.attributeOptionCombo, v.value]
                csv.append(fields.map(CSVTable.Cell.data))
            }
            return csv.text
        case .adx:
            guard let codes else {
                throw DHIS2Error.invalidResponse(path: "ADX", reason: "ADX needs the metadata codes (run with metadata)")
            }
            return try ADXWriter.render(values, codes: codes)
        }
    }
}

/// ADX names data elements and category options by code; this maps the UIDs we send to them.
public struct ADXCodes: Sendable {
    public var dataSet: String
    /// Data element UID → code.
    public var dataElements: [String: String]
    /// Org unit UID → code (ADX uses the org unit's code when the idScheme is CODE; we write UIDs
    /// with `orgUnitIdScheme=UID` when a unit has no code).
    public var orgUnits: [String: String]
    /// Category option combo UID → (category code, option code) pairs; empty for the default.
    public var combos: [String: [(category: String, option: String)]]

    public init(
        dataSet: String, dataElements: [String: String], orgUnits: [String: String], combos: [String: [(category: String, option: String)]]
    ) {
        self.dataSet = dataSet
        self.dataElements = dataElements
        self.orgUnits = orgUnits
        self.combos = combos
    }
}

enum ADXWriter {
    static func render(_ values: [DataValue], codes: ADXCodes) throws -> String {
        func attr(_ s: String) -> String { Markup.escaped(s) }
        var out =
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<adx xmlns=\"urn:ihe:qrph:adx:2015\" "
            + "exported=\"\(ISO8601DateFormatter().string(from: Date()))\">\n"
        // One group per org unit and period (ADX's unit of reporting); yearly periods as ISO 8601 durations.
        let groups = Dictionary(grouping: values) { "\($0.orgUnit)|\($0.period)" }
        for key in groups.keys.sorted() {
            let vs = groups[key]!
            let ou = vs[0].orgUnit
            let period = vs[0].period
            guard period.count == 4, Int(period) != nil else {
                throw DHIS2Error.invalidResponse(path: "ADX", reason: "only yearly periods are written to ADX, got \(period)")
            }
            out +=
                "  <group dataSet=\"\(attr(codes.dataSet))\" orgUnit=\"\(attr(codes.orgUnits[ou] ?? ou))\" "
                + "period=\"\(period)-01-01/P1Y\">\n"
            for v in vs {
                guard let de = codes.dataElements[v.dataElement] else {
                    throw DHIS2Error.invalidResponse(path: "ADX", reason: "no code for data element \(v.dataElement)")
                }
                let disaggregation = (codes.combos[v.categoryOptionCombo] ?? []).map {
                    " \($0.category)=\"\(attr($0.option))\""
                }.joined()
                out += "    <dataValue dataElement=\"\(attr(de))\"\(disaggregation) value=\"\(attr(v.value))\"/>\n"
            }
            out += "  </group>\n"
        }
        return out + "</adx>\n"
    }
}
