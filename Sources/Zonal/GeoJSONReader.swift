import Foundation

/// Zones read from a GeoJSON file, and the features that could not become zones (and why).
public struct ZoneCollection: Sendable {
    public var zones: [Zone]
    /// Features without an areal geometry (e.g. health facilities as Points, or null geometry),
    /// kept so that reports can list them instead of silently dropping them.
    public var skipped: [SkippedFeature]
}

public struct SkippedFeature: Sendable, Hashable {
    public var id: String
    public var reason: String
}

/// Reads GeoJSON (RFC 7946) FeatureCollections, Features and bare Polygon/MultiPolygon geometries.
public enum GeoJSONReader {
    /// - Parameters:
    ///   - idField: property whose value becomes the zone id; `nil` uses the feature `id`, and
    ///     failing that the feature's position (0-based) in the file.
    ///   - nameField: property used as the display name when present.
    public static func zones(from data: Data, source: String, idField: String? = nil, nameField: String? = "name") throws -> ZoneCollection {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ZonalError.invalidJSON(source: source, reason: Self.describe(error))
        }
        guard let object = root as? [String: Any], let type = object["type"] as? String else {
            throw ZonalError.notGeoJSON(source: source, found: "no \"type\" member")
        }
        try checkCRS(object, source: source)
        let features: [[String: Any]]
        switch type {
        case "FeatureCollection":
            guard let list = object["features"] as? [Any] else {
                throw ZonalError.notGeoJSON(source: source, found: "a FeatureCollection without a \"features\" array")
            }
            features = try list.enumerated().map { i, f in
                guard let f = f as? [String: Any] else {
                    throw ZonalError.notGeoJSON(source: source, found: "feature #\(i) is not an object")
                }
                return f
            }
        case "Feature":
            features = [object]
        case "Polygon", "MultiPolygon":
            features = [["type": "Feature", "geometry": object, "properties": [String: Any]()]]
        default:
            throw ZonalError.notGeoJSON(source: source, found: "type \"\(type)\"")
        }

        var zones: [Zone] = []
        var skipped: [SkippedFeature] = []
        var seen = Set<String>()
        zones.reserveCapacity(features.count)
        for (index, feature) in features.enumerated() {
            let properties = (feature["properties"] as? [String: Any]) ?? [:]
            let id = try featureID(feature, properties: properties, index: index, idField: idField, source: source)
            let label = "'\(id)' (#\(index))"
            guard let geometry = feature["geometry"] as? [String: Any] else {
                skipped.append(SkippedFeature(id: id, reason: "no geometry"))
                continue
            }
            let geometryType = geometry["type"] as? String ?? "?"
            guard geometryType == "Polygon" || geometryType == "MultiPolygon" else {
                skipped.append(SkippedFeature(id: id, reason: "\(geometryType) geometry has no area"))
                continue
            }
            let multi = try parseAreal(geometry, type: geometryType, source: source, feature: label)
            guard seen.insert(id).inserted else { throw ZonalError.duplicateID(source: source, id: id) }
            let name = nameField.flatMap { properties[$0] }.map(stringValue)
            zones.append(Zone(id: id, name: name, geometry: multi,
                              properties: properties.compactMapValues { $0 is NSNull ? nil : stringValue($0) }))
        }
        return ZoneCollection(zones: zones, skipped: skipped)
    }

    public static func zones(at path: String, idField: String? = nil, nameField: String? = "name") throws -> ZoneCollection {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ZonalError.invalidJSON(source: path, reason: "cannot read the file: \(error.localizedDescription)")
        }
        return try zones(from: data, source: path, idField: idField, nameField: nameField)
    }

    /// Parses the coordinates of a Polygon or MultiPolygon geometry object.
    public static func parseAreal(_ geometry: [String: Any], type: String, source: String, feature: String) throws -> MultiPolygon {
        func fail(_ reason: String) -> ZonalError {
            .invalidGeometry(source: source, feature: feature, reason: reason)
        }
        guard let coordinates = geometry["coordinates"] as? [Any] else { throw fail("no \"coordinates\" array") }
        let polygonArrays: [Any] = type == "Polygon" ? [coordinates] : coordinates
        var polygons: [Polygon] = []
        for (pi, p) in polygonArrays.enumerated() {
            guard let rings = p as? [Any], !rings.isEmpty else { throw fail("polygon \(pi) has no rings") }
            var parsed: [Ring] = []
            for (ri, r) in rings.enumerated() {
                guard let positions = r as? [Any] else { throw fail("ring \(ri) of polygon \(pi) is not an array of positions") }
                var ring: Ring = []
                ring.reserveCapacity(positions.count + 1)
                for (k, pos) in positions.enumerated() {
                    guard let xy = pos as? [Any], xy.count >= 2,
                          let x = number(xy[0]), let y = number(xy[1]), x.isFinite, y.isFinite else {
                        throw fail("position \(k) of ring \(ri) of polygon \(pi) is not [longitude, latitude]")
                    }
                    guard abs(y) <= 90.0000001, abs(x) <= 540 else {
                        throw fail("position [\(x), \(y)] is not longitude/latitude in degrees (is the file projected?)")
                    }
                    ring.append(Position(x, y))
                }
                if let first = ring.first, ring.last != first { ring.append(first) }
                guard ring.count >= 4 else { throw fail("ring \(ri) of polygon \(pi) has fewer than 3 distinct positions") }
                parsed.append(ring)
            }
            polygons.append(Polygon(exterior: parsed[0], holes: Array(parsed.dropFirst())))
        }
        guard !polygons.isEmpty else { throw fail("MultiPolygon has no polygons") }
        return MultiPolygon(polygons)
    }

    private static func featureID(_ feature: [String: Any], properties: [String: Any], index: Int, idField: String?, source: String) throws -> String {
        if let field = idField {
            guard let value = properties[field], !(value is NSNull) else {
                throw ZonalError.missingIDField(source: source, feature: "#\(index)", field: field)
            }
            return stringValue(value)
        }
        if let id = feature["id"], !(id is NSNull) { return stringValue(id) }
        return String(index)
    }

    private static func checkCRS(_ object: [String: Any], source: String) throws {
        guard let crs = object["crs"] as? [String: Any],
              let props = crs["properties"] as? [String: Any],
              let name = props["name"] as? String else { return }
        let accepted = ["urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326",
                        "urn:ogc:def:crs:EPSG::4326", "CRS84", "WGS84"]
        guard accepted.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
            throw ZonalError.unsupportedCRS(source: source, crs: name)
        }
    }

    private static func number(_ any: Any) -> Double? {
        if let n = any as? NSNumber, !(any is Bool) { return n.doubleValue }
        return any as? Double
    }

    static func stringValue(_ any: Any) -> String {
        if let s = any as? String { return s }
        if let n = any as? NSNumber {
            // Integral ids (e.g. 7) print as "7", not "7.0".
            let d = n.doubleValue
            if d == d.rounded(), abs(d) < 1e15 { return String(Int64(d)) }
            return n.stringValue
        }
        if let data = try? JSONSerialization.data(withJSONObject: any, options: [.fragmentsAllowed]),
           let s = String(data: data, encoding: .utf8) { return s }
        return String(describing: any)
    }

    private static func describe(_ error: Error) -> String {
        let ns = error as NSError
        return (ns.userInfo[NSDebugDescriptionErrorKey] as? String) ?? ns.localizedDescription
    }
}
