import DHIS2
import DenominatorMetadata
import Foundation
import GDALBinding
import GDALTesting
import TestSupport
import Testing
import WorldPop

@testable import Sync

/// Urban / rural: WorldPop's degree-of-urbanisation grid splits the population of every org unit
/// exactly, cell by cell, on the population's own grid.
@Suite struct UrbanisationSyncTests {
    let product = try! WorldPopCatalogue.product("g2-dug-l1-100m")
    let classGrid = repoRoot.appendingPathComponent("Tests/Fixtures/urbanisation/ABW_DUG_2020_GRID_L1_R2025A_v1.tif").path

    /// exactextract 0.3.0's sums of the population masked by each class (value where the cell has the
    /// class, nodata elsewhere) over the sample districts: `python3 scripts/make_urbanisation_fixture.py`.
    func exactExtract() throws -> [String: [String: Double]] {
        let text = try String(
            contentsOf: repoRoot.appendingPathComponent("Tests/Fixtures/urbanisation/expected_exactextract.csv"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.split(separator: ",").map(String.init) }
        let keys = lines[0].dropFirst()
        return Dictionary(
            uniqueKeysWithValues: lines.dropFirst().map { row in
                (unit(row[0]), Dictionary(uniqueKeysWithValues: zip(keys, row.dropFirst().map { Double($0)! })))
            })
    }

    /// A folder laid out like data.worldpop.org: the class grid at the DUG path and, at the R2025A
    /// total's path, the bundled Aruba raster (a Global 1 file placed there: synthetic layout, real people).
    func serverFolder(classes: String? = nil) throws -> URL {
        let root = temporaryDirectory()
        let population = try WorldPopCatalogue.product("g2-total-100m").files(iso3: "ABW", year: 2020)[0].path
        let dug = try product.files(iso3: "ABW", year: 2020)[0].path
        #expect(dug == "GIS/DUG/Global_2015_2030/R2025A/v1/2020/ABW/ABW_DUG_2020_GRID_L1_R2025A_v1.tif")
        for (source, path) in [(arubaRaster, population), (classes ?? classGrid, dug)] {
            let target = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: source, toPath: target.path)
        }
        return root
    }

    func request(_ root: URL, _ dir: String) -> WorldPopRequest {
        let cache = DownloadCache(directory: URL(fileURLWithPath: dir + "/cache"), server: URL(string: "http://127.0.0.1:9/")!) { _ in }
        return WorldPopRequest(product: product, iso3: "ABW", years: [2020], store: RasterStore(folder: root, cache: cache, offline: true))
    }

    @Test func classesOfEveryDistrictEqualExactExtractsMaskedSumsAndAddUpInDHIS2() async throws {
        let root = try serverFolder()
        let expected = try exactExtract()
        try await withHarness { h in
            var plan = h.plan()
            plan.product = .urbanisation
            plan.credit = nil
            plan.rasters = .worldPop(request(root, h.dir))
            let run = try await h.runner.run(plan)

            let element = try #require(run.inputs.first?.classes).element(credit: "")
            let de = try #require(h.standIn.metadataObject("dataElements", element.dataElementID))
            #expect(de["name"] as? String == "Population by urbanisation (WorldPop)")
            let category = try #require(h.standIn.metadataObject("categories", element.categoryID))
            #expect(category["name"] as? String == "Urbanisation (WorldPop)")
            let ids = try #require(run.metadataIDs)
            let cocs = ["urban-centre", "urban-cluster", "rural"].compactMap { ids.classCombo(element: element.key, option: $0) }
            #expect(Set(cocs).count == 3)

            let stored = h.standIn.storedValues.filter { $0.dataElement == element.dataElementID }
            #expect(stored.count == 7 * 3)
            #expect(!h.standIn.storedValues.contains { $0.dataElement == PopulationMetadata.totalDataElementID })
            for (id, sums) in expected {
                let e = try #require(run.table.estimates[id]?[2020])
                var classSum = 0.0
                for (k, key) in ["urban-centre", "urban-cluster", "rural"].enumerated() {
                    // Exact: our masked sum is exactextract's over the same masked grid.
                    #expect(abs(e.byClass[key]! - sums[key]!) <= 1e-6 * max(1, sums[key]!), "\(id) \(key)")
                    let value = try #require(
                        stored.first { $0.orgUnit == id && $0.categoryOptionCombo == cocs[k] }.flatMap { Double($0.value) })
                    #expect(abs(value - sums[key]!) < 1, "\(id) \(key)")
                    classSum += value
                }
                // Rounded together: the classes add up to the rounded sum of the classes.
                let exact = sums["urban-centre"]! + sums["urban-cluster"]! + sums["rural"]!
                #expect(classSum == exact.rounded(), "\(id)")
                #expect(abs(e.unclassified! - (sums["total"]! - exact)) < 1e-6 * max(1, sums["total"]!))
            }
            // D01 has people in the band of cells without a class: the report says how many.
            #expect(
                run.notes.contains { $0.text.hasPrefix("2020 by degree of urbanisation: urban centre ") && $0.text.contains("no class") })
            let csv = try String(contentsOfFile: h.dir + "/report/populations.csv", encoding: .utf8)
            #expect(csv.hasPrefix("org_unit,name,level,parent,year,population,urban-centre,urban-cluster,rural,unclassified"))

            // Again: nothing to change.
            let second = try await h.runner.run(plan)
            #expect(second.created.isEmpty && second.updated.isEmpty)
            #expect(second.unchanged == 21)
        }
    }

    @Test func aClassGridOffThePopulationGridIsRefusedNamingBothAndNothingIsSent() async throws {
        let dir = temporaryDirectory().path
        let raster = try GeoTIFF(path: classGrid)
        var shifted = raster.grid
        shifted.transform.originX += shifted.transform.pixelWidth
        var cells: [Float] = []
        try raster.readRows(band: 1, firstRow: 0, rowCount: shifted.height, into: &cells)
        try GeoTIFFWriter.write(path: dir + "/shifted.tif", grid: shifted, bands: [cells], noData: 255)
        let root = try serverFolder(classes: dir + "/shifted.tif")
        try await withHarness { h in
            var plan = h.plan()
            plan.product = .urbanisation
            plan.rasters = .worldPop(request(root, h.dir))
            let error = await #expect(throws: SyncError.self) { try await h.runner.run(plan) }
            let message = "\(error.map { "\($0)" } ?? "")"
            #expect(message.contains("2020: the urbanisation grid '") && message.contains("ABW_DUG_2020_GRID_L1_R2025A_v1.tif"))
            #expect(
                message.contains("is not on the grid of the population raster") && message.contains("abw_pop_2020_CN_100m_R2025A_v1.tif"))
            #expect(message.contains("gdalwarp -r near"))
            #expect(h.standIn.storedValues.isEmpty)
        }
    }
}
