import Catchments
import Denominators

/// Everything a sync can be told, from any source: a settings file, command-line flags, the
/// environment (the DHIS2 connection only), or a job request of `serve`. Every field is optional:
/// a layer says only what its source says, and `overriding` stacks the layers (file < environment
/// < flags, and a job request over the file). `plan(command:)` then checks the result once and
/// turns it into the `SyncPlan` the runner executes — the same way for the CLI and the server.
public struct SyncSettings: Sendable {
    /// How to reach DHIS2.
    public var connection = ConnectionSettings()
    /// Org unit levels to sync (`3`, `2,3`, `2-4`).
    public var levels: [Int]?
    /// Only org units under this one (UID).
    public var within: String?
    public var years: [Int]?
    public var product: SyncPlan.Product?
    /// What the values are about: the org units' boundaries, facility catchments or access.
    public var zoneSource: SyncPlan.ZoneSource?
    /// Local rasters for a single year, instead of WorldPop files.
    public var localRasters = LocalRasterSettings()
    public var worldPop = WorldPopSettings()
    public var decimals: Int?
    public var dryRun: Bool?
    public var allowConflicts: Bool?
    public var chunkSize: Int?
    public var asyncImport: Bool?
    public var analytics: Bool?
    public var boundaries = BoundarySettings()
    public var strictGeometry: Bool?
    /// Births or pregnancies: also the raw 2015 sums of the grid.
    public var rawRateSums: Bool?
    /// Also write the data value set to this file (.json, .csv, .xml for ADX).
    public var valuesFile: String?
    public var reportDirectory: String?
    public var compareWith: String?
    public var compareThreshold: Double?
    public var credit: String?
    /// The report's language (a catalogue: en, fr, pt, es …); nil: the DHIS2 account's interface language.
    public var language: String?
    /// The audit log (SQLite) path.
    public var audit: String?
    /// Derived groups; the standard ones when nil.
    public var groups: [DerivedGroup]?
    /// Cron expression for `serve`'s yearly sync.
    public var schedule: String?
    /// `serve`'s own settings (how it is reached, its queue).
    public var serve = ServeSettings()

    public init() {}

    /// These settings with every value `top` gives put over them.
    public func overriding(_ top: SyncSettings) -> SyncSettings {
        var merged = self
        merged.connection = connection.overriding(top.connection)
        merged.localRasters = localRasters.overriding(top.localRasters)
        merged.worldPop = worldPop.overriding(top.worldPop)
        merged.boundaries = boundaries.overriding(top.boundaries)
        merged.serve = serve.overriding(top.serve)
        merged.take(\.levels, from: top)
        merged.take(\.within, from: top)
        merged.take(\.years, from: top)
        merged.take(\.product, from: top)
        merged.take(\.zoneSource, from: top)
        merged.take(\.decimals, from: top)
        merged.take(\.dryRun, from: top)
        merged.take(\.allowConflicts, from: top)
        merged.take(\.chunkSize, from: top)
        merged.take(\.asyncImport, from: top)
        merged.take(\.analytics, from: top)
        merged.take(\.strictGeometry, from: top)
        merged.take(\.rawRateSums, from: top)
        merged.take(\.valuesFile, from: top)
        merged.take(\.reportDirectory, from: top)
        merged.take(\.compareWith, from: top)
        merged.take(\.compareThreshold, from: top)
        merged.take(\.credit, from: top)
        merged.take(\.language, from: top)
        merged.take(\.audit, from: top)
        merged.take(\.groups, from: top)
        merged.take(\.schedule, from: top)
        return merged
    }
}

/// Rasters on disk for one year, instead of WorldPop's files.
public struct LocalRasterSettings: Sendable, Equatable {
    /// Total population GeoTIFF.
    public var total: String?
    /// GeoTIFF with one band per sex and age group.
    public var ageSex: String?
    /// First years of the age groups in the age/sex raster.
    public var ageStarts: [Int]?
    public var bandOrder: BandOrder?

    public init() {}

    func overriding(_ top: LocalRasterSettings) -> LocalRasterSettings {
        var merged = self
        merged.take(\.total, from: top)
        merged.take(\.ageSex, from: top)
        merged.take(\.ageStarts, from: top)
        merged.take(\.bandOrder, from: top)
        return merged
    }
}

/// The order of the sexes in an age/sex raster's bands.
public enum BandOrder: String, Sendable, CaseIterable {
    /// Males first (WorldPop's age/sex stacks).
    case mf
    case fm

    var sexes: [Sex] { self == .mf ? [.male, .female] : [.female, .male] }
}

/// Where the WorldPop files come from.
public struct WorldPopSettings: Sendable, Equatable {
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

    func overriding(_ top: WorldPopSettings) -> WorldPopSettings {
        var merged = self
        merged.take(\.product, from: top)
        merged.take(\.iso3, from: top)
        merged.take(\.folder, from: top)
        merged.take(\.cache, from: top)
        merged.take(\.server, from: top)
        merged.take(\.hub, from: top)
        merged.take(\.offline, from: top)
        return merged
    }
}

/// Boundaries from a file instead of DHIS2's.
public struct BoundarySettings: Sendable, Equatable {
    public var file: String?
    /// uid, code, name, or a property holding the name.
    public var matchBy: String?
    /// The file's property holding the key.
    public var field: String?

    public init() {}

    func overriding(_ top: BoundarySettings) -> BoundarySettings {
        var merged = self
        merged.take(\.file, from: top)
        merged.take(\.matchBy, from: top)
        merged.take(\.field, from: top)
        return merged
    }
}

/// Layers of settings put one over another, field by field.
protocol SettingsLayer {}

extension SettingsLayer {
    mutating func take<Value>(_ field: WritableKeyPath<Self, Value?>, from top: Self) {
        if let value = top[keyPath: field] { self[keyPath: field] = value }
    }
}

extension SyncSettings: SettingsLayer {}
extension LocalRasterSettings: SettingsLayer {}
extension WorldPopSettings: SettingsLayer {}
extension BoundarySettings: SettingsLayer {}
