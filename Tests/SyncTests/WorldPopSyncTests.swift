import DHIS2
import DenominatorMetadata
import Foundation
import GDALBinding
import GDALTesting
import Geometry
import Grid
import TestSupport
import Testing
import WorldPop
import WorldPopStandIn
import Zonal

@testable import Sync

/// A folder laid out like data.worldpop.org with Aruba for 2019 (the sample halved) and 2020
/// (the sample), as Global 1 unconstrained files.
func worldPopFolder() throws -> (root: URL, product: WorldPopProduct, files: [Int: String]) {
    let product = try WorldPopCatalogue.product("g1-total-100m")
    let root = temporaryDirectory()
    let sample = try GeoTIFF(path: arubaRaster)
    var values = [Float](repeating: 0, count: sample.grid.width * sample.grid.height)
    try sample.readRows(band: 1, firstRow: 0, rowCount: sample.grid.height, into: &values)
    var files: [Int: String] = [:]
    for (year, factor) in [(2019, Float(0.5)), (2020, Float(1))] {
        let target = root.appendingPathComponent(try product.files(iso3: "ABW", year: year)[0].path)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        let scaled = values.map { $0 == -99999 ? $0 : $0 * factor }
        try GeoTIFFWriter.write(path: target.path, grid: sample.grid, bands: [scaled], noData: -99999)
        files[year] = target.path
    }
    return (root, product, files)
}

func totals(of raster: String) throws -> [String: String] {
    let zones = try GeoJSONReader.zones(at: repoRoot.appendingPathComponent("Samples/aruba-districts.geojson").path).zones
    let table = try ZonalTable.compute(zones: zones, rasterPaths: [raster], engine: .geoTIFF())
    return Dictionary(uniqueKeysWithValues: zip(zones.map { unit($0.id) }, table.statistics.map { DataValue.format($0[0].sum) }))
}

@Suite struct WorldPopSyncTests {
    @Test func downloadsEveryYearThroughADroppedConnectionAndImportsEach() async throws {
        let folder = try worldPopFolder()
        let server = WorldPopFileServer(root: folder.root, faults: .init(dropAfterBytes: 15_000, dropCount: 1))
        let serverURL = try await server.start()
        defer { Task { await server.stop() } }
        try await withHarness { h in
            var cache = DownloadCache(directory: URL(fileURLWithPath: h.dir + "/cache"), server: serverURL) {
                _ = try GeoTIFF(path: $0.path)
            }
            cache.retry.initialDelay = .milliseconds(10)
            var plan = h.plan()
            plan.credit = nil
            var request = WorldPopRequest(
                product: folder.product, iso3: "abw", years: [2019, 2020],
                store: RasterStore(folder: nil, cache: cache, offline: false))
            plan.rasters = .worldPop(request)
            let first = try await h.runner.run(plan)
            #expect(first.created.count == 14)
            #expect(
                first.credit
                    == "WorldPop (www.worldpop.org), Global 1, total population, 100 m, unconstrained, ABW 2019–2020, CC BY 4.0")
            let stored = h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }
            for year in [2019, 2020] {
                let got = Dictionary(uniqueKeysWithValues: stored.filter { $0.period == String(year) }.map { ($0.orgUnit, $0.value) })
                #expect(got == (try totals(of: folder.files[year]!)), "\(year)")
            }
            #expect(stored.first { $0.period == "2020" && $0.orgUnit == unit("D01") }?.value == "49358")
            // Each file: one dropped request and one resumed with Range.
            #expect(server.requests.count == 4)
            #expect(server.requests.filter { $0.range == "bytes=15000-" }.count == 2)

            // Offline second run from the cache: nothing downloaded, nothing changed.
            request.store.offline = true
            plan.rasters = .worldPop(request)
            let second = try await h.runner.run(plan)
            #expect(second.unchanged == 14 && second.created.isEmpty)
            #expect(server.requests.count == 4)
        }
    }

    @Test func theCountryIsFoundFromTheOrgUnitsExtent() throws {
        let folder = try worldPopFolder()
        // Another country's file far away (1°×1° near 10°E).
        let other = folder.root.appendingPathComponent(try folder.product.files(iso3: "XYZ", year: 2020)[0].path)
        try FileManager.default.createDirectory(at: other.deletingLastPathComponent(), withIntermediateDirectories: true)
        let grid = RasterGrid(width: 10, height: 10, transform: GeoTransform(originX: 10, originY: 1, pixelWidth: 0.1, pixelHeight: 0.1))
        try GeoTIFFWriter.write(path: other.path, grid: grid, bands: [[Float](repeating: 1, count: 100)])
        let cache = DownloadCache(directory: temporaryDirectory(), server: URL(string: "http://127.0.0.1:9/")!) { _ in }
        let request = WorldPopRequest(
            product: folder.product, iso3: nil, years: [2020], store: RasterStore(folder: folder.root, cache: cache, offline: true))
        #expect(request.store.localCountries(product: folder.product, year: 2020) == ["ABW", "XYZ"])
        let aruba = BoundingBox(minX: -70.05, minY: 12.45, maxX: -69.9, maxY: 12.6)
        #expect(try request.country(covering: aruba) == "ABW")
        #expect(try request.country(covering: BoundingBox(minX: 10.2, minY: 0.2, maxX: 10.4, maxY: 0.4)) == "XYZ")
        let nowhere = #expect(throws: WorldPopError.self) {
            try request.country(covering: BoundingBox(minX: 30, minY: 30, maxX: 31, maxY: 31))
        }
        #expect(nowhere?.description.contains("Give --iso3") == true)
    }
}
