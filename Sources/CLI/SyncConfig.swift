import Denominators
import Foundation
import Yams

/// `--config sync.yaml`: everything `sync` (and `serve`) can take from flags, in a file that can
/// be reviewed and versioned. Flags win over the file; for the DHIS2 connection the environment
/// wins over the file too, so secrets can stay out of it.
///
/// YAML rather than TOML: the TOML package available to this project (TOMLKit) depends on a
/// package outside the mirror, and YAML is what DHIS2 implementers meet in Ansible and Docker
/// Compose anyway.
struct SyncConfig: Decodable, Sendable {
    struct Connection: Decodable, Sendable {
        var url: String?
        var username: String?
        var token: String?
        var password: String?
    }

    struct WorldPop: Decodable, Sendable {
        var product: String?
        var iso3: String?
        var folder: String?
        var cache: String?
        var server: String?
        var offline: Bool?
    }

    struct Import: Decodable, Sendable {
        var chunkSize: Int?
        var async: Bool?
        var decimals: Int?
        var allowConflicts: Bool?
        /// Run the analytics tables job after a successful import (also for `serve`'s jobs and schedule).
        var analytics: Bool?
    }

    struct Group: Decodable, Sendable {
        var key: String
        var name: String
        var shortName: String?
        /// f, m or both (default).
        var sexes: [String]?
        /// As DHIS2 writes age groups: "0" (under 1), "0-4", "15-49", "60+".
        var ages: String
    }

    var dhis2: Connection?
    var levels: FlexibleList?
    var within: String?
    var years: FlexibleList?
    var product: String?
    var worldpop: WorldPop?
    var `import`: Import?
    var groups: [Group]?
    var report: String?
    var audit: String?
    var compareWith: String?
    var compareThreshold: Double?
    /// Cron expression for `serve`'s yearly sync.
    var schedule: String?

    static let knownKeys: [String: Set<String>] = [
        "": ["dhis2", "levels", "within", "years", "product", "worldpop", "import", "groups", "report", "audit",
             "compareWith", "compareThreshold", "schedule"],
        "dhis2": ["url", "username", "token", "password"],
        "worldpop": ["product", "iso3", "folder", "cache", "server", "offline"],
        "import": ["chunkSize", "async", "decimals", "allowConflicts", "analytics"],
        "groups": ["key", "name", "shortName", "sexes", "ages"],
    ]

    static func load(_ path: String) throws -> SyncConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError("cannot read the config file '\(path)': check the path")
        }
        let node: Node
        do {
            guard let parsed = try Yams.compose(yaml: text) else { throw ConfigError("the config file '\(path)' is empty") }
            node = parsed
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError("'\(path)' is not valid YAML: \(error)")
        }
        // A misspelt key would otherwise be ignored silently.
        try checkKeys(node, section: "", path: path)
        do {
            return try YAMLDecoder().decode(SyncConfig.self, from: node)
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw ConfigError("'\(path)': \(context.codingPath.map(\.stringValue).joined(separator: ".")) has the wrong type (\(context.debugDescription))")
        } catch let DecodingError.keyNotFound(key, context) {
            throw ConfigError("'\(path)': \((context.codingPath.map(\.stringValue) + [key.stringValue]).joined(separator: ".")) is missing")
        } catch {
            throw ConfigError("'\(path)': \(error)")
        }
    }

    private static func checkKeys(_ node: Node, section: String, path: String) throws {
        switch node {
        case let .mapping(mapping):
            guard let known = knownKeys[section] else { return }
            for (key, value) in mapping {
                guard let name = key.string, known.contains(name) else {
                    throw ConfigError("unknown key '\(key.string ?? "?")'\(section.isEmpty ? "" : " in '\(section)'") of '\(path)': use one of \(known.sorted().joined(separator: ", "))")
                }
                if section.isEmpty { try checkKeys(value, section: name, path: path) }
            }
        case let .sequence(items):
            for item in items { try checkKeys(item, section: section, path: path) }
        default:
            return
        }
    }

    /// The configured groups as derived groups; nil when the file has none (the standard ones apply).
    func derivedGroups() throws -> [DerivedGroup]? {
        guard let groups else { return nil }
        return try groups.map { g in
            let sexes = try (g.sexes ?? ["f", "m"]).map { s -> Sex in
                guard let sex = Sex(rawValue: s.lowercased().prefix(1).description) else {
                    throw ConfigError("group '\(g.key)': sex '\(s)' is not f or m")
                }
                return sex
            }
            return DerivedGroup(key: g.key, name: g.name, shortName: g.shortName ?? String(g.name.prefix(50)),
                                sexes: Set(sexes), ages: try Self.ageRange(g.ages, group: g.key))
        }
    }

    /// "0" → [0, 1), "0-4" → [0, 5), "60+" → [60, ∞).
    static func ageRange(_ text: String, group: String) throws -> AgeRange {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("+"), let lower = Int(t.dropLast()) { return AgeRange(lower, nil) }
        let parts = t.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 1, let a = parts[0] { return AgeRange(a, a + 1) }
        if parts.count == 2, let a = parts[0], let b = parts[1], b >= a { return AgeRange(a, b + 1) }
        throw ConfigError("group '\(group)': ages '\(text)' is not like 0, 0-4, 15-49 or 60+")
    }
}

/// A value written as `3`, `"2-4"` or `[2, 3]` (levels, years).
struct FlexibleList: Decodable, Sendable {
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

struct ConfigError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
