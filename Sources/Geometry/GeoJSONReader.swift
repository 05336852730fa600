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

    public init(id: String, reason: String) {
        self.id = id
        self.reason = reason
    }
}

/// Reads GeoJSON (RFC 7946) FeatureCollections, Features and bare Polygon/MultiPolygon geometries.
public enum GeoJSONReader {
    /// - Parameters:
    ///   - idField: property whose value becomes the zone id; `nil` uses the feature `id`, and
    ///     failing that the feature's position (0-based) in the file.
    ///   - nameField: property used as the display name when present.
    public static func zones(from data: Data, source: String, idField: String? = nil, nameField: String? = "name") throws -> ZoneCollection
    {
        let root: JSONValue
        do {
            root = try JSONParser.parse(data, workers: ProcessInfo.processInfo.activeProcessorCount)
        } catch let e as JSONParser.SyntaxError {
            throw GeoJSONError.invalidJSON(source: source, reason: e.description)
        }
        return try zones(in: root, source: source, idField: idField, nameField: nameField)
    }

    /// The zones of GeoJSON already parsed (by `JSONParser`, or by Foundation through `JSONValue(foundation:)`).
    public static func zones(
        in root: JSONValue, source: String, idField: String? = nil,
        nameField: String? = "name"
    ) throws -> ZoneCollection {
        guard case .object = root, let type = root["type"]?.stringValue else {
            throw GeoJSONError.notGeoJSON(source: source, found: root.kind == "an object" ? "no \"type\" member" : root.kind)
        }
        try checkCRS(root, source: source)
        let features: [JSONValue]
        switch type {
        case "FeatureCollection":
            guard case .array(let list)? = root["features"] else {
                if case .positions? = root["features"] {
                } else if root["features"] == nil || !isEmptyArray(root["features"]) {
                    throw GeoJSONError.notGeoJSON(source: source, found: "a FeatureCollection without a \"features\" array")
                }
                features = []
                break
            }
            features = list
        case "Feature":
            features = [root]
        case "Polygon", "MultiPolygon":
            features = [.object(["type": .string("Feature"), "geometry": root, "properties": .object([:])])]
        default:
            throw GeoJSONError.notGeoJSON(source: source, found: "type \"\(type)\"")
        }

        var zones: [Zone] = []
        var skipped: [SkippedFeature] = []
        var seen = Set<String>()
        zones.reserveCapacity(features.count)
        for (index, feature) in features.enumerated() {
            guard case .object = feature else {
                throw GeoJSONError.notGeoJSON(source: source, found: "feature #\(index) is \(feature.kind)")
            }
            var properties: [String: JSONValue] = [:]
            if case .object(let p)? = feature["properties"] { properties = p }
            let id = try featureID(feature, properties: properties, index: index, idField: idField, source: source)
            let label = "'\(id)' (#\(index))"
            guard let geometry = feature["geometry"], case .object = geometry else {
                skipped.append(SkippedFeature(id: id, reason: "no geometry"))
                continue
            }
            let geometryType = geometry["type"]?.stringValue ?? "?"
            guard ["Polygon", "MultiPolygon", "GeometryCollection"].contains(geometryType) else {
                skipped.append(SkippedFeature(id: id, reason: "\(geometryType) geometry has no area"))
                continue
            }
            var fixes: [String] = []
            let multi: MultiPolygon
            do {
                multi = try parseAreal(geometry, source: source, feature: label, fixes: &fixes)
            } catch GeoJSONError.invalidGeometry(_, _, let reason) where reason.hasPrefix(noAreaLeft) {
                // A zero-area polygon (`((0 0, 3 3, 0 0))`) is one zone without people, like a
                // Point: listed with its reason, not a reason to stop every other zone.
                skipped.append(SkippedFeature(id: id, reason: reason))
                continue
            }
            guard seen.insert(id).inserted else { throw GeoJSONError.duplicateID(source: source, id: id) }
            let name = nameField.flatMap { properties[$0] }.map(\.text)
            zones.append(
                Zone(
                    id: id, name: name, geometry: multi,
                    properties: properties.compactMapValues { $0 == .null ? nil : $0.text }, fixes: fixes))
        }
        return ZoneCollection(zones: zones, skipped: skipped)
    }

