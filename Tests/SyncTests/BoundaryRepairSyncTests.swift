import Audit
import DHIS2
import DHIS2StandIn
import Foundation
import GDALBinding
import Geometry
import TestSupport
import Testing
import Zonal

@testable import Sync

/// Messy boundaries as DHIS2 serves them: 150 units over Aruba, three bow-ties, a spike and a
/// ring not closed (Tests/Fixtures/repair, made by scripts/make_repair_fixture.py).
@Suite struct BoundaryRepairSyncTests {
    static let fixture = repoRoot.appendingPathComponent("Tests/Fixtures/repair")

    /// exactextract's sums and shapely's areas over the same units repaired by make_valid.
    func expected() throws -> [String: (sum: Double, area: Double)] {
        let lines = try String(contentsOf: Self.fixture.appendingPathComponent("expected_exactextract.csv"), encoding: .utf8).split(
            separator: "\n"
        ).dropFirst()
        return Dictionary(
            uniqueKeysWithValues: lines.map { line in
                let f = line.split(separator: ",")
                return (String(f[0]), (Double(f[1])!, Double(f[2])!))
            })
    }

    func units(standIn: DHIS2StandIn) throws -> [OrgUnit] {
        let data = try Data(contentsOf: Self.fixture.appendingPathComponent("units.geojson"))
        let zones = try GeoJSONReader.zones(from: data, source: "units.geojson").zones
        let grid = try GeoTIFF(path: arubaRaster).grid
        return SampleHierarchy.fromZones(
            zones, rootName: "Aruba", extent: BoundingBox(minX: grid.minX, minY: grid.minY, maxX: grid.maxX, maxY: grid.maxY))
    }

    /// The geometries exactly as in the file (an unclosed ring stays unclosed in DHIS2).
    func serveRawGeometries(_ standIn: DHIS2StandIn) throws {
        let data = try Data(contentsOf: Self.fixture.appendingPathComponent("units.geojson"))
        let root = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for feature in try #require(root["features"] as? [[String: Any]]) {
            let id = try #require(feature["id"] as? String)
            standIn.setGeometry(SampleHierarchy.unitID(id), geoJSON: try JSONSerialization.data(withJSONObject: feature["geometry"]!))
        }
    }

    /// A sync of the fixture's units (geometries as in the file, then `edit`) into a stand-in.
    func sync(strict: Bool = false, edit: (DHIS2StandIn) -> Void = { _ in }) async throws -> (SyncOutcome, DHIS2StandIn, String) {
        let standIn = DHIS2StandIn()
        standIn.add(orgUnits: try units(standIn: standIn))
        try serveRawGeometries(standIn)
        edit(standIn)
        let url = try await standIn.start()
        defer { Task { await standIn.stop() } }
        let dir = temporaryDirectory().path
        let client = DHIS2Client(connection: DHIS2Connection(baseURL: url, credentials: .token(standIn.options.token!)), retry: .fast)
        var plan = SyncPlan(
            levels: [2], product: .total, rasters: .files([YearInputs(year: 2020, total: BandFile(path: arubaRaster))]),
            reportDirectory: dir + "/report", credit: "test", command: "sync (test)")
        plan.strictGeometry = strict
        let outcome = try await SyncRunner(
            client: client, audit: try AuditLog(path: dir + "/audit.sqlite"), engine: .geoTIFF(workers: 2)
        ).run(plan)
        return (outcome, standIn, dir)
    }

    @Test func fiveBrokenUnitsAreRepairedReportedAndSummedAsExactextractDoes() async throws {
        let (outcome, standIn, dir) = try await sync()
        try outcome.requireComplete()
        #expect(outcome.values.count == 150)
        #expect(standIn.storedValues.count == 150)

        let broken = ["u017", "u064", "u111", "u088", "u130"]
        let repaired = outcome.repairedBoundaries
        #expect(Set(repaired.map(\.id)) == Set(broken.map(SampleHierarchy.unitID)))
        #expect(repaired.first { $0.name == "Unit 130" }?.problems == ["closed ring 0 of polygon 0"])
        #expect(
            repaired.first { $0.name == "Unit 88" }?.problems.first?.contains("Self-intersection") == true
                || repaired.first { $0.name == "Unit 88" }?.problems.first?.contains("repaired with GEOS MakeValid") == true)
        let reference = try expected()
        for r in repaired where r.name != "Unit 130" {
            let id = String(r.name!.split(separator: " ")[1])
            let key = "u" + String(repeating: "0", count: 3 - id.count) + id
            #expect(abs(r.areaAfter - reference[key]!.area) < 1e-12, "\(key): repaired area as shapely's")
        }
        // A bow-tie's two lobes cancel in the area as given: the report shows the whole change.
        #expect(repaired.filter { $0.name == "Unit 17" }.allSatisfy { $0.areaBefore < $0.areaAfter / 2 })

        // Every unit's sum equals exactextract's over the shapes shapely repaired.
        var worst = 0.0
        for (key, ref) in reference {
            let e = try #require(outcome.table.estimates[SampleHierarchy.unitID(key)]?[2020]?.total)
            worst = max(worst, abs(e - ref.sum) / max(1, ref.sum))
        }
        #expect(worst < 1e-6, "largest relative difference \(worst)")

        let html = try String(contentsOfFile: dir + "/report/report.html", encoding: .utf8)
        #expect(html.contains("Repaired boundaries"))
        for name in ["Unit 17", "Unit 64", "Unit 111", "Unit 88", "Unit 130"] {
            #expect(html.contains(">\(name)<"), "\(name) in the report")
        }
    }

    @Test func strictGeometryRefusesInstead() async throws {
        var standIn: DHIS2StandIn?
        await #expect {
            _ = try await sync(strict: true) { standIn = $0 }
        } throws: { error in
            String(describing: error).contains("is invalid") && String(describing: error).contains("--strict-geometry")
        }
        #expect(standIn?.storedValues.isEmpty == true, "nothing imported")
    }

    @Test func unusableBoundariesAreListedWithoutStoppingTheRun() async throws {
        let (outcome, _, dir) = try await sync { standIn in
            let projected = #"{"type":"Polygon","coordinates":[[[500000,1000000],[500100,1000000],[500100,1000100],[500000,1000000]]]}"#
            standIn.setGeometry(SampleHierarchy.unitID("u005"), geoJSON: Data(projected.utf8))
            let line = #"{"type":"Polygon","coordinates":[[[-70,12.5],[-69.99,12.5],[-70,12.5]]]}"#
            standIn.setGeometry(SampleHierarchy.unitID("u006"), geoJSON: Data(line.utf8))
            let collection =
                #"{"type":"GeometryCollection","geometries":[{"type":"Point","coordinates":[-70,12.5]},"#
                + #"{"type":"Polygon","coordinates":[[[-70.06,12.6],[-70.05,12.6],[-70.05,12.61],[-70.06,12.6]]]}]}"#
            standIn.setGeometry(SampleHierarchy.unitID("u007"), geoJSON: Data(collection.utf8))
        }
        #expect(outcome.values.count == 148, "two units unusable, the run goes on")
        let html = try String(contentsOfFile: dir + "/report/report.html", encoding: .utf8)
        #expect(html.contains("outside longitude ±180°"))
        #expect(html.contains("fewer than 3 distinct positions"))
        #expect(outcome.repairedBoundaries.first { $0.name == "Unit 7" }?.problems.first?.contains("GeometryCollection") == true)
    }
}
