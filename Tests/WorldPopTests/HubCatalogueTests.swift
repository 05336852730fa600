import Foundation
import TestSupport
import Testing
import WorldPopStandIn

@testable import WorldPop

let hubFixtures = repoRoot.appendingPathComponent("Tests/Fixtures/hub")

/// A local hub serving the recorded answers: `{category}-{alias}-{ISO3}.json` at
/// `rest/data/{category}/{alias}?iso3={ISO3}`.
func withHub(_ body: (WorldPopFileServer, URL) async throws -> Void) async throws {
    let server = WorldPopFileServer(root: temporaryDirectory())
    for name in try FileManager.default.contentsOfDirectory(atPath: hubFixtures.path) where name.hasSuffix(".json") {
        let parts = name.dropLast(5).split(separator: "-")
        server.answer(
            "rest/data/\(parts[0])/\(parts[1])?iso3=\(parts[2])", with: try Data(contentsOf: hubFixtures.appendingPathComponent(name)))
    }
    let url = try await server.start()
    do { try await body(server, url) } catch {
        await server.stop()
        throw error
    }
    await server.stop()
}

/// A hub client for the local hub. Its stall limit is raised from the 15 s a real hub gets: with
/// the whole suite running on two cores, the in-process server can be slow to answer, and these
/// tests are about answers, not time.
func testHub(_ hub: URL, _ cache: URL?) -> HubCatalogue {
    var catalogue = HubCatalogue(hub: hub, cacheDirectory: cache)
    catalogue.timeout = 120
    return catalogue
}

@Suite struct HubCatalogueTests {
    @Test func codNgaAndSleResolveThroughTheHubToTheServersFiles() async throws {
        try await withHub { _, hub in
            let resolver = WorldPopResolver(hub: testHub(hub, temporaryDirectory()))
            for iso3 in ["COD", "NGA", "SLE"] {
                for id in ["g2-total-100m", "g1-constrained-2020-100m"] {
                    let product = try WorldPopCatalogue.product(id)
                    let r = try await resolver.resolve(product, iso3: iso3, year: 2020)
                    #expect(r.source == .hub, "\(id) \(iso3)")
                    // The hub and the layout rules name the same file.
                    #expect(r.files == [try product.files(iso3: iso3, year: 2020)[0]].map { WorldPopFile(path: $0.path, layer: $0.layer) })
                }
                let g1 = try await resolver.resolve(try WorldPopCatalogue.product("g1-constrained-2020-100m"), iso3: iso3, year: 2020)
                #expect(g1.files[0].path.contains("/2020/maxar_v1/\(iso3)/"))
                #expect(g1.doi == "10.5258/SOTON/WP00685")
                let g2 = try await resolver.resolve(try WorldPopCatalogue.product("g2-total-100m"), iso3: iso3, year: 2025)
                #expect(g2.doi == "10.5258/SOTON/WP00839")
                #expect(g2.citation?.hasSuffix("DOI:10.5258/SOTON/WP00839") == true)
            }
        }
    }

