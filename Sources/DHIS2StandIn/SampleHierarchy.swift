import DHIS2
import Foundation
import Geometry

/// Builds a DHIS2 hierarchy from a boundary file: a level-1 root whose boundary is `extent`, and
/// one level-2 unit per zone (ids derived from the zone ids, names and codes from properties).
/// Used by the offline demo and by tests to give the stand-in realistic org units.
public enum SampleHierarchy {
    public static func fromZones(_ zones: [Zone], rootName: String, extent: BoundingBox, withoutGeometry: [String] = []) -> [OrgUnit] {
        let root = UID.deterministic("sample-root/\(rootName)")
        let box = MultiPolygon([
            Polygon(exterior: [
                Position(extent.minX, extent.minY), Position(extent.maxX, extent.minY), Position(extent.maxX, extent.maxY),
                Position(extent.minX, extent.maxY), Position(extent.minX, extent.minY),
            ])
        ])
        var units = [OrgUnit(id: root, name: rootName, level: 1, path: "/\(root)", parentID: nil, geometry: .area(box))]
        for zone in zones {
            let id = unitID(zone.id)
            units.append(
                OrgUnit(
                    id: id, name: zone.name ?? zone.id, code: zone.properties["code"] ?? zone.id, level: 2, path: "/\(root)/\(id)",
                    parentID: root, geometry: .area(zone.geometry)))
        }
        for name in withoutGeometry {
            let id = UID.deterministic("sample-unit-without-geometry/\(name)")
            units.append(OrgUnit(id: id, name: name, level: 2, path: "/\(root)/\(id)", parentID: root, geometry: nil))
        }
        return units
    }

    /// The org unit id given to a zone.
    public static func unitID(_ zoneID: String) -> String { UID.deterministic("sample-unit/\(zoneID)") }
}