    public static func zones(at path: String, idField: String? = nil, nameField: String? = "name") throws -> ZoneCollection {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw GeoJSONError.invalidJSON(source: path, reason: "cannot read the file: \(error.localizedDescription)")
        }
        return try zones(from: data, source: path, idField: idField, nameField: nameField)
    }

    /// Parses a GeoJSON Polygon or MultiPolygon geometry object (already decoded by Foundation).
    public static func parseAreal(_ geometry: [String: Any], type: String, source: String, feature: String) throws -> MultiPolygon {
        var value = JSONValue(foundation: geometry)
        if case .object(var o) = value {
            o["type"] = .string(type)
            value = .object(o)
        }
        return try parseAreal(value, source: source, feature: feature)
    }

    /// Parses a GeoJSON Polygon or MultiPolygon geometry object.
    public static func parseAreal(_ geometry: JSONValue, source: String, feature: String) throws -> MultiPolygon {
        var fixes: [String] = []
        return try parseAreal(geometry, source: source, feature: feature, fixes: &fixes)
    }

    /// Parses a Polygon, MultiPolygon, or the polygons of a GeometryCollection, mending what has
    /// one obvious meaning and saying so in `fixes`: a ring not closed is closed; a hole, or a
    /// polygon, whose ring has fewer than 3 distinct positions encloses nothing and is dropped.
    /// Positions outside ±180°/±90° are refused: the file is projected or corrupt.
    public static func parseAreal(_ geometry: JSONValue, source: String, feature: String, fixes: inout [String]) throws -> MultiPolygon {
        func fail(_ reason: String) -> GeoJSONError {
            .invalidGeometry(source: source, feature: feature, reason: reason)
        }
        let type = geometry["type"]?.stringValue ?? "?"
        if type == "GeometryCollection" {
            guard case .array(let members)? = geometry["geometries"] else {
                throw fail(
                    "GeometryCollection has no \"geometries\" array")
            }
            let areal = members.filter { ["Polygon", "MultiPolygon"].contains($0["type"]?.stringValue ?? "") }
            guard !areal.isEmpty else { throw fail("GeometryCollection has no Polygon or MultiPolygon") }
            if areal.count < members.count {
                fixes.append("kept the \(areal.count) polygonal member(s) of a GeometryCollection of \(members.count)")
            }
            return MultiPolygon(try areal.flatMap { try parseAreal($0, source: source, feature: feature, fixes: &fixes).polygons })
        }
        guard let coordinates = geometry["coordinates"] else { throw fail("no \"coordinates\" array") }
        let polygonValues: [JSONValue]
        switch (type, coordinates) {
        case ("Polygon", _): polygonValues = [coordinates]
        case ("MultiPolygon", let .array(list)): polygonValues = list
        case ("MultiPolygon", .positions), ("MultiPolygon", .position):
            throw fail(
                "MultiPolygon coordinates must be an array of polygons")
        default: throw fail("\(type) coordinates must be an array")
        }
        var polygons: [Polygon] = []
        for (pi, p) in polygonValues.enumerated() {
            let ringValues: [JSONValue]
            switch p {
            case .array(let list) where !list.isEmpty: ringValues = list
            case .positions(let list) where type == "Polygon" && list.count < 4:
                // A Polygon of one ring that has too few positions to be a ring.
                fixes.append("dropped polygon \(pi): fewer than 3 distinct positions")
                continue
            case .positions: throw fail("polygon \(pi) must be an array of rings, not of positions")
            default: throw fail("polygon \(pi) has no rings")
            }
            var parsed: [Ring] = []
            var exteriorDropped = false
            for (ri, r) in ringValues.enumerated() {
                guard case .positions(var ring) = r else {
                    throw fail("position \(firstBadPosition(r)) of ring \(ri) of polygon \(pi) is not [longitude, latitude]")
                }
                for q in ring {
                    guard q.x.isFinite, q.y.isFinite, abs(q.y) <= 90.0000001, abs(q.x) <= 180.0000001 else {
                        throw fail(
                            "position [\(q.x), \(q.y)] is outside longitude ±180° / latitude ±90° (is the boundary projected?)")
                    }
                }
                if let first = ring.first, ring.last != first {
                    ring.append(first)
                    fixes.append("closed ring \(ri) of polygon \(pi)")
                }
                guard hasThreeDistinctPositions(ring) else {
                    fixes.append(
                        ri == 0
                            ? "dropped polygon \(pi): its boundary has fewer than 3 distinct positions"
                            : "dropped hole \(ri) of polygon \(pi): fewer than 3 distinct positions")
                    // An exterior dropped drops its holes with it.
                    if ri == 0 {
                        exteriorDropped = true
                        break
                    } else {
                        continue
                    }
                }
                parsed.append(ring)
            }
            guard !exteriorDropped, let exterior = parsed.first else { continue }
            polygons.append(Polygon(exterior: exterior, holes: Array(parsed.dropFirst())))
        }
        guard !polygons.isEmpty else {
            throw fail(
                polygonValues.isEmpty
                    ? "MultiPolygon has no polygons" : "\(noAreaLeft) (\(fixes.joined(separator: "; ")))")
        }
        return MultiPolygon(polygons)
    }

    /// The reason of a geometry whose every polygon was dropped for having no area.
    static let noAreaLeft = "no polygon with an area is left"

    /// Stops at the third distinct position: a long ring costs a few comparisons, not a set of all its positions.
    private static func hasThreeDistinctPositions(_ ring: Ring) -> Bool {
        var distinct: [Position] = []
        for position in ring where !distinct.contains(position) {
            distinct.append(position)
            if distinct.count == 3 { return true }
        }
        return false
    }

    private static func firstBadPosition(_ ring: JSONValue) -> Int {
        guard case .array(let items) = ring else { return 0 }
        return items.firstIndex { if case .position = $0 { return false } else { return true } } ?? 0
    }

    private static func isEmptyArray(_ v: JSONValue?) -> Bool {
        if case .array(let a)? = v { return a.isEmpty }
        return false
    }

    private static func featureID(_ feature: JSONValue, properties: [String: JSONValue], index: Int, idField: String?, source: String)
        throws -> String
    {
        if let field = idField {
            guard let value = properties[field], value != .null else {
                throw GeoJSONError.missingIDField(source: source, feature: "#\(index)", field: field)
            }
            return value.text
        }
        if let id = feature["id"], id != .null { return id.text }
        return String(index)
    }

    private static func checkCRS(_ root: JSONValue, source: String) throws {
        guard let name = root["crs"]?["properties"]?["name"]?.stringValue else { return }
        let accepted = [
            "urn:ogc:def:crs:OGC:1.3:CRS84", "urn:ogc:def:crs:OGC::CRS84", "EPSG:4326",
            "urn:ogc:def:crs:EPSG::4326", "CRS84", "WGS84",
        ]
        guard accepted.contains(where: { $0.caseInsensitiveCompare(name) == .orderedSame }) else {
            throw GeoJSONError.unsupportedCRS(source: source, crs: name)
        }
    }
}
