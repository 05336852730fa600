import Foundation
import WorldPop
import Yams

extension SyncSettings {
    /// The bundled sample as `demo`, `bench-serve` and the tests run it: level 2, 2020, totals,
    /// the Aruba raster placed in `dir`/worldpop as data.worldpop.org lays it out, read offline
    /// (the country is found from the org units, as `sync --worldpop-dir DIR --offline` does).
    public static func sample(raster: String, in dir: URL) throws -> SyncSettings {
        let product = try WorldPopCatalogue.product("g1-constrained-2020-100m")
        let folder = dir.appendingPathComponent("worldpop")
        let target = folder.appendingPathComponent(try product.files(iso3: "ABW", year: 2020)[0].path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try? FileManager.default.removeItem(at: target)
        try FileManager.default.copyItem(atPath: raster, toPath: target.path)
        var settings = SyncSettings()
        settings.levels = [2]
        settings.years = [2020]
        settings.product = .total
        settings.worldpop.product = product.id
        settings.worldpop.folder = folder.path
        settings.worldpop.cache = dir.appendingPathComponent("cache").path
        settings.worldpop.offline = true
        return settings
    }

    /// The sample's settings file for `serve` (`bench-serve`, the tests) against the DHIS2 at
    /// `dhis2`, with the audit log beside it in `dir`.
    public static func writeSampleConfig(in dir: URL, raster: String, dhis2: URL, token: String, schedule: String? = nil) throws -> URL {
        var settings = try sample(raster: raster, in: dir)
        settings.dhis2.url = dhis2.absoluteString
        settings.dhis2.token = token
        settings.audit = dir.appendingPathComponent("audit.sqlite").path
        settings.schedule = schedule
        let config = dir.appendingPathComponent("sync.yaml")
        try settings.write(to: config)
        return config
    }

    /// These settings as a settings file (YAML), which `--config` reads back as they are;
    /// sections with nothing in them are left out.
    public func write(to file: URL) throws {
        try YAMLEncoder().encode(try SettingsTree(self).withoutEmptySections).write(to: file, atomically: true, encoding: .utf8)
    }
}
