import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Denominators
import Foundation
import GDALTesting
import Grid
import Sync
import TestSupport
import Testing
import WorldPop

@testable import CLI

/// A WorldPop folder for the small hierarchy's country ("TST", found from the extent): every
/// age/sex file of `g2-agesex-100m` for 2021 over x 0…2, y 0…1 in 0.1° cells, file k holding
/// 0.05 × (k + 1) per cell (so district sums are 5 × (k + 1)), and the total companion holding
/// their sum (41 per cell).
func smallWorldPopFolder() throws -> String {
    let root = URL(fileURLWithPath: try temporaryFile("x")).deletingLastPathComponent().appendingPathComponent("worldpop")
    let grid = RasterGrid(width: 20, height: 10, transform: GeoTransform(originX: 0, originY: 1, pixelWidth: 0.1, pixelHeight: 0.1))
    func write(_ file: WorldPopFile, _ value: Float) throws {
        let url = root.appendingPathComponent(file.path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try GeoTIFFWriter.write(path: url.path, grid: grid, bands: [[Float](repeating: value, count: 200)], noData: -99999)
    }
    let files = try WorldPopCatalogue.product("g2-agesex-100m").files(iso3: "TST", year: 2021)
    for (k, f) in files.enumerated() { try write(f, 0.05 * Float(k + 1)) }
    try write(try WorldPopCatalogue.product("g2-total-100m").files(iso3: "TST", year: 2021)[0], 41)
    return root.path
}

@Suite struct SyncConfigTests {
    @Test func syncFromAConfigFileWithLocalWorldPopFilesAndCustomGroups() async throws {
        let folder = try smallWorldPopFolder()
        try await withCLIStandIn { standIn, connection in
            let dir = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            let config = try temporaryFile(
                "sync.yaml",
                contents: """
                    # Denominators for the test country
                    dhis2:
                      url: \(connection[1])
                    levels: 2
                    years: "2021"
                    product: agesex
                    worldpop:
                      folder: \(folder)
                      cache: \(dir)/cache
                      offline: true
                    groups:
                      - key: u1
                        name: Population under 1 (WorldPop)
                        ages: "0"
                      - key: wra
                        name: Women 15-49 (WorldPop)
                        shortName: WRA WP
                        sexes: [f]
                        ages: 15-49
                    report: \(dir)/report
                    audit: \(dir)/audit.sqlite
                    """)
            // The token comes from the flag (or DHIS2_TOKEN), not the file.
            let error = await run(["sync", "--config", config, "-q", "--token", connection[3]])
            #expect(error == nil, "\(error.map(WorldPopDHIS2.message) ?? "")")
            let stored = standIn.storedValues.filter { $0.orgUnit == "DistrictA01" && $0.period == "2021" }
            func value(_ de: String) -> String? { stored.first { $0.dataElement == de }?.value }
            #expect(stored.filter { $0.dataElement == PopulationMetadata.ageSexDataElementID }.count == 40)
            #expect(value(PopulationMetadata.totalDataElementID) == "4100")
            #expect(value(PopulationMetadata.groupDataElementID("u1")) == "110")  // f 0 (file 1) + m 0 (file 21)
            #expect(value(PopulationMetadata.groupDataElementID("wra")) == "280")  // f 15…45 (files 5…11)
            #expect(value(PopulationMetadata.groupDataElementID("u5")) == nil)  // not configured
            #expect(standIn.storedValues.filter { $0.orgUnit == "DistrictB01" }.count == 43)
            let report = try String(contentsOfFile: dir + "/report/report.html", encoding: .utf8)
            #expect(report.contains("Global 2 R2025A, population by age and sex, 100 m, constrained, TST 2021, CC BY 4.0"))
        }
    }

    @Test func aMissingTotalRasterOnlySkipsTheCheck() async throws {
        let folder = try smallWorldPopFolder()
        let total = try WorldPopCatalogue.product("g2-total-100m").files(iso3: "TST", year: 2021)[0]
        try FileManager.default.removeItem(atPath: folder + "/" + total.path)
        try await withCLIStandIn { standIn, connection in
            let dir = URL(fileURLWithPath: folder).deletingLastPathComponent().path
            let error = await run(
                [
                    "sync", "--level", "2", "--years", "2021", "--product", "agesex", "--worldpop-dir", folder, "--offline",
                    "--cache-dir", dir + "/cache", "--report", dir + "/report", "--audit", dir + "/audit.sqlite", "-q",
                ] + connection)
            #expect(error == nil, "\(error.map(WorldPopDHIS2.message) ?? "")")
            #expect(
                standIn.storedValues.first { $0.orgUnit == "DistrictA01" && $0.dataElement == PopulationMetadata.totalDataElementID }?.value
                    == "4100")
            let report = try String(contentsOfFile: dir + "/report/report.html", encoding: .utf8)
            #expect(report.contains("the total-population raster was not available"))
        }
    }

    @Test func misspeltKeysAndBadValuesAreNamed() throws {
        let typo = try temporaryFile("sync.yaml", contents: "levels: 2\nyaers: 2020\n")
        let e1 = #expect(throws: SettingsError.self) { try SettingsFile.load(typo) }
        #expect(e1?.description.contains("unknown key 'yaers'") == true)
        let nested = try temporaryFile("sync.yaml", contents: "worldpop:\n  prodcut: g2-total-100m\n")
        let e2 = #expect(throws: SettingsError.self) { try SettingsFile.load(nested) }
        #expect(e2?.description.contains("unknown key 'prodcut' in 'worldpop'") == true)
        let ages = try temporaryFile("sync.yaml", contents: "groups:\n  - key: x\n    name: X\n    ages: 15 to 49\n")
        let e3 = #expect(throws: SettingsError.self) { try SettingsFile.load(ages) }
        #expect(e3?.description.contains("ages '15 to 49' is not like 0, 0-4, 15-49 or 60+") == true)
        let yaml = try temporaryFile("sync.yaml", contents: "levels: [2\n")
        let e4 = #expect(throws: SettingsError.self) { try SettingsFile.load(yaml) }
        #expect(e4?.description.contains("is not valid YAML") == true)
    }

    @Test func groupAgesReadAsDHIS2WritesThem() throws {
        #expect(try GroupSettings.ageRange("0", group: "g") == AgeRange(0, 1))
        #expect(try GroupSettings.ageRange("0-4", group: "g") == AgeRange(0, 5))
        #expect(try GroupSettings.ageRange("60+", group: "g") == AgeRange(60, nil))
    }

    @Test func yearListsAndSingleYearFiles() async throws {
        #expect(try parseYears("2020-2023") == [2020, 2021, 2022, 2023])
        #expect(try parseYears("2025,2020") == [2020, 2025])
        #expect(throws: (any Error).self) { try parseYears("20-30") }
        let error = await run([
            "sync", "--level", "2", "--years", "2020-2021", "--raster", "x.tif", "--url", "http://127.0.0.1:9", "--token", "t",
        ])
        #expect(error.map(WorldPopDHIS2.message)?.contains("one year's files") == true)
    }
}

@Suite struct RedactionTests {
    @Test func secretsNeverReachTheAuditLog() {
        let line = redactedCommandLine([
            "worldpop-dhis2", "serve", "--token", "d2pat_abc", "--password=hunter2", "--access-key", "k3y", "--years", "2020",
        ])
        #expect(line == "worldpop-dhis2 serve --token *** --password=*** --access-key *** --years 2020")
    }
}