    @Test func kosovoIsAskedAsKOSAndItsFilesAreUnderXKX() async throws {
        try await withHub { server, hub in
            let resolver = WorldPopResolver(hub: testHub(hub, nil))
            let r = try await resolver.resolve(try WorldPopCatalogue.product("g2-total-100m"), iso3: "XKX", year: 2020)
            #expect(r.source == .hub)
            #expect(
                r.files.map(\.path) == [
                    "GIS/Population/Global_2015_2030/R2025A/2020/XKX/v1/100m/constrained/xkx_pop_2020_CN_100m_R2025A_v1.tif"
                ])
            #expect(server.requests.map(\.path) == ["rest/data/pop/G2_CN_POP_R25A_100m?iso3=KOS"])
        }
    }

    @Test func ageSexFilesAreMatchedToLayersAndTheDoubledSlashDropped() async throws {
        try await withHub { _, hub in
            let resolver = WorldPopResolver(hub: testHub(hub, nil))
            let product = try WorldPopCatalogue.product("g2-r24b-agesex-100m-unconstrained")
            // The hub's own answer for AFG, recorded by OCHA-DAP/hdx-scraper-worldpop.
            let r = try await resolver.resolve(product, iso3: "AFG", year: 2015)
            #expect(r.source == .hub)
            #expect(r.doi == "10.5258/SOTON/WP00804")
            // 60 files listed (f, m, t); the product takes f and m in its own order.
            #expect(r.files == (try product.files(iso3: "AFG", year: 2015)))
            #expect(
                r.files[0].path
                    == "GIS/AgeSex_structures/Global_2015_2030/R2024B/2015/AFG/v1/100m/unconstrained/afg_f_00_2015_UC_100m_R2024B_v1.tif")
        }
    }

    @Test func aPackedProductTakesTheZipTheHubListsAndKeepsItsMember() throws {
        let product = try WorldPopCatalogue.product("g2-u18-100m")
        let templated = try product.files(iso3: "RWA", year: 2020)
        #expect(templated[0].archiveMember == "_T_Under_18_2020_CN_100m.tif")
        // Shaped as a hub record of a zip product (gigaspatial keeps zip URLs for this alias); the path is ours.
        let hub = "GIS/AgeSex_structures/Global_2015_2030/R2025A/2020/RWA/v1/100m/U18/rwa_under_18_2020.zip"
        let files = try #require(WorldPopResolver.match(["GIS/x/readme.pdf", hub], to: templated, product: product))
        #expect(files.map(\.path) == [hub])
        #expect(files[0].archiveMember == "_T_Under_18_2020_CN_100m.tif")
    }

    @Test func recordsNotPublicAreSkippedAndArchivedOnesComeLast() throws {
        // Shaped as the hub's records ("public" and "archive" are on every recorded one); the values are ours.
        let answer = Data(
            """
            {"data": [
              {"popyear": "2020", "public": "N", "archive": "N", "files": ["https://data.worldpop.org/GIS/hidden.tif"]},
              {"popyear": "2020", "public": "Y", "archive": "Y", "files": ["https://data.worldpop.org/GIS/old.tif"]},
              {"popyear": "2020", "public": "Y", "archive": "N", "files": ["https://data.worldpop.org/GIS/current.tif"]},
              {"popyear": "2021", "public": "Y", "archive": "Y", "files": ["https://data.worldpop.org/GIS/only-archived.tif"]}
            ]}
            """.utf8)
        let records = try HubCatalogue.parse(answer, source: "test")
        #expect(records.count == 3)
        #expect(!records.contains { $0.paths == ["GIS/hidden.tif"] })
        #expect(HubCatalogue.record(for: 2020, in: records)?.paths == ["GIS/current.tif"])
        #expect(HubCatalogue.record(for: 2021, in: records)?.paths == ["GIS/only-archived.tif"])
        #expect(HubCatalogue.record(for: 2022, in: records) == nil)
    }

    @Test func answersAreKeptForOfflineRunsAndTemplatesAreTheLastResort() async throws {
        let cache = temporaryDirectory()
        let product = try WorldPopCatalogue.product("g1-constrained-2020-100m")
        try await withHub { _, hub in
            _ = try await WorldPopResolver(hub: testHub(hub, cache)).resolve(product, iso3: "PHL", year: 2020)
        }
        #expect(FileManager.default.fileExists(atPath: cache.appendingPathComponent("hub/cic2020_UNadj_100m/PHL.json").path))
        // The hub is gone: the kept answer still resolves.
        let gone = HubCatalogue(hub: URL(string: "http://127.0.0.1:9/")!, cacheDirectory: cache)
        let kept = try await WorldPopResolver(hub: gone).resolve(product, iso3: "PHL", year: 2020)
        #expect(kept.source == .hub)
        #expect(kept.files[0].path == "GIS/Population/Global_2000_2020_Constrained/2020/BSGM/PHL/phl_ppp_2020_UNadj_constrained.tif")
        // Nothing kept for NGA: the templates, with the reason.
        let fallback = try await WorldPopResolver(hub: gone).resolve(product, iso3: "NGA", year: 2020)
        guard case .templates(let reason) = fallback.source else {
            Issue.record("expected templates")
            return
        }
        #expect(reason.contains("did not answer http://127.0.0.1:9/rest/data/pop/cic2020_UNadj_100m?iso3=NGA"))
        #expect(
            fallback.files[0].path == "GIS/Population/Global_2000_2020_Constrained/2020/maxar_v1/NGA/nga_ppp_2020_UNadj_constrained.tif")
        #expect(fallback.doi == "10.5258/SOTON/WP00685")
    }

    @Test func aYearTheHubDoesNotListFallsBackToTemplates() async throws {
        try await withHub { _, hub in
            let r = try await WorldPopResolver(hub: testHub(hub, nil))
                .resolve(try WorldPopCatalogue.product("g2-total-100m"), iso3: "COD", year: 2018)
            #expect(r.source == .templates(reason: "the hub lists no 2018 for COD under G2_CN_POP_R25A_100m"))
            #expect(r.files[0].fileName == "cod_pop_2018_CN_100m_R2025A_v1.tif")
        }
    }

    @Test func serverPathsFromHttpsAndFtpURLs() {
        #expect(HubCatalogue.serverPath("https://data.worldpop.org/GIS/A//b.tif") == "GIS/A/b.tif")
        #expect(HubCatalogue.serverPath("ftp://ftp.worldpop.org.uk/GIS/Population/x.tif") == "GIS/Population/x.tif")
        #expect(HubCatalogue.serverPath("not a url") == nil)
    }
}
