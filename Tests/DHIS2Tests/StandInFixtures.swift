import DHIS2
import DHIS2StandIn
import Foundation
import Geometry

/// A country (level 1) with `districts` square districts (level 2) in rows of 10, one facility
/// (level 3, a Point) in each district, and `withoutGeometry` level-2 units with no boundary.
func sampleHierarchy(districts: Int = 60, withoutGeometry: Int = 2) -> [OrgUnit] {
    let country = UID.deterministic("country")
    var units = [
        OrgUnit(
            id: country, name: "Testland", level: 1, path: "/\(country)", parentID: nil,
            geometry: .area(
                MultiPolygon([Polygon(exterior: [Position(0, 0), Position(10, 0), Position(10, 10), Position(0, 10), Position(0, 0)])])))
    ]
    for i in 0..<districts {
        let id = UID.deterministic("district-\(i)")
        let x = Double(i % 10)
        let y = Double(i / 10)
        units.append(
            OrgUnit(
                id: id, name: "District \(i)", code: "D\(i)", level: 2, path: "/\(country)/\(id)", parentID: country,
                geometry: .area(
                    MultiPolygon([
                        Polygon(exterior: [Position(x, y), Position(x + 1, y), Position(x + 1, y + 1), Position(x, y + 1), Position(x, y)])
                    ]))))
        let f = UID.deterministic("facility-\(i)")
        units.append(
            OrgUnit(
                id: f, name: "Health centre \(i)", level: 3, path: "/\(country)/\(id)/\(f)", parentID: id,
                geometry: .point(Position(x + 0.5, y + 0.5))))
    }
    for i in 0..<withoutGeometry {
        let id = UID.deterministic("nogeo-\(i)")
        units.append(OrgUnit(id: id, name: "Unmapped \(i)", level: 2, path: "/\(country)/\(id)", parentID: country, geometry: nil))
    }
    return units
}

/// Starts a stand-in seeded with `units`, runs `body` with a client for it, and stops it.
@discardableResult
func withStandIn<T>(
    _ options: DHIS2StandIn.Options = .init(), units: [OrgUnit] = sampleHierarchy(),
    _ body: (DHIS2StandIn, DHIS2Client) async throws -> T
) async throws -> T {
    try await DHIS2StandIn.running(options, units: units, body)
}
