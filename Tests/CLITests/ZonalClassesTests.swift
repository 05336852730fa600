import ArchiveTesting
import Foundation
import TestSupport
import Testing

@testable import CLI

/// `zonal --classes`: each band over the cells of each class, equal to exactextract's sums of the
/// band masked by the class (Tests/Fixtures/urbanisation, made by scripts/make_urbanisation_fixture.py).
@Suite struct ZonalClassesTests {
    let grid = repoRoot.appendingPathComponent("Tests/Fixtures/urbanisation/ABW_DUG_2020_GRID_L1_R2025A_v1.tif").path

    @Test func classColumnsEqualExactExtractsMaskedSums() async throws {
        let out = try temporaryFile("classes.csv")
        let error = await run([
            "zonal", "--raster", sample("abw_ppp_2020_UNadj_constrained.tif"), "--zones", sample("aruba-districts.geojson"),
            "--classes", grid, "-q", "--output", out,
        ])
        #expect(error == nil)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",").map(String.init)
        }
        let stem = "abw_ppp_2020_UNadj_constrained"
        #expect(lines[0] == ["id", stem, stem + "_class3", stem + "_class2", stem + "_class1"])
        let expected = try String(
            contentsOf: repoRoot.appendingPathComponent("Tests/Fixtures/urbanisation/expected_exactextract.csv"), encoding: .utf8
        ).split(separator: "\n").dropFirst().map { $0.split(separator: ",").map(String.init) }
        for row in expected {
            let mine = try #require(lines.first { $0[0] == row[0] })
            // Columns: total, urban centre (3), urban cluster (2), rural (1); exactextract's order: 3, 2, 1, total.
            // Within 1e-7 relative (exactextract keeps fractions as float32) plus the CSV's 6 decimals.
            for (ours, theirs) in [(1, 4), (2, 1), (3, 2), (4, 3)] {
                let reference = Double(row[theirs])!
                #expect(abs(Double(mine[ours])! - reference) <= 1e-7 * reference + 5e-7, "\(row[0]) column \(ours)")
            }
        }
    }

    @Test func aClassGridOnAnotherGridIsRefusedNamingIt() async throws {
        let error = await run([
            "zonal", "--raster", repoRoot.appendingPathComponent("Tests/Fixtures/cod/cod_2012_1km_aggregated_unadj_test.tif").path,
            "--zones", sample("aruba-districts.geojson"), "--classes", grid, "-q",
        ])
        #expect("\(error.map { "\($0)" } ?? "")".contains("ABW_DUG_2020_GRID_L1_R2025A_v1.tif' is on a different grid"))
    }
}

/// `zonal --raster pack.7z --member …`: the GeoTIFF unpacked into the cache and summed as any other;
/// a hostile pack refused naming it.
@Suite struct ZonalPackTests {
    let births = repoRoot.appendingPathComponent("Tests/Fixtures/births/ABW_births_pp_v2_2015.tif")

    @Test func aPackIsUnpackedIntoTheCacheAndSummedAsExactExtractDoes() async throws {
        let dir = temporaryDirectory()
        let pack = dir.appendingPathComponent("ABW_1km_births.7z").path
        try TestArchive.write([.init(name: "ABW_1km_births/ABW_births_pp_v2_2015.tif", data: try Data(contentsOf: births))], to: pack)
        let out = dir.appendingPathComponent("births.csv").path
        let error = await run([
            "zonal", "--raster", pack, "--member", "_births_pp_v2_2015.tif", "--cache-dir", dir.appendingPathComponent("cache").path,
            "--zones", sample("aruba-districts.geojson"), "-q", "--output", out,
        ])
        #expect(error == nil)
        let lines = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",").map(String.init)
        }
        #expect(lines[0] == ["id", "ABW_births_pp_v2_2015"])
        // exactextract 0.3.0 (Tests/Fixtures/births/expected_exactextract.csv): D01 591.2118595072918.
        let d01 = try #require(lines.first { $0[0] == "D01" })
        #expect(abs(Double(d01[1])! - 591.2118595072918) <= 1e-7 * 591.2 + 5e-7)
        #expect(FileManager.default.fileExists(atPath: dir.path + "/cache/unpacked/local/ABW_1km_births.7z/ABW_births_pp_v2_2015.tif"))
    }

    @Test func aHostilePackIsRefusedAndAPackWithoutMemberIsNamed() async throws {
        let dir = temporaryDirectory()
        let pack = dir.appendingPathComponent("evil.7z").path
        try TestArchive.write([.init(name: "../evil_births_pp_v2_2015.tif", data: Data(count: 10))], to: pack)
        let error = await run([
            "zonal", "--raster", pack, "--member", "_births_pp_v2_2015.tif", "--cache-dir", dir.appendingPathComponent("cache").path,
            "--zones", sample("aruba-districts.geojson"), "-q",
        ])
        #expect("\(error.map { "\($0)" } ?? "")".contains("climbs out with '..'"))
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/evil_births_pp_v2_2015.tif"))
        let missing = await run(["zonal", "--raster", pack, "--zones", sample("aruba-districts.geojson"), "-q"])
        #expect("\(missing.map { "\($0)" } ?? "")".contains("is a pack: give --member"))
    }
}
