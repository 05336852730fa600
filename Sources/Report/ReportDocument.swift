import Foundation

/// A self-contained report: everything inline (no scripts, fonts or tiles from the network), so
/// it opens from a USB stick on a ministry laptop offline.
public struct ReportDocument: Sendable {
    public var title: String
    public var subtitle: String
    /// The WorldPop credit line (CC BY 4.0 requires it in every output).
    public var credit: String
    public var sections: [ReportSection]
    /// The language the text is in (`<html lang>`: hyphenation, screen readers).
    public var language = "en"

    public init(title: String, subtitle: String = "", credit: String, sections: [ReportSection] = [], language: String = "en") {
        self.language = language
        self.title = title
        self.subtitle = subtitle
        self.credit = credit
        self.sections = sections
    }
}

public enum ReportSection: Sendable {
    case heading(String)
    case paragraph(String)
    /// A notice: `.warning` for checks that failed, `.ok` for ones that passed.
    case notice(ReportNotice)
    case table(ReportTable)
    case map(ChoroplethMap)
}

public struct ReportNotice: Sendable {
    public enum Level: String, Sendable { case ok, info, warning, error }
    public var level: Level
    public var text: String
    public init(_ level: Level, _ text: String) {
        self.level = level
        self.text = text
    }
}

public struct ReportTable: Sendable {
    public var caption: String
    public var columns: [String]
    /// Cells as text; numeric columns are right-aligned when `numericColumns` says so.
    public var rows: [[String]]
    public var numericColumns: Set<Int>

    public init(caption: String, columns: [String], rows: [[String]], numericColumns: Set<Int> = []) {
        self.caption = caption
        self.columns = columns
        self.rows = rows
        self.numericColumns = numericColumns
    }
}
