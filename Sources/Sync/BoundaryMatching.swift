import DHIS2
import Foundation
import GDALBinding
import Geometry
import Zonal

/// Boundaries from a file for instances without geometry (or with poor geometry): which feature
/// is which DHIS2 org unit.
public struct BoundarySource: Sendable, Hashable {
    /// What identifies a feature's org unit: its UID, its code, or its name — in DHIS2's terms.
    public enum Key: Sendable, Hashable {
        case uid, code, name
    }

    public var path: String
    public var key: Key
    /// The file's property holding the key; by default `uid`/`id`, `code`, `name` (any case).
    public var field: String?

    public init(path: String, key: Key = .name, field: String? = nil) {
        self.path = path
        self.key = key
        self.field = field
    }

    /// `--match-by uid|code|name|PROPERTY`: a property name means "this property holds the name".
    public static func parse(matchBy: String, field: String?, path: String) -> BoundarySource {
        switch matchBy.lowercased() {
        case "uid", "id": return BoundarySource(path: path, key: .uid, field: field)
        case "code": return BoundarySource(path: path, key: .code, field: field)
        case "name": return BoundarySource(path: path, key: .name, field: field)
        default: return BoundarySource(path: path, key: .name, field: field ?? matchBy)
        }
    }
}

/// What matching a boundary file to the org units of the run found.
public struct BoundaryMatch: Sendable {
    /// One line for the report: where the boundaries came from and what did not match.
    var summary: String {
        "Boundaries of \(matched.count) org unit(s) from "
            + "\(source.path)\(reprojectedFrom.map { " (reprojected from \($0) to WGS 84)" } ?? ""), "
            + "matched by \(source.key); \(unitsWithoutBoundary.count) unit(s) without a boundary in the file, "
            + "\(boundariesWithoutUnit.count) boundar(ies) without a unit, \(ambiguous.count) ambiguous."
    }

    public var source: BoundarySource
    public var reprojectedFrom: String?
    /// Unit id → the file's feature label.
    public var matched: [(unit: OrgUnit, feature: String)]
    public var unitsWithoutBoundary: [OrgUnit]
    public var boundariesWithoutUnit: [String]
    public var ambiguous: [(feature: String, candidates: [OrgUnit])]
    /// Features with no usable area, with the reason.
    public var unusable: [(feature: String, reason: String)]
    /// The boundaries to use, by unit id.
    public var geometries: [String: (geometry: MultiPolygon, fixes: [String])]

    /// Matches the file's features to `units` (the org units of the run's levels).
    public static func match(_ file: BoundaryFile, source: BoundarySource, units: [OrgUnit]) throws -> BoundaryMatch {
        let field = try source.field ?? defaultField(file, key: source.key)
        let properties = Set(file.features.flatMap { $0.properties.keys })
        guard properties.contains(field) else {
            throw SyncError.invalidInput(
                "'\(file.path)' has no property \(field) to match org units by; its properties are "
                    + properties.sorted().prefix(20).joined(separator: ", ")
                    + ". Name one with --boundary-field, or use --match-by PROPERTY")
        }
        var result = BoundaryMatch(
            source: source, reprojectedFrom: file.reprojectedFrom, matched: [], unitsWithoutBoundary: [], boundariesWithoutUnit: [],
            ambiguous: [], unusable: [], geometries: [:])
        let index = UnitIndex(units: units, key: source.key)
        var taken = Set<String>()
        for feature in file.features {
            let label = "\(field)=\(feature.properties[field] ?? "–")"
            guard let value = feature.properties[field], !value.isEmpty else {
                result.boundariesWithoutUnit.append("\(feature.label): no \(field)")
                continue
            }
            let candidates = index.candidates(for: value)
            guard candidates.count == 1, let unit = candidates.first else {
                if candidates.isEmpty { result.boundariesWithoutUnit.append(label) } else { result.ambiguous.append((label, candidates)) }
                continue
            }
            guard let geometry = feature.geometry else {
                result.unusable.append((label, feature.problem ?? "no area"))
                continue
            }
            guard taken.insert(unit.id).inserted else {
                result.ambiguous.append((label + " (a second boundary for the same unit)", [unit]))
                continue
            }
            result.matched.append((unit, label))
            result.geometries[unit.id] = (geometry, feature.fixes)
        }
        result.unitsWithoutBoundary = units.filter { result.geometries[$0.id] == nil }
        return result
    }

    /// The units with the file's boundaries in place of DHIS2's.
    public func apply(to set: OrgUnitSet) -> OrgUnitSet {
        OrgUnitSet(
            units: set.units.map { u in
                guard let g = geometries[u.id] else { return u }
                var unit = u
                unit.geometry = .area(g.geometry)
                unit.geometryFixes = g.fixes
                return unit
            })
    }

    static func defaultField(_ file: BoundaryFile, key: BoundarySource.Key) throws -> String {
        let wanted: [String]
        switch key {
        case .uid: wanted = ["uid", "id", "orgunit", "ou"]
        case .code: wanted = ["code"]
        case .name: wanted = ["name"]
        }
        let names = Set(file.features.flatMap { $0.properties.keys })
        for w in wanted { if let found = names.first(where: { $0.lowercased() == w }) { return found } }
        throw SyncError.invalidInput(
            "'\(file.path)' has no property \(wanted.joined(separator: " or ")) to match org units by; its properties are "
                + names.sorted().prefix(20).joined(separator: ", ") + ". Name one with --boundary-field, or use --match-by PROPERTY")
    }
}

/// Org units keyed for matching. Names are compared case- and accent-insensitively, word by word,
/// without the words that prefixes and suffixes add ("ZS", "Zone de santé", "District", …), and
/// with the last part of a path-like name ("AFRO:DRCONGO:HAUT_KATANGA:KAMPEMBA" → "kampemba").
struct UnitIndex {
    let key: BoundarySource.Key
    let exact: [String: [OrgUnit]]
    let words: [(unit: OrgUnit, words: Set<String>)]

    init(units: [OrgUnit], key: BoundarySource.Key) {
        self.key = key
        var exact: [String: [OrgUnit]] = [:]
        for u in units {
            let k: String?
            switch key {
            case .uid: k = u.id
            case .code: k = u.code?.lowercased()
            case .name: k = Self.words(u.name).joined(separator: " ")
            }
            if let k { exact[k, default: []].append(u) }
        }
        self.exact = exact
        words = key == .name ? units.map { ($0, Set(Self.words($0.name))) } : []
    }

    func candidates(for value: String) -> [OrgUnit] {
        switch key {
        case .uid: return exact[value.trimmingCharacters(in: .whitespaces)] ?? []
        case .code: return exact[value.trimmingCharacters(in: .whitespaces).lowercased()] ?? []
        case .name:
            let w = Self.words(value)
            if let hit = exact[w.joined(separator: " ")] { return hit }
            // "hk Kamalondo Zone de Santé" holds every word of "KAMALONDO": a match, if only one does.
            let set = Set(w)
            guard !set.isEmpty else { return [] }
            return words.filter { set.isSubset(of: $0.words) || (!$0.words.isEmpty && $0.words.isSubset(of: set)) }.map(\.unit)
        }
    }

    static let noise: Set<String> = ["zs", "zone", "de", "du", "sante", "hz", "health", "district", "ds", "dps", "aire", "area"]

    static func words(_ name: String) -> [String] {
        let last = name.split(separator: ":").last.map(String.init) ?? name
        let folded = last.folding(
            options: [.diacriticInsensitive, .caseInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        return folded.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init).filter { !noise.contains($0) }
    }
}
