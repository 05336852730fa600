import Foundation
import Testing

@testable import Localization

/// Every catalogue says what English says, with the same placeholders, so that adding a language
/// is one file; numbers as each language writes them.
@Suite struct MessageCatalogueTests {
    static func placeholders(_ text: String) -> Set<String> {
        let regex = try! NSRegularExpression(pattern: #"\{(\w+)\}"#)
        let range = NSRange(text.startIndex..., in: text)
        return Set(regex.matches(in: text, range: range).compactMap { Range($0.range(at: 1), in: text).map { String(text[$0]) } })
    }

    @Test func everyCatalogueHasEveryEnglishMessageWithItsPlaceholders() throws {
        let english = try Catalogues.messages("en")
        #expect(english.count > 150)
        for language in try Catalogues.translationLanguages() {
            let messages = try Catalogues.messages(language)
            #expect(Set(messages.keys) == Set(english.keys), "\(language): keys differ from en.json")
            for (key, text) in english {
                guard let translated = messages[key] else { continue }
                #expect(!translated.isEmpty, "\(language) \(key)")
                #expect(Self.placeholders(translated) == Self.placeholders(text), "\(language) \(key): \(translated)")
            }
        }
    }

    @Test func languagesAreDiscoveredFromTheFilesAndLocalesMapToThem() throws {
        #expect(try Catalogues.available() == ["en", "es", "fr", "pt"])
        #expect(Catalogues.language(forLocale: "fr") == "fr")
        #expect(Catalogues.language(forLocale: "pt_BR") == "pt")
        #expect(Catalogues.language(forLocale: "es-419") == "es")
        #expect(Catalogues.language(forLocale: "sw") == nil)
        #expect(Catalogues.language(forLocale: nil) == nil)
        #expect(throws: LanguageError.unknown("de", available: ["en", "es", "fr", "pt"])) { _ = try Catalogues.load("de") }
        let french = try Catalogues.load("fr")
        #expect(french.text("report.checks") == "Contrôles")
        #expect(french.text("report.units.without", ["count": "3"]) == "Unités d'organisation sans valeur : 3")
    }

    @Test func numbersAndPercentagesAsEachLanguageWritesThem() throws {
        #expect(try Catalogues.load("en").format.integer(1_234_567.4) == "1,234,567")
        #expect(try Catalogues.load("fr").format.integer(1_234_567) == "1\u{202F}234\u{202F}567")
        #expect(try Catalogues.load("pt").format.integer(1_234_567) == "1.234.567")
        #expect(try Catalogues.load("es").format.integer(1_234_567) == "1.234.567")
        #expect(try Catalogues.load("fr").format.percent(0.0125, digits: 2, signed: true) == "+1,25\u{202F}%")
        #expect(try Catalogues.load("en").format.percent(-0.0125, digits: 2, signed: true) == "-1.25%")
        #expect(try Catalogues.load("pt").format.decimal(3.25, digits: 1).hasPrefix("3,"))
    }
}
