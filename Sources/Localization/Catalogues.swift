import Foundation

/// The catalogue files (`Catalogues/*.json`, one per language) shared by the report, the serve
/// page, the DHIS2 app and the metadata translations. Languages are discovered from the files:
/// adding `de.json` adds German everywhere, with no code to change.
public enum Catalogues {
    /// The base language: metadata names in DHIS2 are written in it, translations are added to it.
    public static let base = "en"

    /// The folder holding the catalogue files (SwiftPM's resource bundle of this module, beside the
    /// program or the test bundle; not `Bundle.module`, which stops the process when it is missing).
    public static func folder() throws -> URL {
        let name = "worldpop-dhis2_Localization"
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for place in [Bundle.main.bundleURL.standardizedFileURL, executable.standardizedFileURL] {
            for suffix in ["resources", "bundle"] {
                guard let bundle = Bundle(url: place.appendingPathComponent("\(name).\(suffix)")), let resources = bundle.resourceURL
                else { continue }
                let folder = resources.appendingPathComponent("Catalogues")
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("\(base).json").path) { return folder }
            }
        }
        throw LanguageError.missingCatalogues(executable.appendingPathComponent("\(name).resources").path)
    }

    /// Every language with a catalogue file, sorted ("en", "es", "fr", "pt").
    public static func available() throws -> [String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: folder().path)
        return files.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
    }

    /// The languages metadata translations are written in: every catalogue but the base.
    public static func translationLanguages() throws -> [String] { try available().filter { $0 != base } }

    /// The raw messages of one catalogue file.
    public static func messages(_ language: String) throws -> [String: String] {
        let url = try folder().appendingPathComponent("\(language).json")
        let data = try Data(contentsOf: url)
        guard let messages = try JSONSerialization.jsonObject(with: data) as? [String: String] else {
            throw LanguageError.badCatalogue(url.path)
        }
        return messages
    }

    /// The catalogue of `language`, English behind it. An unknown language is one clear error
    /// listing the languages there are.
    public static func load(_ language: String) throws -> Catalogue {
        let known = try available()
        guard known.contains(language) else { throw LanguageError.unknown(language, available: known) }
        let english = try messages(base)
        return Catalogue(language: language, messages: language == base ? english : try messages(language), fallback: english)
    }

    /// Every catalogue but the base, loaded once for a metadata bundle.
    public static func translations() throws -> [Catalogue] {
        let english = try messages(base)
        return try translationLanguages().map { Catalogue(language: $0, messages: try messages($0), fallback: english) }
    }

    /// The catalogue language for a DHIS2 locale ("fr", "fr_CD", "pt_BR", "es-419"), if there is one.
    public static func language(forLocale locale: String?) -> String? {
        guard let locale, let known = try? available() else { return nil }
        if known.contains(locale) { return locale }
        let language = String(locale.prefix { $0 != "_" && $0 != "-" }).lowercased()
        return known.contains(language) ? language : nil
    }
}

public enum LanguageError: Error, CustomStringConvertible, Equatable {
    case unknown(String, available: [String])
    case missingCatalogues(String)
    case badCatalogue(String)

    public var description: String {
        switch self {
        case .unknown(let language, let available):
            return "--language \(language) has no catalogue: give one of \(available.joined(separator: ", ")) "
                + "(as --language or language: in --config; a language is added with one file in Sources/Localization/Catalogues)"
        case .missingCatalogues(let path):
            return "the message catalogues are not at \(path): keep the worldpop-dhis2_Localization.resources folder next to the program"
        case .badCatalogue(let path):
            return "\(path) is not a catalogue: it must be one JSON object of strings (\"key\": \"message\")"
        }
    }
}
