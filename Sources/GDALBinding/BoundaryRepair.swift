import Foundation
import Geometry
import Parallel

/// A boundary mended before summing, and what that did to its area.
public struct RepairedBoundary: Sendable, Equatable {
    public var id: String
    public var name: String?
    /// What was wrong and what was done, in plain words.
    public var problems: [String]
    /// Planar area in square degrees: GEOS's area of the boundary as given, and of the repair.
    public var areaBefore: Double
    public var areaAfter: Double

    public var label: String { name.map { "\($0) (\(id))" } ?? id }
    /// The area change relative to the boundary as given (0 when that had no area).
    public var relativeChange: Double { areaBefore > 0 ? (areaAfter - areaBefore) / areaBefore : 0 }
}

/// Imported boundaries are messy: bow-ties, spikes, rings touching themselves. One bad unit must
/// not stop a run, so each invalid boundary is repaired with GEOS MakeValid (its polygonal part
/// kept) and reported; `strict` refuses instead, for those who want that.
public enum BoundaryRepair {
    /// Checks (and repairs) every zone, on `workers` threads: GEOS's check of a country's boundary
    /// is as long as summing it. The result, and the first error in zone order, do not depend on
    /// the number of threads.
    public static func repair(_ zones: [Zone], strict: Bool, workers: Int = defaultWorkerCount) throws -> (
        zones: [Zone], repaired: [RepairedBoundary]
    ) {
        var out: [Zone] = []
        var repaired: [RepairedBoundary] = []
        out.reserveCapacity(zones.count)
        for result in outcomes(zones, strict: strict, workers: workers) {
            let (z, r) = try result.get()
            out.append(z)
            if let r { repaired.append(r) }
        }
        return (out, repaired)
    }

    /// `repair`, with the boundaries that have no area even once repaired set aside with their
    /// reason instead of stopping every other zone (`zonal` lists them without a value).
    public static func repairSettingAside(_ zones: [Zone], strict: Bool, workers: Int = defaultWorkerCount) throws -> (
        zones: [Zone], repaired: [RepairedBoundary], setAside: [SkippedFeature]
    ) {
        var out: [Zone] = []
        var repaired: [RepairedBoundary] = []
        var setAside: [SkippedFeature] = []
        for (zone, result) in zip(zones, outcomes(zones, strict: strict, workers: workers)) {
            do {
                let (z, r) = try result.get()
                out.append(z)
                if let r { repaired.append(r) }
            } catch BoundaryError.noAreaAfterRepair(_, let reason) {
                setAside.append(SkippedFeature(id: zone.id, reason: "no area, even repaired (\(reason))"))
            }
        }
        return (out, repaired, setAside)
    }

    private static func outcomes(_ zones: [Zone], strict: Bool, workers: Int) -> [Result<(Zone, RepairedBoundary?), any Error>] {
        // The body never throws: each zone's error is its own result, so none stops the others.
        (try? concurrentMap(
            count: zones.count, workers: workers, makeState: {},
            body: { _, i in Result { try repair(zones[i], strict: strict) } })) ?? []
    }

    public static func repair(_ zone: Zone, strict: Bool) throws -> (Zone, RepairedBoundary?) {
        // Catchments carry zero-width bridges from half-plane clipping: exact, but not simple rings.
        if zone.properties[Zone.derivedProperty] != nil { return (zone, nil) }
        // A ring proven simple is a polygon GEOS calls valid (see SimpleRing): it is not asked.
        if zone.fixes.isEmpty, SimpleRing.isProvenValid(zone.geometry) { return (zone, nil) }
        let label = zone.name.map { "\($0) (\(zone.id))" } ?? zone.id
        let verdict = OGRGeometryCheck.check(zone.geometry)
        if verdict.isValid, zone.fixes.isEmpty { return (zone, nil) }
        if strict {
            throw BoundaryError.invalidBoundary(
                feature: label, reason: (zone.fixes + [verdict.reason].compactMap { $0 }).joined(separator: "; "))
        }
        var problems = zone.fixes
        var fixed = zone
        if !verdict.isValid {
            guard let valid = try OGRGeometryCheck.makeValidPolygons(zone.geometry) else {
                throw BoundaryError.noAreaAfterRepair(feature: label, reason: verdict.reason ?? "invalid")
            }
            fixed.geometry = valid
            problems.append("\(verdict.reason ?? "invalid geometry"): repaired with GEOS MakeValid, polygonal part kept")
        }
        fixed.fixes = []
        let after = OGRGeometryCheck.check(fixed.geometry).area
        return (fixed, RepairedBoundary(id: zone.id, name: zone.name, problems: problems, areaBefore: verdict.area, areaAfter: after))
    }
}
