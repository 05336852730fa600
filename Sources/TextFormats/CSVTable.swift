import Foundation

/// The one CSV writer: files people open in spreadsheets (populations.csv, zonal tables) and
/// DHIS2's CSV data value sets.
///
/// Names come from DHIS2 or from GeoJSON files, so anyone who can name an org unit can put
/// `=HYPERLINK(…)` in a cell. As OWASP recommends against CSV injection, a text cell starting
/// with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'` (spreadsheets then show
/// it as text) and is quoted. Numbers are written as given, never altered: `-0.5` stays `-0.5`.
public struct CSVTable: Sendable {
    public enum Cell: Sendable, Hashable {
        /// Names, ids, labels: neutralised when they could start a formula.
        case text(String)
        /// Already formatted numbers: written as they are.
        case number(String)
        /// Values for another program (DHIS2's CSV import): quoted when they need it, never
        /// prefixed, since the program reads them back exactly.
        case data(String)
    }

    public private(set) var rows: [[Cell]] = []

    public init(header: [String]) {
        rows.append(header.map(Cell.text))
    }

    public mutating func append(_ row: [Cell]) { rows.append(row) }

    /// RFC 4180 lines ending in "\n".
    public var text: String {
        rows.map { $0.map(Self.field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]

    static func field(_ cell: Cell) -> String {
        switch cell {
        case .number(let s):
            return s
        case .data(let s):
            return needsQuotes(s) ? quoted(s) : s
        case .text(let s):
            // A plain number written as text ("-5" as a zone id) is read as a number by
            // spreadsheets, not as a formula: leave it as it is.
            if let first = s.unicodeScalars.first, formulaStarts.contains(first), !isPlainNumber(s) { return quoted("'" + s) }
            return needsQuotes(s) ? quoted(s) : s
        }
    }

    /// RFC 4180: a field with a comma, a quote or a line break is quoted.
    static func needsQuotes(_ s: String) -> Bool { s.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" } }

    static func quoted(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }

    /// `-12`, `+3.5`, `-1e-3`: digits with an optional sign, decimals and exponent, nothing else.
    static func isPlainNumber(_ s: String) -> Bool {
        s.wholeMatch(of: /[-+]?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?/) != nil
    }
}
