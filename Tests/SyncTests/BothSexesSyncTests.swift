import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Denominators
import Foundation
import GDALTesting
import Geometry
import Grid
import TestSupport
import Testing
import WorldPop
import Zonal

@testable import Sync

/// WorldPop's both-sexes (`t`) age bands and its school-age totals, imported into data elements of
/// their own: never into the age/sex combo or into "Population (WorldPop)".
@Suite struct BothSexesSyncTests {
    /// R2025A's 20 age groups, both sexes together.
    let ages = AgeSexBand.standard(ageStarts: LocalRasterSettings.standardAgeStarts).filter { $0.sex == .female }.map(\.age)

    @Test func bothSexesBandsGoToPopulationByAgeWithTheGroupsOfBothSexes() async throws {
        let dir = temporaryDirectory().path
        let grid = RasterGrid(
            width: 80, height: 60, transform: GeoTransform(originX: 0, originY: 3, pixelWidth: 4.0 / 80, pixelHeight: 3.0 / 60))
        var rng = SeededRandom(state: 14)
        let bands = ages.map { _ in (0..<(80 * 60)).map { _ in Float.random(in: 0...5, using: &rng) } }
        try GeoTIFFWriter.write(path: dir + "/age.tif", grid: grid, bands: bands, noData: -99999)
        let (zones, units) = synthland()
        let inputs = YearInputs(
            year: 2020,
            bands: Dictionary(
                uniqueKeysWithValues: ages.enumerated().map {
                    (AgeSexBand(sex: .both, age: $1), BandFile(path: dir + "/age.tif", band: $0 + 1))
                }))
        try await withStandIn(units: units) { standIn, client, out in
            var plan = SyncPlan(
                levels: [2], product: .age, rasters: .files([inputs]), reportDirectory: out, credit: "synthetic", command: "test")
            plan.groups = DerivedGroup.standard.filter(\.coversBothSexes)
            plan.valuesFile = out + "/values.adx.xml"
            let run = try await SyncRunner(client: client, audit: try .init(path: ":memory:")).run(plan)
            #expect(run.values.count == 12 * (1 + 20 + 4))
            #expect(run.importResult?.summary.imported == run.values.count)

            // The metadata: an Age combo of the age category alone, its 20 option combos generated.
            let combo = try #require(standIn.metadataObject("categoryCombos", PopulationMetadata.ageComboID))
            #expect((combo["categories"] as? [[String: Any]])?.compactMap { $0["id"] as? String } == [PopulationMetadata.ageCategoryID])
            let element = try #require(standIn.metadataObject("dataElements", PopulationMetadata.ageDataElementID))
            #expect(element["name"] as? String == "Population by age (WorldPop)")
            let ids = try #require(run.metadataIDs)
            let ageCOCs = Set(ages.compactMap { ids.ageSexCombo(sex: "t", age: $0.label) })
            #expect(ageCOCs.count == 20)

            let stored = standIn.storedValues
            #expect(!stored.contains { $0.dataElement == PopulationMetadata.ageSexDataElementID })
            #expect(!stored.contains { $0.dataElement == PopulationMetadata.groupDataElementID("wra") })
            for zone in zones {
                let id = SampleHierarchy.unitID(zone.id)
                let mine = stored.filter { $0.orgUnit == id }
                let byAge = Dictionary(
                    uniqueKeysWithValues: mine.filter { $0.dataElement == PopulationMetadata.ageDataElementID }
                        .map { ($0.categoryOptionCombo, Double($0.value)!) })
                #expect(Set(byAge.keys) == ageCOCs)
                func value(_ de: String) -> Double? { mine.first { $0.dataElement == de }.flatMap { Double($0.value) } }
                // Rounded together: the ages add up to the stored population.
                #expect(byAge.values.reduce(0, +) == value(PopulationMetadata.totalDataElementID))
                let e = try #require(run.table.estimates[id]?[2020])
                #expect(abs(byAge.values.reduce(0, +) - e.bandTotal) <= 0.5)
                func sum(_ labels: [String]) -> Double { labels.reduce(0) { $0 + byAge[ids.ageSexCombo(sex: "t", age: $1)!]! } }
                #expect(value(PopulationMetadata.groupDataElementID("u1")) == sum(["0"]))
                #expect(value(PopulationMetadata.groupDataElementID("u5")) == sum(["0", "1-4"]))
                #expect(
                    value(PopulationMetadata.groupDataElementID("60plus"))
                        == sum(["60-64", "65-69", "70-74", "75-79", "80-84", "85-89", "90+"]))
                // 400 cells of 2.5 people on average per band: the values are real sums, not placeholders.
                #expect(abs(byAge[ids.ageSexCombo(sex: "t", age: "0")!]! - 1_000) < 100)
            }
            let adx = try String(contentsOfFile: out + "/values.adx.xml", encoding: .utf8)
            #expect(adx.contains("<dataValue dataElement=\"WP_POP_AGE\" WP_AGE=\"WP_AGE_90PLUS\""))
            #expect(!adx.contains("WP_SEX="))
        }
    }

    @Test func aOneSexGroupCannotBeSummedFromBothSexesBands() throws {
        var settings = SyncSettings()
        settings.levels = [2]
        settings.years = [2020]
        settings.product = .age
        settings.groups = [GroupSettings(key: "wra", name: "Women 15-49", shortName: "WRA", sexes: ["f"], ages: "15-49")]
        let error = #expect(throws: SettingsError.self) { try settings.plan(command: "test") }
        #expect(error?.description.contains("group 'wra' is for female only, and --product age has both sexes together") == true)
        // And the runner's own check, for a plan built by hand.
        let both = ages.map { AgeSexBand(sex: .both, age: $0) }
        #expect(throws: DenominatorError.groupNeedsSex(group: "Women 15-49", sexes: ["Female"])) {
            try settings.groups![0].group().bands(from: both)
        }
        #expect(try DerivedGroup.standard[1].bands(from: both) == both.prefix(2).map { $0 })
    }

    @Test func schoolAgeTotalsGoToADataElementOfTheirOwn() async throws {
        let product = try WorldPopCatalogue.product("school-age-primary-2020-1km")
        let root = temporaryDirectory()
        let target = root.appendingPathComponent(try product.files(iso3: "ABW", year: 2020)[0].path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: arubaRaster, toPath: target.path)
        try await withHarness { h in
            var plan = h.plan()
            plan.credit = nil
            let cache = DownloadCache(directory: URL(fileURLWithPath: h.dir + "/cache"), server: URL(string: "http://127.0.0.1:9/")!) { _ in
            }
            plan.rasters = .worldPop(
                WorldPopRequest(product: product, iso3: "ABW", years: [2020], store: RasterStore(folder: root, cache: cache, offline: true))
            )
            let run = try await h.runner.run(plan)
            #expect(run.created.count == 7)
            let id = PopulationMetadata.subpopulationDataElementID("primary school-age population")
            let element = try #require(h.standIn.metadataObject("dataElements", id))
            #expect(element["name"] as? String == "Primary school-age population (WorldPop)")
            #expect(element["code"] as? String == "WP_POP_PRIMARY_SCHOOL_AGE")
            #expect(!h.standIn.storedValues.contains { $0.dataElement == PopulationMetadata.totalDataElementID })
            let stored = h.standIn.storedValues.filter { $0.dataElement == id }
            #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.orgUnit, $0.value) }) == (try expectedTotals()))
        }
    }
}
