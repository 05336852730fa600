import Foundation
import GDALBinding
import Geometry
import Testing

@testable import Zonal

let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures")
let repository = fixtures.deletingLastPathComponent().deletingLastPathComponent()

/// exactextract's sums, as committed by scripts/exactextract_sums.py: id → sum.
func expectedSums(_ relativePath: String) throws -> [String: Double] {
    let text = try String(contentsOf: fixtures.appendingPathComponent(relativePath), encoding: .utf8)
    var out: [String: Double] = [:]
    for line in text.split(separator: "\n").dropFirst() {
        let cells = line.split(separator: ",")
        out[String(cells[0])] = Double(cells[1])!
    }
    return out
}

func ourSums(raster: String, zones: String, idField: String) throws -> [String: Double] {
    let collection = try GeoJSONReader.zones(at: zones, idField: idField)
    let engine = ZonalEngine(workers: 2) { try GeoTIFF(path: $0) }
    let (zones, _) = try BoundaryRepair.repair(collection.zones, strict: false, workers: engine.workers)
    let table = try ZonalTable.compute(zones: zones, rasterPaths: [raster], engine: engine)
    return Dictionary(uniqueKeysWithValues: zip(table.zones.map(\.id), table.statistics.map { $0[0].sum }))
}

/// Relative difference, or absolute where the reference is tiny (the 1e-6 rule).
func difference(_ ours: Double, _ reference: Double) -> Double {
    abs(reference) < 1 ? abs(ours - reference) : abs(ours - reference) / abs(reference)
}

@Suite struct ExactExtractFixtureTests {
    @Test func arubaPolygonsMatchExactExtract() throws {
        let expected = try expectedSums("aruba/expected_exactextract.csv")
        let ours = try ourSums(
            raster: repository.appendingPathComponent("Samples/abw_ppp_2020_UNadj_constrained.tif").path,
            zones: fixtures.appendingPathComponent("aruba/zones.geojson").path, idField: "id")
        #expect(expected.count == 15)
        #expect(Set(ours.keys) == Set(expected.keys))
        for (id, reference) in expected {
            let d = difference(ours[id]!, reference)
            #expect(d <= 1e-6, "\(id): ours \(ours[id]!) vs exactextract \(reference)")
        }
        #expect(ours["cw"] == ours["ccw"])
        #expect(ours["outside"] == 0)
        let siblings = ["sibling_nw", "sibling_ne", "sibling_se", "sibling_sw"].reduce(0) { $0 + ours[$1]! }
        #expect(abs(siblings - ours["siblings_parent"]!) <= 1e-9 * ours["siblings_parent"]!)
    }

    @Test func drCongoHealthZonesMatchExactExtract() throws {
        let expected = try expectedSums("cod/expected_exactextract.csv")
        let ours = try ourSums(
            raster: fixtures.appendingPathComponent("cod/cod_2012_1km_aggregated_unadj_test.tif").path,
            zones: fixtures.appendingPathComponent("cod/cod_lev02_zones_test.geojson").path, idField: "DOTNAME")
        #expect(expected.count == 11)
        for (id, reference) in expected {
            #expect(difference(ours[id]!, reference) <= 1e-6, "\(id): ours \(ours[id]!) vs exactextract \(reference)")
        }
    }
}
