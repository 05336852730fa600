import Foundation
import Localization
import ZIPFoundation

/// The DHIS2 app "WorldPop population" as DHIS2's App Management installs it: a zip with
/// `manifest.webapp` at its root (`AppManager.installApp` reads the manifest from there). Its
/// files are SwiftPM resources of this module (`Sources/DHIS2App/Public`); the zip is built, never
/// committed. The version carries a digest of the files, so an unchanged app is not sent again.
public struct AppPackage: Sendable {
    /// Relative path → contents, `manifest.webapp` with the version filled in.
    public var files: [String: Data]
    public var manifest: Manifest

    public struct Manifest: Codable, Sendable, Equatable {
        public var name: String
        public var shortName: String
        public var version: String
        public var launchPath: String

        enum CodingKeys: String, CodingKey {
            case name, version
            case shortName = "short_name"
            case launchPath = "launch_path"
        }
    }

    /// The app's key in DHIS2 (`App.getUrlFriendlyName`: the short name without characters other
    /// than letters, digits, spaces and '-', spaces as '-'): its files live under `/api/apps/{key}/`.
    public var key: String { Self.urlFriendly(manifest.shortName) }

    static func urlFriendly(_ name: String) -> String {
        let kept = name.trimmingCharacters(in: .whitespaces).unicodeScalars.filter {
            CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == " " || $0 == "-"
        }
        return String(String.UnicodeScalarView(kept)).split(whereSeparator: { $0 == " " }).joined(separator: "-")
    }

    /// Reads the app's files from `folder` (default: this module's resources) and stamps the version.
    public static func load(from folder: URL? = nil, version: String) throws -> AppPackage {
        let root = try folder ?? AppFiles.folder()
        var files: [String: Data] = [:]
        let keys: [URLResourceKey] = [.isRegularFileKey]
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: keys) else {
            throw AppPackageError.missingFiles(root.path)
        }
        let base = root.standardizedFileURL.path + "/"
        for case let url as URL in walker where (try? url.resourceValues(forKeys: Set(keys)).isRegularFile) == true {
            files[String(url.standardizedFileURL.path.dropFirst(base.count))] = try Data(contentsOf: url)
        }
        try addCatalogues(to: &files)
        guard let raw = files["manifest.webapp"], var object = try JSONSerialization.jsonObject(with: raw) as? [String: Any] else {
            throw AppPackageError.missingFiles(root.path + "/manifest.webapp")
        }
        object["version"] = version + "+" + digest(files)
        files["manifest.webapp"] = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
        let manifest = try JSONDecoder().decode(Manifest.self, from: files["manifest.webapp"]!)
        return AppPackage(files: files, manifest: manifest)
    }

    /// The message catalogues the report uses too, as `i18n/<language>.json`, and the list of them
    /// (`i18n/languages.json`) the app picks the user's language from: a new catalogue file is a
    /// new language of the app.
    static func addCatalogues(to files: inout [String: Data]) throws {
        let languages = try Catalogues.available()
        for language in languages {
            files["i18n/\(language).json"] = try Data(contentsOf: Catalogues.folder().appendingPathComponent("\(language).json"))
        }
        files["i18n/languages.json"] = try JSONSerialization.data(withJSONObject: languages)
    }

    /// The zip, entries in path order (deflated), as App Management takes it.
    public func zip() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for path in files.keys.sorted() {
            let data = files[path]!
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: Date(timeIntervalSince1970: 1_700_000_000),
                compressionMethod: .deflate
            ) { position, size in
                data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        guard let data = archive.data else { throw AppPackageError.zipFailed }
        return data
    }

    /// A short digest of the files (FNV-1a over paths and contents): the same files, the same version.
    static func digest(_ files: [String: Data]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for path in files.keys.sorted() where path != "manifest.webapp" {
            for byte in Array(path.utf8) + [0] + Array(files[path]!) {
                hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }
}

public enum AppPackageError: Error, CustomStringConvertible {
    case missingFiles(String)
    case zipFailed

    public var description: String {
        switch self {
        case .missingFiles(let path):
            return "the DHIS2 app's files are not at \(path): keep the worldpop-dhis2_DHIS2App.resources folder next to the program"
        case .zipFailed: return "could not build the DHIS2 app's zip"
        }
    }
}

/// SwiftPM's resource bundle of this module beside the program (or the test bundle).
enum AppFiles {
    static func folder() throws -> URL {
        let name = "worldpop-dhis2_DHIS2App"
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for place in [Bundle.main.bundleURL.standardizedFileURL, executable.standardizedFileURL] {
            for suffix in ["resources", "bundle"] {
                guard let bundle = Bundle(url: place.appendingPathComponent("\(name).\(suffix)")), let resources = bundle.resourceURL
                else { continue }
                let folder = resources.appendingPathComponent("Public")
                if FileManager.default.fileExists(atPath: folder.appendingPathComponent("manifest.webapp").path) { return folder }
            }
        }
        throw AppPackageError.missingFiles(executable.appendingPathComponent("\(name).resources").path)
    }
}
