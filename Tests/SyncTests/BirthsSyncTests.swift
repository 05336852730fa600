import ArchiveTesting
import DHIS2
import DenominatorMetadata
import Foundation
import GDALBinding
import GDALTesting
import TestSupport
import Testing
import WorldPop

@testable import Sync

/// Expected live births and pregnancies: WorldPop's 2015 grids (a 7z per country) turned into a
/// 2015 rate per unit and applied to the synced year's population, labelled as such.
@Suite struct BirthsSyncTests {
    let fixtures = repoRoot.appendingPathComponent("Tests/Fixtures/births")

    /// exactextract 0.3.0's sums of the births, pregnancies and population grids over the sample
    /// districts: `python3 scripts/make_births_fixture.py`.
    func exactExtract() throws -> [String: [String: Double]] {
        let text = try String(contentsOf: fixtures.appendingPathComponent("expected_exactextract.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        return Dictionary(
            uniqueKeysWithValues: lines.dropFirst().map { row in
                (unit(row[0]), Dictionary(uniqueKeysWithValues: zip(lines[0].dropFirst(), row.dropFirst().map { Double($0)! })))
            })
    }

    /// A folder laid out like data.worldpop.org (synthetic): the births 7z as WorldPop packs it (a
    /// folder with the GeoTIFF, and a README), the R2025A total of 2020 (the bundled Aruba raster) and
    /// of 2015 (the same people × 0.9, so that the rate is the 2015 one and not the 2020 one).
    func serverFolder(births: [TestArchive.Item]? = nil) throws -> URL {
        let root = temporaryDirectory()
        func place(_ path: String) throws -> URL {
            let target = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            return target
        }
        let total = try WorldPopCatalogue.product("g2-total-100m")
        try FileManager.default.copyItem(atPath: arubaRaster, toPath: try place(total.files(iso3: "ABW", year: 2020)[0].path).path)
        let aruba = try GeoTIFF(path: arubaRaster)
        var cells: [Float] = []
        try aruba.readRows(band: 1, firstRow: 0, rowCount: aruba.grid.height, into: &cells)
        try GeoTIFFWriter.write(
            path: try place(total.files(iso3: "ABW", year: 2015)[0].path).path, grid: aruba.grid,
            bands: [cells.map { $0 == -99999 ? $0 : $0 * 0.9 }], noData: -99999)
        let pack = try WorldPopCatalogue.product("births-2015-1km").files(iso3: "ABW", year: 2015)[0]
        #expect(pack.path == "GIS/Births/Individual_countries/ABW/ABW_1km_births.7z")
        #expect(pack.archiveMember == "ABW_births_pp_v2_2015.tif")
        let sample = try Data(contentsOf: fixtures.appendingPathComponent("ABW_births_pp_v2_2015.tif"))
        let items =
            births ?? [
                .init(name: "ABW_1km_births/README.txt", data: Data("Dataset details: Aruba 1km births (synthetic)".utf8)),
                .init(name: "ABW_1km_births/ABW_births_pp_v2_2015.tif", data: sample),
            ]
        try TestArchive.write(items, to: try place(pack.path).path)
        return root
    }

    func plan(_ h: Harness, _ root: URL, raw: Bool = false) throws -> SyncPlan {
        var plan = h.plan()
        plan.product = .births
        plan.credit = nil
        plan.rawRateSums = raw
        let cache = DownloadCache(directory: URL(fileURLWithPath: h.dir + "/cache"), server: URL(string: "http://127.0.0.1:9/")!) { _ in }
        var request = WorldPopRequest(
            product: try WorldPopCatalogue.product("g2-total-100m"), iso3: "ABW", years: [2020],
            store: RasterStore(folder: root, cache: cache, offline: true))
        request.rate = try WorldPopCatalogue.product("births-2015-1km")
        plan.rasters = .worldPop(request)
        return plan
    }

    @Test func expectedBirthsAreThe2015RateTimesThePopulationOfTheYearAndSayTheirMethod() async throws {
        let root = try serverFolder()
        let expected = try exactExtract()
        try await withHarness { h in
            let run = try await h.runner.run(try plan(h, root, raw: true))
            let id = PopulationMetadata.expectedDataElementID("live births")
            let element = try #require(h.standIn.metadataObject("dataElements", id))
            #expect(element["name"] as? String == "Expected live births (WorldPop 2015 rate)")
            let description = try #require(element["description"] as? String)
            #expect(description.contains("Method: per org unit, WorldPop's 2015 live births and its 2015 population"))
            #expect(description.contains("Limits: the live births grids are of circa 2015"))
            #expect(run.notes.contains { $0.text.hasPrefix("Expected live births (WorldPop 2015 rate). Method:") })

            let stored = h.standIn.storedValues.filter { $0.dataElement == id && $0.period == "2020" }
            let raw = h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.rawRateDataElementID("live births") }
            #expect(stored.count == 7 && raw.count == 7 && raw.allSatisfy { $0.period == "2015" })
            for (unitID, sums) in expected {
                let e = try #require(run.table.estimates[unitID]?[2020])
                // Each summed exactly on its own grid: births on the 1 km grid, people on the 100 m one.
                #expect(abs(e.events2015! - sums["births"]!) <= 1e-6 * max(1, sums["births"]!), "\(unitID)")
                #expect(abs(e.population2015! - 0.9 * sums["population"]!) <= 1e-6 * max(1, sums["population"]!), "\(unitID)")
                // The 2015 rate × the 2020 population: births ÷ 0.9 here.
                let value = try #require(stored.first { $0.orgUnit == unitID }.flatMap { Double($0.value) })
                let want = sums["population"]! > 0 ? sums["births"]! / (0.9 * sums["population"]!) * sums["population"]! : 0
                #expect(abs(value - want) <= 0.5 + 1e-6 * want, "\(unitID): \(value) vs \(want)")
                let rawValue = try #require(raw.first { $0.orgUnit == unitID }.flatMap { Double($0.value) })
                #expect(rawValue == sums["births"]!.rounded(), "\(unitID)")
            }
            #expect(!h.standIn.storedValues.contains { $0.dataElement == PopulationMetadata.totalDataElementID })
            // Unpacked into the cache only.
            #expect(
                FileManager.default.fileExists(
                    atPath: h.dir + "/cache/unpacked/GIS/Births/Individual_countries/ABW/ABW_1km_births.7z/ABW_births_pp_v2_2015.tif"))
            #expect(try FileManager.default.subpathsOfDirectory(atPath: root.path).filter { $0.contains("births_pp") }.isEmpty)

            let second = try await h.runner.run(try plan(h, root, raw: true))
            #expect(second.created.isEmpty && second.updated.isEmpty && second.unchanged == 14)
        }
    }

    @Test func aHostileSevenZipIsRefusedWithAClearMessageAndNothingIsWrittenOutsideTheCache() async throws {
        let root = try serverFolder(births: [.init(name: "../../../../ABW_births_pp_v2_2015.tif", data: Data(count: 100))])
        try await withHarness { h in
            let error = await #expect(throws: (any Error).self) { try await h.runner.run(try plan(h, root)) }
            let message = error.map { "\($0)" } ?? ""
            #expect(
                message.contains("refused to unpack") && message.contains("ABW_1km_births.7z") && message.contains("climbs out with '..'"))
            #expect(h.standIn.storedValues.isEmpty)
            let parent = (h.dir as NSString).deletingLastPathComponent
            #expect(!FileManager.default.fileExists(atPath: parent + "/ABW_births_pp_v2_2015.tif"))
            #expect(((try? FileManager.default.subpathsOfDirectory(atPath: h.dir)) ?? []).filter { $0.hasSuffix(".tif") }.isEmpty)
        }
    }
}
