import ArgumentParser
import Foundation
import GDALBinding
import GDALTesting
import Grid
import TestSupport
import Testing

@testable import CLI

func sample(_ name: String) -> String { samplePath(name) }

/// Parses and runs a command line as the executable would, returning the error it ends with.
func run(_ arguments: [String]) async -> Error? {
    do {
        var command = try WorldPopDHIS2.parseAsRoot(arguments)
        if var async = command as? AsyncParsableCommand {
            try await async.run()
        } else {
            try command.run()
        }
        return nil
    } catch {
        return error
    }
}

@Suite struct ZonalCommandTests {
    @Test func sampleDistrictsAddUpToTheRasterTotal() async throws {
        let out = try temporaryFile("districts.csv")
        let error = await run([
            "zonal", "--raster", sample("abw_ppp_2020_UNadj_constrained.tif"),
            "--zones", sample("aruba-districts.geojson"), "--id-field", "code", "-q", "--output", out,
        ])
        #expect(error == nil)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(lines.first == "id,abw_ppp_2020_UNadj_constrained")
        #expect(lines.count == 8)
        let sums = lines.dropFirst().map { Double($0.split(separator: ",")[1])! }
        // The file's own total: 106766.00001 (sum of valid cells, see RasterTests).
        #expect(abs(sums.reduce(0, +) - 106_766.000015) < 1e-5)
        #expect(lines.contains("ABW-07,6917.321884"))
    }

    @Test func jsonCarriesNamesAndDetails() async throws {
        let out = try temporaryFile("d.json")
        let error = await run([
            "zonal", "--raster", sample("abw_ppp_2020_UNadj_constrained.tif"), "--raster", sample("abw_ppp_2020_UNadj_constrained.tif"),
            "--zones", sample("aruba-districts.geojson"), "--format", "json", "--details", "-q", "-o", out,
        ])
        #expect(error == nil)
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out))) as? [[String: Any]])
        #expect(rows.count == 7)
        let enclave = try #require(rows.first { $0["id"] as? String == "D07" })
        #expect(enclave["name"] as? String == "Enclave (sample)")
        #expect(enclave["abw_ppp_2020_UNadj_constrained"] as? Double == 6917.321884)
        #expect((enclave["covered_cells"] as? Double).map { abs($0 - 476.119422) < 1e-6 } == true)
    }

    @Test func badInputFailsWithOneClearMessageAndNonZeroExit() async throws {
        let bad = try temporaryFile(
            "bad.geojson",
            contents:
                #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"x","properties":{},"#
                + #""geometry":{"type":"Polygon","coordinates":[[[-70,12.5],[-69.9,12.6],[-69.9,12.5],[-70,12.6],[-70,12.5]]]}}]}"#
        )
        let out = try temporaryFile("never.csv")
        // A bow-tie is refused with --strict-geometry …
        let error = try #require(
            await run([
                "zonal", "--raster", sample("abw_ppp_2020_UNadj_constrained.tif"), "--zones", bad, "--strict-geometry", "-q", "-o", out,
            ]))
        #expect(
            String(describing: error).contains(
                "the boundary of x is invalid") && String(describing: error).contains("Self-intersection"))
        #expect(WorldPopDHIS2.exitCode(for: error) != .success)
        #expect(!FileManager.default.fileExists(atPath: out), "no partial output")
        // … and otherwise repaired into its two triangles, whose sums add up.
        #expect(await run(["zonal", "--raster", sample("abw_ppp_2020_UNadj_constrained.tif"), "--zones", bad, "-q", "-o", out]) == nil)
        let repaired = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")[1].split(separator: ",")[1]
        let triangles = try temporaryFile(
            "triangles.geojson",
            contents:
                #"{"type":"FeatureCollection","features":[{"type":"Feature","id":"a","properties":{},"geometry":{"type":"Polygon","#
                + #""coordinates":[[[-70,12.5],[-69.95,12.55],[-70,12.6],[-70,12.5]]]}},"#
                + #"{"type":"Feature","id":"b","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-69.9,12.5],"#
                + #"[-69.9,12.6],[-69.95,12.55],[-69.9,12.5]]]}}]}"#
        )
        let parts = try temporaryFile("parts.csv")
        #expect(
            await run(["zonal", "--raster", sample("abw_ppp_2020_UNadj_constrained.tif"), "--zones", triangles, "-q", "-o", parts]) == nil)
        let partSums = try String(contentsOfFile: parts, encoding: .utf8).split(separator: "\n").dropFirst().map {
            Double($0.split(separator: ",")[1])!
        }
        #expect(abs(Double(repaired)! - partSums.reduce(0, +)) < 1e-5)
        #expect(Double(repaired)! > 1000, "the bow-tie covers populated Aruba")

        let missing = try #require(await run(["zonal", "--raster", "/no/such.tif", "--zones", sample("aruba-districts.geojson")]))
        #expect(WorldPopDHIS2.message(for: missing).contains("/no/such.tif"))
        #expect(WorldPopDHIS2.exitCode(for: missing) != .success)
    }
}

@Suite struct HostileZonalInputTests {
    /// `gdal_translate -a_nodata none` makes such files: no nodata value, so every cell counts
    /// (-99999 too); the zonal engine crashed on them ("Unexpectedly found nil"). Zone ids that
    /// could start a spreadsheet formula are neutralised in the CSV; negative sums are not touched.
    @Test func aRasterWithoutNoDataIsSummedWholeAndFormulaIdsAreNeutralised() async throws {
        let dir = URL(fileURLWithPath: try temporaryFile("x")).deletingLastPathComponent()
        let raster = dir.appendingPathComponent("nonodata.tif").path
        let grid = RasterGrid(width: 4, height: 3, transform: GeoTransform(originX: 0, originY: 3, pixelWidth: 1, pixelHeight: 1))
        try GeoTIFFWriter.write(
            path: raster, grid: grid,
            bands: [
                [
                    1, 2, -0.5, -99999,
                    10, 20, 30, 40,
                    0.25, 0.25, 0.25, 0.25,
                ]
            ], noData: nil)
        #expect(try GeoTIFF(path: raster).noData(band: 1) == nil)
        func feature(_ id: String, _ x0: Int, _ y0: Int, _ x1: Int, _ y1: Int) -> String {
            #"{"type":"Feature","id":"\#(id)","properties":{},"#
                + #""geometry":{"type":"Polygon","coordinates":[[[\#(x0),\#(y0)],[\#(x1),\#(y0)],[\#(x1),\#(y1)],[\#(x0),\#(y1)],"#
                + #"[\#(x0),\#(y0)]]]}}"#
        }
        let zones = try temporaryFile(
            "zones.geojson",
            contents: #"{"type":"FeatureCollection","features":["#
                + [feature("=1+2", 0, 0, 4, 3), feature("-3", 2, 2, 3, 3), feature("@left", 0, 2, 3, 3)].joined(separator: ",") + "]}")
        let out = dir.appendingPathComponent("sums.csv").path
        let error = await run(["zonal", "--raster", raster, "--zones", zones, "-q", "-o", out])
        #expect(error == nil, "\(error.map { WorldPopDHIS2.message(for: $0) } ?? "")")
        #expect(
            try String(contentsOfFile: out, encoding: .utf8) == """
                id,nonodata
                "'=1+2",-99895.500000
                -3,-0.500000
                "'@left",2.500000

                """)
    }
}
