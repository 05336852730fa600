import Foundation
import TestSupport
import Testing

@testable import CLI

/// Issue 23: one zone without an area stopped `zonal` for every zone of the file.
@Suite struct ZonalDegenerateZoneTests {
    static let triangles =
        #"{"type":"Feature","id":"a","properties":{},"geometry":{"type":"Polygon","#
        + #""coordinates":[[[-70,12.5],[-69.95,12.55],[-70,12.6],[-70,12.5]]]}},"#
        + #"{"type":"Feature","id":"b","properties":{},"geometry":{"type":"Polygon","coordinates":[[[-69.9,12.5],"#
        + #"[-69.9,12.6],[-69.95,12.55],[-69.9,12.5]]]}}"#
    /// `POLYGON ((0 0, 3 3, 0 0))`: two distinct positions, dropped when read.
    static let flat = #"{"type":"Feature","id":"flat","properties":{},"geometry":{"type":"Polygon","coordinates":[[[0,0],[3,3],[0,0]]]}}"#
    /// Three distinct positions on one line, the ring going out and back: read, then invalid
    /// (it crosses itself), and MakeValid leaves only a line.
    static let folded =
        #"{"type":"Feature","id":"folded","properties":{},"geometry":{"type":"Polygon","#
        + #""coordinates":[[[-70,12.5],[-69.5,13],[-69.75,12.75],[-70,12.5]]]}}"#

    static func zones(_ features: [String]) throws -> String {
        try temporaryFile("zones.geojson", contents: #"{"type":"FeatureCollection","features":["# + features.joined(separator: ",") + "]}")
    }

    static func rows(_ path: String) throws -> [[String]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func zonesWithoutAreaAreListedWithoutAValueAndTheOthersSummed() async throws {
        let raster = sample("abw_ppp_2020_UNadj_constrained.tif")
        let good = try Self.zones([Self.triangles])
        let alone = try temporaryFile("alone.csv")
        #expect(await run(["zonal", "--raster", raster, "--zones", good, "-q", "-o", alone]) == nil)
        let mixed = try Self.zones([Self.flat, Self.triangles, Self.folded])
        let out = try temporaryFile("mixed.csv")
        #expect(await run(["zonal", "--raster", raster, "--zones", mixed, "-q", "-o", out]) == nil)
        let summed = try Self.rows(alone)
        #expect(summed.count == 3)
        #expect(try Self.rows(out) == summed + [["flat", ""], ["folded", ""]])

        let json = try temporaryFile("mixed.json")
        #expect(await run(["zonal", "--raster", raster, "--zones", mixed, "--format", "json", "-q", "-o", json]) == nil)
        let objects = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as! [[String: Any]]
        #expect(objects.map { $0["id"] as? String } == ["a", "b", "flat", "folded"])
        #expect(objects[2]["abw_ppp_2020_UNadj_constrained"] is NSNull)
        #expect((objects[2]["problem"] as? String)?.hasPrefix("no polygon with an area is left (dropped polygon 0") == true)
        #expect((objects[3]["problem"] as? String)?.hasPrefix("no area, even repaired (") == true)
    }

    /// With --strict-geometry the folded zone is refused, and the message may say to leave the flag out.
    @Test func strictGeometryStillRefusesIt() async throws {
        let raster = sample("abw_ppp_2020_UNadj_constrained.tif")
        let mixed = try Self.zones([Self.triangles, Self.folded])
        let out = try temporaryFile("never.csv")
        let strict = try #require(await run(["zonal", "--raster", raster, "--zones", mixed, "--strict-geometry", "-q", "-o", out]))
        #expect("\(strict)".contains("the boundary of folded is invalid"))
        #expect("\(strict)".contains("Leave out --strict-geometry"))
        #expect(WorldPopDHIS2.exitCode(for: strict) != .success)
    }
}
