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
