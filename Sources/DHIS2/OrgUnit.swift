import Foundation
import Geometry

/// An organisation unit as worldpop-dhis2 needs it: identity, place in the hierarchy, geometry.
public struct OrgUnit: Sendable, Hashable {
    public enum Geometry: Sendable, Hashable {
        /// Polygon or MultiPolygon: a boundary to sum population over.
        case area(MultiPolygon)
        /// A facility's location.
        case point(Position)
        /// Anything else DHIS2 holds (e.g. a LineString); kept so it can be reported.
        case other(String)
    }

    public var id: String
    public var name: String
    public var code: String?
    public var level: Int
    /// `/rootId/…/id`.
    public var path: String
    public var parentID: String?
    public var geometry: Geometry?
    /// What reading the boundary mended (a ring closed, a degenerate hole dropped).
    public var geometryFixes: [String] = []

    public init(id: String, name: String, code: String? = nil, level: Int, path: String, parentID: String?, geometry: Geometry?) {
        self.id = id
        self.name = name
        self.code = code
        self.level = level
        self.path = path
        self.parentID = parentID
        self.geometry = geometry
    }

    /// The unit as a zone for the zonal engine, when it has a boundary.
    public var zone: Zone? {
        guard case .area(let multi)? = geometry else { return nil }
        return Zone(
            id: id, name: name, geometry: multi, properties: ["level": String(level), "parent": parentID ?? ""], fixes: geometryFixes)
    }

    public var ancestorIDs: [String] { path.split(separator: "/").dropLast().map(String.init) }
}

/// Which org units to read: levels, optionally within a subtree, or explicit ids.
public struct OrgUnitSelection: Sendable, Hashable {
    public var levels: [Int]
    /// Only units under (and including) this unit.
    public var within: String?
    public var ids: [String]

    public init(levels: [Int] = [], within: String? = nil, ids: [String] = []) {
        self.levels = levels
        self.within = within
        self.ids = ids
    }

    var filters: [String] {
        var f: [String] = []
        if levels.count == 1 { f.append("level:eq:\(levels[0])") }
        if levels.count > 1 { f.append("level:in:[\(levels.map(String.init).joined(separator: ","))]") }
        if let within { f.append("path:like:\(within)") }
        if !ids.isEmpty { f.append("id:in:[\(ids.joined(separator: ","))]") }
        return f
    }
}

/// Org units read from DHIS2, sorted into what the zonal engine can use and what it cannot.
public struct OrgUnitSet: Sendable {
    public var units: [OrgUnit]

    public init(units: [OrgUnit]) { self.units = units }

    public var zones: [Zone] { units.compactMap(\.zone) }
    public var facilities: [OrgUnit] { units.filter { if case .point? = $0.geometry { return true } else { return false } } }
    /// Units with no geometry at all: listed in every report, never silently dropped.
    public var withoutGeometry: [OrgUnit] { units.filter { $0.geometry == nil } }
    public var withOtherGeometry: [OrgUnit] { units.filter { if case .other? = $0.geometry { return true } else { return false } } }

    public func unit(_ id: String) -> OrgUnit? { byID[id] }

    private var byID: [String: OrgUnit] { Dictionary(units.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a }) }

    /// Names by id, for messages that must speak of places, not UIDs.
    public var names: [String: String] { Dictionary(units.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a }) }
}

extension DHIS2Client {
    static let orgUnitFields = "id,name,code,level,path,parent[id],geometry"

    /// Reads the selected org units with their geometry, following every page.
    ///
    /// - Parameter pageSize: units per request; `nil` asks for everything at once (`paging=false`),
    ///   which large countries' servers may time out on.
    public func organisationUnits(_ selection: OrgUnitSelection, pageSize: Int? = 100) async throws -> OrgUnitSet {
        var base: [(String, String)] = [("fields", Self.orgUnitFields), ("order", "id:asc")]
        base += selection.filters.map { ("filter", $0) }
        guard let pageSize else {
            let (data, _) = try await send("GET", "organisationUnits", query: base + [("paging", "false")])
            return OrgUnitSet(units: try Self.parseOrgUnits(data).units)
        }
        var units: [OrgUnit] = []
        var page = 1
        while true {
            let (data, _) = try await send(
                "GET", "organisationUnits", query: base + [("page", String(page)), ("pageSize", String(pageSize))])
            let parsed = try Self.parseOrgUnits(data)
            units += parsed.units
            guard let pageCount = parsed.pageCount, page < pageCount else { break }
            page += 1
        }
        // A page boundary shifting under concurrent edits could repeat a unit; keep the first.
        var seen = Set<String>()
        return OrgUnitSet(units: units.filter { seen.insert($0.id).inserted })
    }

    static func parseOrgUnits(_ data: Data) throws -> (units: [OrgUnit], pageCount: Int?) {
        let path = "/api/organisationUnits"
        let root: JSONValue
        do { root = try JSONParser.parse(data) } catch { throw DHIS2Error.invalidResponse(path: path, reason: "\(error)") }
        guard case .array(let list)? = root["organisationUnits"] else {
            throw DHIS2Error.invalidResponse(path: path, reason: "no organisationUnits array")
        }
        let pageCount = root["pager"]?["pageCount"]?.doubleValue.map { Int($0) }
        let units = try list.map { v -> OrgUnit in
            guard let id = v["id"]?.stringValue else {
                throw DHIS2Error.invalidResponse(
                    path: path,
                    reason: "an org unit without id")
            }
            let name = v["name"]?.stringValue ?? id
            var geometry: OrgUnit.Geometry?
            var fixes: [String] = []
            if let g = v["geometry"], case .object = g {
                switch g["type"]?.stringValue {
                case "Polygon", "MultiPolygon", "GeometryCollection":
                    // One unusable boundary never stops a run: the unit is listed with the reason.
                    do {
                        geometry = .area(
                            try GeoJSONReader.parseAreal(
                                g, source: "DHIS2",
                                feature: "'\(name)' (\(id))", fixes: &fixes))
                    } catch let error as GeoJSONError {
                        guard case .invalidGeometry(_, _, let reason) = error else { throw error }
                        geometry = .other("unusable boundary (\(reason))")
                    }
                case "Point":
                    if case .position(let p)? = g["coordinates"] { geometry = .point(p) } else { geometry = .other("Point") }
                case let other:
                    geometry = .other(other ?? "unknown")
                }
            }
            var unit = OrgUnit(
                id: id, name: name, code: v["code"]?.stringValue, level: Int(v["level"]?.doubleValue ?? 0),
                path: v["path"]?.stringValue ?? "/\(id)", parentID: v["parent"]?["id"]?.stringValue, geometry: geometry)
            unit.geometryFixes = fixes
            return unit
        }
        return (units, pageCount)
    }
}
