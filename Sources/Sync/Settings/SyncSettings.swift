import Catchments
import Denominators

/// Everything a sync can be told, from any source: the settings file (`--config`, decoded
/// straight into this type: its keys are these fields' names), the environment (the DHIS2
/// connection only), the command-line flags (one option group per section), or a job request of
/// `serve`. `overriding` stacks the layers (file < environment < flags; a job request over the
/// file), and `plan(command:zones:)` checks the result once and turns it into the `SyncPlan` the
/// runner executes — the same way for the CLI and the server.
public struct SyncSettings: SettingsSection {
    /// How to reach DHIS2.
    public var dhis2 = ConnectionSettings()
    /// Org unit levels to sync (`3`, `2,3`, `2-4`).
    public var levels: NumberList?
    /// Only org units under this one (UID).
    public var within: String?
    public var years: NumberList?
    public var product: SyncPlan.Product?
    /// Derived groups; the standard ones when nil.
    public var groups: [GroupSettings]?
    /// Rasters on disk for a single year, instead of WorldPop's files.
    public var rasters = LocalRasterSettings()
    public var worldpop = WorldPopSettings()
    /// Boundaries from a file instead of DHIS2's, and how invalid ones are treated.
    public var boundaries = BoundarySettings()
    /// How values are sent.
    public var `import` = ImportSettings()
    /// The folder of report.html, populations.csv and populations.geojson.
    public var report: String?
    /// The report's language (a catalogue: en, fr, pt, es …); nil: the DHIS2 account's interface language.
    public var language: String?
    /// Dataset credit for reports and metadata.
    public var credit: String?
    /// Compare with the denominator already in DHIS2 under this data element.
    public var compareWith: String?
    /// Flag units off by more than this share in the comparison.
    public var compareThreshold: Double?
    /// Also write the data value set to this file (.json, .csv, .xml for ADX).
    public var outputValues: String?
    /// The audit log (SQLite) path.
    public var audit: String?
    /// Cron expression for `serve`'s yearly sync.
    public var schedule: String?
    /// `serve`'s own settings (how it is reached, its queue).
    public var serve = ServeSettings()

    public init() {}
}

/// Rasters on disk for one year, instead of WorldPop's files (`rasters:`).
public struct LocalRasterSettings: SettingsSection, Equatable {
    /// Total population GeoTIFF.
    public var total: String?
    /// GeoTIFF with one band per sex and age group.
    public var ageSex: String?
    /// First years of the age groups in the age/sex raster.
    public var ageStarts: [Int]?
    public var bandOrder: BandOrder?

    public init() {}
}

/// The order of the sexes in an age/sex raster's bands.
public enum BandOrder: String, Sendable, CaseIterable, Codable {
    /// Males first (WorldPop's age/sex stacks).
    case mf
    case fm

    var sexes: [Sex] { self == .mf ? [.male, .female] : [.female, .male] }
}

/// Where the WorldPop files come from (`worldpop:`).
public struct WorldPopSettings: SettingsSection, Equatable {
    /// Product id (`datasets` lists them).
    public var product: String?
    public var iso3: String?
    /// A folder laid out like data.worldpop.org, read before the cache.
    public var folder: String?
    public var cache: String?
    /// The data server (ftp:// or https://).
    public var server: String?
    /// The hub REST API that lists each product's files.
    public var hub: String?
    public var offline: Bool?

    public init() {}
}

/// Boundaries from a file instead of DHIS2's (`boundaries:`), and invalid ones refused or repaired.
public struct BoundarySettings: SettingsSection, Equatable {
    public var file: String?
    /// uid, code, name, or a property holding the name.
    public var matchBy: String?
    /// The file's property holding the key.
    public var field: String?
    /// Refuse invalid boundaries instead of repairing them (GEOS MakeValid).
    public var strict: Bool?

    public init() {}
}

/// How values are sent (`import:`).
public struct ImportSettings: SettingsSection, Equatable {
    /// Values per request, halved on HTTP 413.
    public var chunkSize: Int?
    /// As DHIS2 background jobs, polled.
    public var async: Bool?
    /// Decimals of the values sent.
    public var decimals: Int?
    /// Exit 0 even when DHIS2 ignored values or reported conflicts.
    public var allowConflicts: Bool?
    /// Run the analytics tables job after a successful import (also for `serve`'s jobs and schedule).
    public var analytics: Bool?
    /// DHIS2 validates everything and stores nothing.
    public var dryRun: Bool?
    /// Births or pregnancies: also the raw 2015 sums of the grid, for 2015.
    public var raw2015: Bool?

    public init() {}
}

/// A derived group in the settings file (`groups:`), as DHIS2 writes age groups.
public struct GroupSettings: SettingsSection, Equatable {
    /// Stable: the data element's UID derives from it.
    public var key: String?
    public var name: String?
    public var shortName: String?
    /// f, m or both (default).
    public var sexes: [String]?
    /// "0" (under 1), "0-4", "15-49", "60+".
    public var ages: String?

    public init() {}

    public init(key: String, name: String, shortName: String? = nil, sexes: [String]? = nil, ages: String) {
        self.key = key
        self.name = name
        self.shortName = shortName
        self.sexes = sexes
        self.ages = ages
    }

    /// The group, checked: every key present, sexes f or m, ages like 0-4.
    public func group() throws -> DerivedGroup {
        guard let key, let name, let ages else {
            let missing = [("key", self.key), ("name", self.name), ("ages", self.ages)].first { $0.1 == nil }!.0
            throw SettingsError("groups: a group without \(missing): give key, name and ages (e.g. key: u1, name: Under 1, ages: \"0\")")
        }
        let sexes = try (self.sexes ?? ["f", "m"]).map { s -> Sex in
            guard let sex = Sex(rawValue: s.lowercased().prefix(1).description) else {
                throw SettingsError("group '\(key)': sex '\(s)' is not f or m")
            }
            return sex
        }
        return DerivedGroup(
            key: key, name: name, shortName: shortName ?? String(name.prefix(50)), sexes: Set(sexes),
            ages: try Self.ageRange(ages, group: key))
    }

    /// "0" → [0, 1), "0-4" → [0, 5), "60+" → [60, ∞).
    public static func ageRange(_ text: String, group: String) throws -> AgeRange {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasSuffix("+"), let lower = Int(t.dropLast()) { return AgeRange(lower, nil) }
        let parts = t.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        if parts.count == 1, let a = parts[0] { return AgeRange(a, a + 1) }
        if parts.count == 2, let a = parts[0], let b = parts[1], b >= a { return AgeRange(a, b + 1) }
        throw SettingsError("group '\(group)': ages '\(text)' is not like 0, 0-4, 15-49 or 60+")
    }
}

/// Levels or years as people write them: `3`, `"2-4"`, `"2020,2022"` or `[2, 3]`; kept as the
/// numbers, and checked by the plan.
public struct NumberList: Sendable, Equatable, Codable, ExpressibleByArrayLiteral {
    public var numbers: [Int]

    public init(_ numbers: [Int]) { self.numbers = numbers }
    public init(arrayLiteral numbers: Int...) { self.numbers = numbers }

    public init(from decoder: Decoder) throws {
        let c = try decoder.singleValueContainer()
        if let number = try? c.decode(Int.self) {
            numbers = [number]
        } else if let list = try? c.decode([Int].self) {
            numbers = list
        } else {
            let text = try c.decode(String.self)
            do {
                numbers = try parseNumberList(text)
            } catch {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: "'\(text)' is not like 3, 2-4 or 2020,2022")
            }
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(numbers)
    }
}
