import ArgumentParser
import Foundation
import TestSupport
import Testing

@testable import CLI

/// Numbers out of range are usage errors: refused before anything runs, with the option's name
/// and the range, exit 64 (as ArgumentParser's own usage errors); runtime failures exit 1.
@Suite struct OptionRangeTests {
    static let sync = ["sync", "--level", "2", "--year", "2020", "--raster", "x.tif"]

    @Test(
        arguments: [
            (sync + ["--chunk-size", "0"], "--chunk-size 0 is out of range"),
            (sync + ["--chunk-size=-5"], "--chunk-size -5 is out of range"),
            (sync + ["--timeout", "0"], "--timeout 0.0 is out of range"),
            (sync + ["--timeout=-3"], "--timeout -3.0 is out of range"),
            (sync + ["--decimals", "7"], "--decimals 7 is out of range"),
            (sync + ["--decimals=-1"], "--decimals -1 is out of range"),
            (sync + ["--compare-threshold=-0.1"], "--compare-threshold -0.1 is out of range"),
            (["catchments", "--level", "4", "--method", "radius", "--radius-km=-1"], "--radius-km -1.0 is out of range"),
            (["catchments", "--level", "4", "--radius-km", "0"], "--radius-km 0.0 is out of range"),
            (
                ["access", "--facilities-level", "4", "--report-level", "2", "--distance-km=-2"],
                "--distance-km -2.0 is out of range"
            ),
            (["bench-facilities", "--distance-km=-1"], "--distance-km -1.0 is out of range"),
            (["bench-facilities", "--facilities", "0"], "--facilities 0 is out of range"),
            (["serve", "--config", "c.yaml", "--port", "70000"], "--port 70000 is out of range"),
            (["serve", "--config", "c.yaml", "--shutdown-grace=-1"], "--shutdown-grace -1.0 is out of range"),
        ] as [([String], String)])
    func outOfRangeNumbersAreUsageErrors(arguments: [String], message: String) {
        let error = #expect(throws: (any Error).self) { try WorldPopDHIS2.parseAsRoot(arguments) }
        guard let error else { return }
        #expect(WorldPopDHIS2.message(for: error).contains(message), "\(WorldPopDHIS2.message(for: error))")
        #expect(WorldPopDHIS2.exitStatus(for: error).rawValue == 64)
    }

    @Test func configValuesOutOfRangeAreUsageErrorsToo() async throws {
        for (setting, message) in [("chunkSize: 0", "chunkSize 0 is out of range"), ("decimals: 9", "decimals 9 is out of range")] {
            let config = try temporaryFile("sync.yaml", contents: "levels: 2\nyears: 2020\nimport:\n  \(setting)\n")
            let error = try #require(
                await run(["sync", "--config", config, "--raster", "x.tif", "--url", "http://127.0.0.1:9", "--token", "t", "-q"]))
            #expect(WorldPopDHIS2.message(for: error).contains(message), "\(WorldPopDHIS2.message(for: error))")
            #expect(WorldPopDHIS2.exitStatus(for: error).rawValue == 64)
        }
        let typo = try temporaryFile("sync.yaml", contents: "levels: 2\nyeers: 2020\n")
        let error = try #require(await run(["sync", "--config", typo, "-q"]))
        #expect(WorldPopDHIS2.message(for: error).contains("unknown key 'yeers'"))
        #expect(WorldPopDHIS2.exitStatus(for: error).rawValue == 64)
    }

    @Test func aLanguageWithoutACatalogueIsAUsageErrorListingTheLanguages() async throws {
        let error = try #require(await run(Self.sync + ["--language", "de", "--url", "http://127.0.0.1:9", "--token", "t", "-q"]))
        let message = WorldPopDHIS2.message(for: error)
        #expect(message.contains("--language de has no catalogue: give one of en, es, fr, pt"), "\(message)")
        #expect(WorldPopDHIS2.exitStatus(for: error).rawValue == 64)
    }

    @Test func runtimeFailuresExit1() async throws {
        let missing = try #require(await run(["zonal", "--raster", "/no/such.tif", "--zones", sample("aruba-districts.geojson"), "-q"]))
        #expect(WorldPopDHIS2.exitStatus(for: missing).rawValue == 1)
    }
}
