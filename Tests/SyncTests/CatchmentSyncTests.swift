import Audit
import Catchments
import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Foundation
import Geometry
import Testing
import Zonal

@testable import Sync

/// The Aruba districts with 4 random facilities in each, one without coordinates and one placed
/// outside its district.
func arubaWithFacilities() throws -> [OrgUnit] {
    var units = try arubaUnits().filter { $0.level <= 2 }
    var rng = SeededRandom(state: 11)
    for district in units where district.level == 2 {
        guard case .area(let shape)? = district.geometry, let box = shape.boundingBox else { continue }
        var placed = 0
        while placed < 4 {
            let p = Position(Double.random(in: box.minX...box.maxX, using: &rng), Double.random(in: box.minY...box.maxY, using: &rng))
            guard contains(shape, p) else { continue }
            placed += 1
            let id = UID.deterministic("facility/\(district.id)/\(placed)")
            units.append(
                OrgUnit(
                    id: id,
                    name: "\(district.name) clinic \(placed)", level: 3, path: district.path + "/" + id, parentID: district.id,
                    geometry: .point(p)))
        }
    }
    let d01 = units.first { $0.id == unit("D01") }!
    units.append(
        OrgUnit(
            id: "NoCoordsF01", name: "Clinic without coordinates", level: 3, path: d01.path + "/NoCoordsF01", parentID: d01.id,
            geometry: nil))
    units.append(
        OrgUnit(
            id: "StrayClin01", name: "Stray clinic", level: 3, path: d01.path + "/StrayClin01", parentID: d01.id,
            geometry: .point(Position(-69.9, 12.43))))
    return units
}

@Suite struct CatchmentSyncTests {
    @Test func voronoiCatchmentsOfEachDistrictSumToIt() async throws {
        let units = try arubaWithFacilities()
        try await withStandIn(units: units) { standIn, client, dir in
            var plan = SyncPlan(
                levels: [3], product: .total, rasters: .files([YearInputs(year: 2020, total: BandFile(path: arubaRaster))]),
                reportDirectory: dir + "/report", credit: "test", command: "catchments (test)")
            plan.zoneSource = .catchments(.voronoi)
            let runner = SyncRunner(client: client, audit: try AuditLogForTests.make(dir), engine: .geoTIFF(workers: 2))
            let outcome = try await runner.run(plan)
            let usable = units.filter { $0.level == 3 && $0.id != "NoCoordsF01" && $0.id != "StrayClin01" }
            #expect(outcome.created.count == usable.count)
            #expect(
                Set(standIn.storedValues.filter { $0.dataElement == PopulationMetadata.catchmentDataElementID }.map(\.orgUnit))
                    == Set(usable.map(\.id)))
            #expect(Set(outcome.excludedFacilities.map(\.id)) == ["NoCoordsF01", "StrayClin01"])
            #expect(outcome.excludedFacilities.first { $0.id == "StrayClin01" }?.reason.contains("outside its parent") == true)
            // Exact: each district's catchments add up to the district (sums before rounding).
            for district in units where district.level == 2 && district.geometry != nil {
                let children = usable.filter { $0.parentID == district.id }
                let sum = children.reduce(0.0) { $0 + (outcome.table.estimates[$1.id]?[2020]?.total ?? 0) }
                let whole = try #require(outcome.table.estimates[district.id]?[2020]?.total)
                #expect(abs(sum - whole) <= 1e-9 * max(whole, 1), "\(district.name): \(sum) vs \(whole)")
            }
            #expect(outcome.hierarchy.allSatisfy { abs($0.relativeDifference) < 1e-9 && $0.overlapCells < 1e-6 && $0.gapCells < 1e-6 })
            let html = try String(contentsOfFile: outcome.reportFiles[0], encoding: .utf8)
            #expect(html.contains("Catchments, 2020") && html.contains("Facilities not used") && html.contains("Stray clinic"))
            #expect(try AuditLogForTests.make(dir).runs().first?.kind == "catchments")
        }
    }
}

enum AuditLogForTests {
    static func make(_ dir: String) throws -> AuditLog { try AuditLog(path: dir + "/audit.sqlite") }
}
