import Denominators
import Foundation
import Yams

/// `--config sync.yaml`: every sync setting in a file that can be reviewed and versioned — the
/// bottom layer of `SyncSettings`, under the environment and the flags.
///
/// YAML rather than TOML: the TOML package available to this project (TOMLKit) depends on a
/// package outside the mirror, and YAML is what DHIS2 implementers meet in Ansible and Docker
/// Compose anyway.
public enum SettingsFile {
    /// The settings in the file at `path`. Unknown keys are refused: a misspelt one would
    /// otherwise be ignored silently.
    public static func load(_ path: String) throws -> SyncSettings {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SettingsError("cannot read the config file '\(path)': check the path")
        }
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else { throw SettingsError("the config file '\(path)' is empty") }
            node = parsed
        } catch let error as SettingsError {
            throw error
        } catch {
            throw SettingsError("'\(path)' is not valid YAML: \(error)")
        }
        try knownKeys.check(KnownKeys.Tree(yaml: node), of: "'\(path)'")
        let file: Contents
        do {
            file = try YAMLDecoder().decode(Contents.self, from: node)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let key = context.codingPath.map(\.stringValue).joined(separator: ".")
            throw SettingsError("'\(path)': \(key) has the wrong type (\(context.debugDescription))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw SettingsError(
                "'\(path)': \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")) is missing")
        } catch {
            throw SettingsError("'\(path)': \(error)")
        }
        return try file.settings()
    }

    static let knownKeys = KnownKeys([
        "": [
            "dhis2", "levels", "within", "years", "product", "worldpop", "import", "groups", "report", "audit",
            "compareWith", "compareThreshold", "schedule", "serve", "language",
        ],
        "dhis2": ["url", "username", "token", "password"],
        "worldpop": ["product", "iso3", "folder", "cache", "server", "offline"],
        "import": ["chunkSize", "async", "decimals", "allowConflicts", "analytics"],
        "groups": ["key", "name", "shortName", "sexes", "ages"],
        "serve": ["publicURL", "allowedHosts", "trustedProxies", "queueLimit"],
    ])

    /// "0" → [0, 1), "0-4" → [0, 5), "60+" → [60, ∞).
    public static func ageRange(_ text: String, group: String) throws -> AgeRange {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("+"), let lower = Int(t.dropLast()) { return AgeRange(lower, nil) }
        let parts = t.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 1, let a = parts[0] { return AgeRange(a, a + 1) }
        if parts.count == 2, let a = parts[0], let b = parts[1], b >= a { return AgeRange(a, b + 1) }
        throw SettingsError("group '\(group)': ages '\(text)' is not like 0, 0-4, 15-49 or 60+")
    }

    /// The file as written.
    struct Contents: Decodable {
        struct Connection: Decodable {
            var url: String?
            var username: String?
            var token: String?
            var password: String?
        }

        struct WorldPop: Decodable {
            var product: String?
            var iso3: String?
            var folder: String?
            var cache: String?
            var server: String?
            var offline: Bool?
        }

        struct Import: Decodable {
            var chunkSize: Int?
            var async: Bool?
            var decimals: Int?
            var allowConflicts: Bool?
            /// Run the analytics tables job after a successful import (also for `serve`'s jobs and schedule).
            var analytics: Bool?
        }

        struct Group: Decodable {
            var key: String
            var name: String
            var shortName: String?
            /// f, m or both (default).
            var sexes: [String]?
            /// As DHIS2 writes age groups: "0" (under 1), "0-4", "15-49", "60+".
            var ages: String
        }

        var dhis2: Connection?
        var levels: NumberListText?
        var within: String?
        var years: NumberListText?
        var product: String?
        var worldpop: WorldPop?
        var `import`: Import?
        var groups: [Group]?
        var report: String?
        var audit: String?
        var compareWith: String?
        var compareThreshold: Double?
        var schedule: String?
        var serve: ServeSettings?
        /// The report's language (a catalogue), as `--language`.
        var language: String?

        func settings() throws -> SyncSettings {
            var s = SyncSettings()
            s.connection = ConnectionSettings(url: dhis2?.url, token: dhis2?.token, username: dhis2?.username, password: dhis2?.password)
            s.levels = try levels.map { try parseLevels($0.text) }
            s.within = within
            s.years = try years.map { try parseYears($0.text) }
            s.product = try product.map { text in
                guard let product = SyncPlan.Product(rawValue: text) else {
                    throw SettingsError("product: '\(text)' is total, agesex or age")
                }
                return product
            }
            s.worldPop.product = worldpop?.product
            s.worldPop.iso3 = worldpop?.iso3
            s.worldPop.folder = worldpop?.folder
            s.worldPop.cache = worldpop?.cache
            s.worldPop.server = worldpop?.server
            s.worldPop.offline = worldpop?.offline
            if let decimals = self.import?.decimals { try checkDecimals(decimals, source: "decimals") }
            if let chunkSize = self.import?.chunkSize { try checkChunkSize(chunkSize, source: "chunkSize") }
            if let compareThreshold { try checkCompareThreshold(compareThreshold, source: "compareThreshold") }
            s.decimals = self.import?.decimals
            s.chunkSize = self.import?.chunkSize
            s.asyncImport = self.import?.async
            s.allowConflicts = self.import?.allowConflicts
            s.analytics = self.import?.analytics
            s.groups = try groups?.map(derivedGroup)
            s.reportDirectory = report
            s.audit = audit
            s.compareWith = compareWith
            s.compareThreshold = compareThreshold
            s.schedule = schedule
            s.language = language
            if let serve { s.serve = serve }
            return s
        }

        func derivedGroup(_ g: Group) throws -> DerivedGroup {
            let sexes = try (g.sexes ?? ["f", "m"]).map { s -> Sex in
                guard let sex = Sex(rawValue: s.lowercased().prefix(1).description) else {
                    throw SettingsError("group '\(g.key)': sex '\(s)' is not f or m")
                }
                return sex
            }
            return DerivedGroup(
                key: g.key, name: g.name, shortName: g.shortName ?? String(g.name.prefix(50)),
                sexes: Set(sexes), ages: try SettingsFile.ageRange(g.ages, group: g.key))
        }
    }
}

/// A number list written as `3`, `"2-4"` or `[2, 3]` (levels, years).
struct NumberListText: Decodable {
    var text: String

    init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let i = try? c.decode(Int.self) {
            text = String(i)
        } else if let list = try? c.decode([Int].self) {
            text = list.map(String.init).joined(separator: ",")
        } else {
            text = try c.decode(String.self)
        }
    }
}
