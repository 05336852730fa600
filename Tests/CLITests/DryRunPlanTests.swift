import ArgumentParser
import Foundation
import Sync
import TestSupport
import Testing

@testable import CLI

/// `sync --dry-run` prints the WorldPop download plan before anything is downloaded.
@Suite struct DryRunPlanTests {
    /// A WorldPop folder with Aruba's 2020 constrained file where the server has it.
    func folder() throws -> String {
        let root = URL(fileURLWithPath: try temporaryFile("x")).deletingLastPathComponent()
        let target = root.appendingPathComponent(
            "GIS/Population/Global_2000_2020_Constrained/2020/BSGM/ABW/abw_ppp_2020_UNadj_constrained.tif")
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: sample("abw_ppp_2020_UNadj_constrained.tif"), toPath: target.path)
        return root.path
    }

    func options(_ extra: [String]) throws -> SyncOptions {
        try SyncOptions.parse(
            [
                "--level", "2", "--dry-run", "--worldpop-product", "g1-constrained-2020-100m",
                "--worldpop-hub", "http://127.0.0.1:9/", "--cache-dir",
                URL(fileURLWithPath: try temporaryFile("c")).deletingLastPathComponent().path,
            ] + extra)
    }

    @Test func filesOnDiskAreListedAndTheDryRunGoesOnToDHIS2() async throws {
        let o = try options(["--iso3", "ABW", "--year", "2020", "--worldpop-dir", try folder(), "--offline"])
        let request = try #require(try o.plan().worldPop)
        let (lines, stop) = try await o.downloadPlanText(request)
        #expect(!stop)
        #expect(lines[0] == "WorldPop download plan (g1-constrained-2020-100m, ABW, 2020):")
        #expect(lines[1].hasPrefix("  on disk   ") && lines[1].hasSuffix("/BSGM/ABW/abw_ppp_2020_UNadj_constrained.tif"))
        #expect(lines.last == "  0 file(s) to download, 0 B; 1 already on disk")
    }

    @Test func missingFilesStopTheDryRunWithoutDownloading() async throws {
        // No server answers: the files cannot be had, and the dry run says so and stops.
        let o = try options(["--iso3", "SLE", "--year", "2020", "--worldpop-url", "http://127.0.0.1:9/"])
        let request = try #require(try o.plan().worldPop)
        let (lines, stop) = try await o.downloadPlanText(request)
        #expect(stop)
        #expect(
            lines[1]
                == "  MISSING   GIS/Population/Global_2000_2020_Constrained/2020/maxar_v1/SLE/sle_ppp_2020_UNadj_constrained.tif: "
                + "no server has it (check --iso3, the year and the product)"
        )
        #expect(
            lines.last == "Dry run: nothing was downloaded and nothing sent to DHIS2. Run without --dry-run to download and import.")
    }

    @Test func theDefaultServersAreTheFTPMirrorThenHTTPS() throws {
        let o = try options(["--iso3", "COD", "--year", "2020"])
        let request = try #require(try o.plan().worldPop)
        #expect(request.store.cache.servers.map(\.absoluteString) == ["ftp://ftp.worldpop.org.uk/", "https://data.worldpop.org/"])
        let bad = try options(["--iso3", "COD", "--year", "2020", "--worldpop-url", "gopher://x/"])
        #expect(throws: SettingsError.self) { try bad.plan() }
    }
}

@Suite struct SyncProductChoiceTests {
    func plan(_ id: String, _ product: String?) throws -> SyncPlan {
        try SyncOptions.parse(
            ["--level", "2", "--year", "2020", "--iso3", "COD", "--worldpop-product", id]
                + (product.map { ["--product", $0] } ?? [])
        ).plan()
    }

    @Test func aProductThatDoesNotFitTheImportIsRefusedWithTheWayOut() throws {
        for (id, product, words) in [
            ("g2-age-100m", "agesex", "holds both-sexes (t) age population, not what --product agesex imports: use --product age"),
            ("g2-agesex-100m", "age", "holds age/sex population, not what --product age imports: use --product agesex"),
            ("g2-total-100m", "age", "holds total population, not what --product age imports: use --product total"),
            ("school-age-primary-2020-1km", "agesex", "holds total population"),
        ] {
            let error = #expect(throws: SettingsError.self) { try plan(id, product) }
            #expect(error?.description.contains(words) == true, "\(id): \(error?.description ?? "")")
        }
        // The whole-population products and the school-age totals are accepted.
        for id in ["g2-r24b-total-100m-unconstrained", "g1-constrained-2020-100m-unadj", "school-age-primary-2020-1km"] {
            #expect(try plan(id, nil).worldPop?.product.id == id)
        }
    }

    @Test func bothSexesBandsKeepTheGroupsOfBothSexes() throws {
        let age = try plan("g2-age-100m", "age")
        #expect(age.product == .age)
        #expect(age.groups.map(\.key) == ["u1", "u5", "0to14", "60plus"])
        #expect(try SyncOptions.parse(["--level", "2", "--year", "2020", "--product", "age"]).plan().worldPop?.product.id == "g2-age-100m")
        // Local files and catchments cannot be both-sexes bands.
        let local = #expect(throws: SettingsError.self) {
            try SyncOptions.parse(["--level", "2", "--year", "2020", "--product", "age", "--raster", "x.tif"]).plan()
        }
        #expect(local?.description.contains("--product age reads WorldPop's both-sexes files") == true)
    }

}
