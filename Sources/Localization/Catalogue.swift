import Foundation

/// The messages of one language: flat keys ("report.title") to whole sentences with named
/// placeholders ("{count} org unit(s)"), so that a translator can move every word; nothing is
/// assembled from fragments. A key the catalogue lacks falls back to English.
public struct Catalogue: Sendable, Equatable {
    /// The language code, the catalogue file's name ("fr" for `fr.json`), as DHIS2 spells locales.
    public var language: String
    public var messages: [String: String]
    /// English, for keys this catalogue does not (yet) translate.
    public var fallback: [String: String]

    public init(language: String, messages: [String: String], fallback: [String: String] = [:]) {
        self.language = language
        self.messages = messages
        self.fallback = fallback
    }

    /// The message for `key` with `{name}` placeholders filled from `values`; the key itself when
    /// no catalogue has it (visible in a test, never a crash).
    public func text(_ key: String, _ values: [String: String] = [:]) -> String {
        Self.fill(messages[key] ?? fallback[key] ?? key, values)
    }

    /// The message in this language only: nil when the catalogue does not translate `key`
    /// (metadata translations are written only for what a translator wrote).
    public func translated(_ key: String, _ values: [String: String] = [:]) -> String? {
        messages[key].map { Self.fill($0, values) }
    }

    /// Numbers, percentages and dates in this language.
    public var format: LocaleFormat { LocaleFormat(language: language, percentTemplate: text("format.percent")) }

    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var out = template
        for (name, value) in values { out = out.replacingOccurrences(of: "{\(name)}", with: value) }
        return out
    }
}
