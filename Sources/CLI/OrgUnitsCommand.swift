import ArgumentParser
import DHIS2
import Foundation
import Geometry
import Sync

/// `worldpop-dhis2 orgunits`: read org units with their geometry and write them as GeoJSON.
struct OrgUnitsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "orgunits",
        abstract: "Read organisation units with their boundaries from DHIS2 and write GeoJSON.",
        discussion: "Units without geometry are listed on stderr; Points (facilities) are kept as Points."
    )

    @OptionGroup var dhis2: DHIS2Options

    @Option(name: .long, help: ArgumentHelp("Level(s): 3, 2,3 or 2-4.", valueName: "levels"))
    var level: String

    @Option(name: .long, help: ArgumentHelp("Only units under this org unit (UID).", valueName: "uid"))
    var within: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("GeoJSON file to write (default: stdout).", valueName: "file"))
    var output: String?

    @Flag(name: .shortAndLong, help: "No summary on stderr.")
    var quiet = false

    func run() async throws {
        let client = try dhis2.client(quiet: quiet)
        _ = try await client.systemInfo()
        let set = try await client.organisationUnits(OrgUnitSelection(levels: try parseLevels(level), within: within))
        let text = try OrgUnitGeoJSON.render(set.units)
        if let output {
            try text.write(toFile: output, atomically: true, encoding: .utf8)
        } else {
            print(text)
        }
        guard !quiet else { return }
        var err = StandardError()
        print(
            "\(set.units.count) org units: \(set.zones.count) with boundaries, \(set.facilities.count) points, "
                + "\(set.withoutGeometry.count) without geometry",
            to: &err)
        for u in set.withoutGeometry { print("  no geometry: \(u.name) (\(u.id)), level \(u.level)", to: &err) }
        for u in set.withOtherGeometry { print("  unusable geometry: \(u.name) (\(u.id))", to: &err) }
    }
}

/// Org units as a GeoJSON FeatureCollection (id as feature id; name, code, level, parent, path).
enum OrgUnitGeoJSON {
    static func render(_ units: [OrgUnit]) throws -> String {
        let features: [[String: Any]] = units.map { u in
            var props: [String: Any] = ["id": u.id, "name": u.name, "level": u.level, "path": u.path]
            if let code = u.code { props["code"] = code }
            if let parent = u.parentID { props["parent"] = parent }
            var geometry: Any = NSNull()
            switch u.geometry {
            case .area(let m)?:
                geometry = [
                    "type": "MultiPolygon",
                    "coordinates": m.polygons.map { p in ([p.exterior] + p.holes).map { r in r.map { [$0.x, $0.y] } } },
                ]
            case .point(let p)?:
                geometry = ["type": "Point", "coordinates": [p.x, p.y]]
            default:
                break
            }
            return ["type": "Feature", "id": u.id, "properties": props, "geometry": geometry]
        }
        let data = try JSONSerialization.data(withJSONObject: ["type": "FeatureCollection", "features": features], options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self)
    }
}
