import Foundation
import Sync
import TestSupport
import Testing

@testable import CLI

/// Each setting is one field of `SyncSettings` (or of one of its sections) and one flag: the
/// settings file is that type written out, its known keys are the fields, and the layers merge
/// field by field without a list of fields.
@Suite struct SettingsDeclaredOnceTests {
    /// Every flag of `sync` that is a setting, and the same setting in the file.
    let flags = [
        "--url", "http://x.example/dhis", "--username", "u", "--password", "p", "--timeout", "30",
        "--level", "2-3", "--within", "ImspTQPwCqd", "--years", "2020,2022", "--product", "agesex",
        "--raster", "t.tif", "--agesex-raster", "a.tif", "--ages", "0,1,5", "--band-order", "fm",
        "--worldpop-product", "g2-agesex-100m", "--iso3", "COD", "--worldpop-dir", "/srv/wp", "--cache-dir", "/var/cache/wp",
        "--worldpop-url", "https://mirror.example/", "--worldpop-hub", "https://hub.example/", "--offline",
        "--boundaries", "b.geojson", "--match-by", "code", "--boundary-field", "ADM2_PCODE", "--strict-geometry",
        "--decimals", "2", "--dry-run", "--allow-conflicts", "--chunk-size", "900", "--async", "--analytics", "--raw-2015",
        "--output-values", "v.csv", "--report", "r", "--compare-with", "fbfJHSPpUQD", "--compare-threshold", "0.2",
        "--credit", "c", "--language", "fr", "--audit", "a.sqlite",
    ]
    let file = """
        dhis2: {url: "http://x.example/dhis", username: u, password: p, timeout: 30}
        levels: 2-3
        within: ImspTQPwCqd
        years: [2020, 2022]
        product: agesex
        rasters: {total: t.tif, ageSex: a.tif, ageStarts: [0, 1, 5], bandOrder: fm}
        worldpop:
          product: g2-agesex-100m
          iso3: COD
          folder: /srv/wp
          cache: /var/cache/wp
          server: "https://mirror.example/"
          hub: "https://hub.example/"
          offline: true
        boundaries: {file: b.geojson, matchBy: code, field: ADM2_PCODE, strict: true}
        import: {decimals: 2, dryRun: true, allowConflicts: true, chunkSize: 900, async: true, analytics: true, raw2015: true}
        outputValues: v.csv
        report: r
        compareWith: fbfJHSPpUQD
        compareThreshold: 0.2
        credit: c
        language: fr
        audit: a.sqlite
        """

    @Test func theFlagsAndTheFileSayTheSameSettings() throws {
        let fromFlags = try SyncOptions.parse(flags).settings
        let fromFile = try SettingsFile.load(try temporaryFile("sync.yaml", contents: file))
        #expect(try Self.json(fromFlags) == Self.json(fromFile))
        // Nothing was left out on either side: every field of every section is set.
        let tree = try #require(try JSONSerialization.jsonObject(with: Data(Self.json(fromFile).utf8)) as? [String: Any])
        let expected = SyncSettings.knownKeys.sections[""]!.subtracting(["groups", "schedule"])
        #expect(Set(tree.keys) == expected)
        #expect((tree["serve"] as? [String: Any])?.isEmpty == true)  // serve's flags are serve's
        for section in ["rasters", "worldpop", "boundaries", "import"] {
            #expect(Set((tree[section] as? [String: Any] ?? [:]).keys) == SyncSettings.knownKeys.sections[section], "\(section)")
        }
    }

    /// The README's example settings file is a valid one, and says what its comments say.
    @Test func theREADMEsExampleLoads() throws {
        let readme = try String(contentsOf: repoRoot.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "### Config file"))
        let start = try #require(readme.range(of: "```yaml\n", range: section.upperBound..<readme.endIndex))
        let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
        let settings = try SettingsFile.load(try temporaryFile("sync.yaml", contents: String(readme[start.upperBound..<end.lowerBound])))
        #expect(settings.levels == [3] && settings.years?.numbers == Array(2020...2025) && settings.product == .agesex)
        #expect(settings.boundaries.matchBy == "code" && settings.import.chunkSize == 5000 && settings.rasters.ageStarts == [0, 1, 5, 10])
        #expect(try settings.groups?.map { try $0.group().key } == ["u1", "wra"])
    }

    @Test func theKnownKeysAreTheFieldsNames() {
        let keys = SyncSettings.knownKeys.sections
        #expect(keys["import"] == ["chunkSize", "async", "decimals", "allowConflicts", "analytics", "dryRun", "raw2015"])
        #expect(keys["dhis2"] == ["url", "token", "username", "password", "timeout"])
        #expect(keys["groups"] == ["key", "name", "shortName", "sexes", "ages"])
        #expect(keys["serve"] == ["publicURL", "allowedHosts", "trustedProxies", "queueLimit"])
        #expect(keys[""]?.contains("worldpop") == true && keys[""]?.contains("localRasters") == false)
    }

    @Test func layersMergeFieldByFieldAndListsAreReplacedWhole() {
        var bottom = SyncSettings()
        bottom.dhis2.url = "http://file.example"
        bottom.dhis2.token = "file-token"
        bottom.import.chunkSize = 700
        bottom.groups = [GroupSettings(key: "a", name: "A", ages: "0"), GroupSettings(key: "b", name: "B", ages: "1-4")]
        bottom.serve.allowedHosts = ["one.example", "two.example"]
        bottom.compareThreshold = 0.15
        var top = SyncSettings()
        top.dhis2.token = "flag-token"
        top.import.decimals = 1
        top.groups = [GroupSettings(key: "c", name: "C", ages: "60+")]
        top.serve.allowedHosts = ["three.example"]
        let merged = bottom.overriding(top)
        #expect(merged.dhis2.url == "http://file.example" && merged.dhis2.token == "flag-token")
        #expect(merged.import.chunkSize == 700 && merged.import.decimals == 1)
        #expect(merged.groups?.map(\.key) == ["c"] && merged.serve.allowedHosts == ["three.example"])
        #expect(merged.compareThreshold == 0.15)
    }

    @Test func datasetsChecksTheHubURLAsSyncDoes() async throws {
        let error = await run([
            "datasets", "--product", "g2-total-100m", "--iso3", "ABW", "--year", "2020", "--worldpop-hub", "ftp://hub.example",
        ])
        #expect(WorldPopDHIS2.exitStatus(for: try #require(error)) == .validationFailure)
        #expect(WorldPopDHIS2.message(for: error!).contains("--worldpop-hub 'ftp://hub.example' is not an http(s):// URL"))
    }

    static func json(_ settings: SyncSettings) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(settings), as: UTF8.self)
    }
}
