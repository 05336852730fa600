import Foundation
import Synchronization

/// Numbers, percentages and dates as a reader of `language` writes them: "1 234 567" and
/// "0,12 %" in French, "1.234.567" in Portuguese, "1,234,567" in English (Foundation's CLDR data).
public final class LocaleFormat: Sendable {
    public let language: String
    /// How the language writes a percentage ("{number} %" in French): the catalogue's `format.percent`.
    public let percentTemplate: String
    /// Formatters are not thread-safe: each is used under the lock.
    private let formatters: Mutex<(integer: NumberFormatter, decimal: NumberFormatter, date: DateFormatter)>

    public init(language: String, percentTemplate: String = "{number}%") {
        self.language = language
        self.percentTemplate = percentTemplate
        let locale = Locale(identifier: language)
        let integer = NumberFormatter()
        integer.locale = locale
        integer.numberStyle = .decimal
        integer.maximumFractionDigits = 0
        let decimal = NumberFormatter()
        decimal.locale = locale
        decimal.numberStyle = .decimal
        let date = DateFormatter()
        date.locale = locale
        date.dateStyle = .long
        date.timeStyle = .short
        formatters = Mutex((integer, decimal, date))
    }

    /// A count or population, rounded to a whole number and grouped.
    public func integer(_ value: Double) -> String {
        formatters.withLock { $0.integer.string(from: NSNumber(value: value.rounded())) ?? String(Int(value.rounded())) }
    }

    /// A number with exactly `digits` decimals.
    public func decimal(_ value: Double, digits: Int) -> String {
        formatters.withLock { f in
            f.decimal.minimumFractionDigits = digits
            f.decimal.maximumFractionDigits = digits
            return f.decimal.string(from: NSNumber(value: value)) ?? String(value)
        }
    }

    /// A fraction as a percentage ("+1,25 %" in French); `signed` shows + for gains.
    public func percent(_ fraction: Double, digits: Int, signed: Bool = false) -> String {
        let number = decimal(fraction * 100, digits: digits)
        let shown = signed && fraction >= 0 ? "+" + number : number
        return Catalogue.fill(percentTemplate, ["number": shown])
    }

    public func dateTime(_ date: Date) -> String { formatters.withLock { $0.date.string(from: date) } }
}
