import ArgumentParser
import DHIS2
import DHIS2StandIn
import Denominators
import Foundation
import Geometry
import TestSupport
import Testing

@testable import CLI

/// Three districts with boundaries, a facility and a unit without geometry.
func smallHierarchy() -> [OrgUnit] {
    let root = "RootUnit001"
    func square(_ x: Double) -> OrgUnit.Geometry {
        .area(MultiPolygon([Polygon(exterior: [Position(x, 0), Position(x + 1, 0), Position(x + 1, 1), Position(x, 1), Position(x, 0)])]))
    }
    return [
        OrgUnit(id: root, name: "Country", level: 1, path: "/\(root)", parentID: nil, geometry: nil),
        OrgUnit(id: "DistrictA01", name: "District A", level: 2, path: "/\(root)/DistrictA01", parentID: root, geometry: square(0)),
        OrgUnit(id: "DistrictB01", name: "District B", level: 2, path: "/\(root)/DistrictB01", parentID: root, geometry: square(1)),
        OrgUnit(id: "DistrictC01", name: "District C", level: 2, path: "/\(root)/DistrictC01", parentID: root, geometry: nil),
        OrgUnit(
            id: "ClinicAAA01", name: "Clinic A", level: 3, path: "/\(root)/DistrictA01/ClinicAAA01", parentID: "DistrictA01",
            geometry: .point(Position(0.5, 0.5))),
    ]
}

func withCLIStandIn(_ options: DHIS2StandIn.Options = .init(), _ body: (DHIS2StandIn, [String]) async throws -> Void) async throws {
    try await DHIS2StandIn.running(options, units: smallHierarchy()) { standIn, client in
        try await body(standIn, ["--url", client.connection.baseURL.absoluteString, "--token", options.token ?? ""])
    }
}

@Suite struct DHIS2CommandTests {
    @Test func orgunitsWritesGeoJSONTheZonalCommandReads() async throws {
        try await withCLIStandIn { _, connection in
            let out = try temporaryFile("ou.geojson")
            let error = await run(["orgunits", "--level", "2-3", "-q", "-o", out] + connection)
            #expect(error == nil)
            let zones = try GeoJSONReader.zones(at: out)
            #expect(zones.zones.map(\.id).sorted() == ["DistrictA01", "DistrictB01"])
            #expect(zones.zones.first { $0.id == "DistrictA01" }?.properties["parent"] == "RootUnit001")
            #expect(zones.skipped.map(\.id).sorted() == ["ClinicAAA01", "DistrictC01"])
        }
    }

    @Test func metadataCommandIsIdempotent() async throws {
        try await withCLIStandIn { standIn, connection in
            #expect(await run(["metadata", "--level", "2", "-q"] + connection) == nil)
            let elements = standIn.metadataIDs("dataElements")
            #expect(elements.count == 2 + DerivedGroup.standard.count)
            #expect(await run(["metadata", "--level", "2", "-q"] + connection) == nil)
            #expect(standIn.metadataIDs("dataElements") == elements)
        }
    }

    @Test func aBadTokenFailsWithExitCodeAndNoSecret() async throws {
        try await withCLIStandIn { _, connection in
            let url = connection[1]
            let error = try #require(await run(["orgunits", "--level", "2", "--url", url, "--token", "d2pat_NOT_VALID"]))
            let message = WorldPopDHIS2.message(for: error)
            #expect(message.contains("refused the credentials"))
            #expect(!message.contains("d2pat_NOT_VALID"))
            #expect(WorldPopDHIS2.exitCode(for: error) != .success)
        }
    }

    @Test func metadataDryRunCreatesNothing() async throws {
        try await withCLIStandIn { standIn, connection in
            #expect(await run(["metadata", "--level", "2", "--dry-run", "-q"] + connection) == nil)
            #expect(standIn.metadataIDs("dataElements").isEmpty)
            #expect(standIn.metadataIDs("dataSets").isEmpty)
            #expect(standIn.optionComboCount == 1)
        }
    }

    @Test func doctorExitsNonZeroNamingEachProblemAndZeroWhenAllIsWell() async throws {
        var options = DHIS2StandIn.Options()
        options.account = .integration(
            captureScope: ["DistrictA01"], authorities: DHIS2StandIn.Account.integrationAuthorities.subtracting(["F_CATEGORY_PUBLIC_ADD"]))
        try await withCLIStandIn(options) { standIn, connection in
            let args = ["doctor", "--level", "2", "--year", "2020", "--raster", "x.tif", "-q"] + connection
            let error = try #require(await run(args))
            #expect(WorldPopDHIS2.message(for: error).contains("2 problem(s)"))
            #expect(WorldPopDHIS2.exitCode(for: error) == .failure)
            var fixed = options
            fixed.account = .integration()
            standIn.options = fixed
            #expect(await run(args) == nil)
            #expect(!standIn.requests.contains { $0.method != "GET" })
        }
    }
}
