import Audit
import DHIS2
import Foundation
import GDALBinding
import Geometry
import Zonal

/// `boundaries import`: writes boundaries from a file into DHIS2, so that the Maps app can draw
/// the units and later syncs can use them — only for units without geometry unless `replace` —
/// recorded in the audit log and revertible with `undo` like values.
public struct BoundaryImport: Sendable {
    /// What the audit log keeps of a boundaries run's settings.
    struct Parameters: Encodable {
        var file: String
        var levels: [Int]
        var replace: Bool
        var dryRun: Bool
    }

    public var client: DHIS2Client
    public var audit: AuditLog
    public var user: String

    public init(client: DHIS2Client, audit: AuditLog, user: String = ProcessInfo.processInfo.environment["USER"] ?? "unknown") {
        self.client = client
        self.audit = audit
        self.user = user
    }

    /// The audit log's marker for a geometry in its value table.
    public static let geometryMarker = "geometry"

    public struct Outcome: Sendable {
        public var runID: Int64
        public var dryRun: Bool
        public var match: BoundaryMatch
        /// Units whose geometry was (or, in a dry run, would be) written.
        public var written: [OrgUnit]
        /// Matched units that have a geometry already and were left alone (no `replace`).
        public var kept: [OrgUnit]
        public var repaired: [RepairedBoundary]
    }

    public func run(
        _ source: BoundarySource, levels: [Int], within: String? = nil, replace: Bool = false, dryRun: Bool = false,
        command: String
    ) async throws -> Outcome {
        let info = try await client.systemInfo()
        let units = try await client.organisationUnits(OrgUnitSelection(levels: levels, within: within)).units
        let match = try BoundaryMatch.match(try BoundaryFile.read(source.path), source: source, units: units)
        var changes: [String: String?] = [:]
        var written: [OrgUnit] = []
        var kept: [OrgUnit] = []
        var repaired: [RepairedBoundary] = []
        for (unit, _) in match.matched {
            if unit.geometry != nil, !replace {
                kept.append(unit)
                continue
            }
            let g = match.geometries[unit.id]!
            // Written valid: a repaired boundary is what DHIS2 and its Maps app should hold.
            let (zone, repair) = try BoundaryRepair.repair(
                Zone(id: unit.id, name: unit.name, geometry: g.geometry, fixes: g.fixes), strict: false)
            if let repair { repaired.append(repair) }
            changes[unit.id] = .some(zone.geometry.geoJSON)
            written.append(unit)
        }
        let run = try audit.begin(
            AuditRun(
                kind: "boundaries", user: user, server: client.connection.baseURL.absoluteString, dhis2Version: info.version,
                command: command,
                parameters: try AuditJSON.encode(
                    Parameters(
                        file: source.path, levels: levels, replace: replace,
                        dryRun: dryRun))))
        let runID = run.id!
        do {
            try audit.record(inputs: [try FileChecksum.input(runID: runID, kind: "boundaries", path: source.path)])
            // All or nothing (atomicMode=ALL): recorded once DHIS2 has taken them, with what they replaced.
            let previous = try await client.updateGeometries(changes, dryRun: dryRun)
            if !dryRun {
                try audit.record(
                    values: changes.keys.sorted().map { id in
                        AuditValue(
                            runId: runID, dataElement: Self.geometryMarker, period: "", orgUnit: id, categoryOptionCombo: "",
                            attributeOptionCombo: "",
                            value: (changes[id] ?? nil) ?? "", previousValue: previous[id],
                            action: previous[id] == nil ? .created : .updated)
                    })
            }
            try audit.finish(
                runID: runID, status: dryRun ? .dryRun : .succeeded,
                summary: try AuditJSON.encode([
                    "written": written.count, "kept": kept.count, "repaired": repaired.count,
                    "withoutBoundary": match.unitsWithoutBoundary.count, "unmatched": match.boundariesWithoutUnit.count,
                ]))
        } catch {
            try? audit.finish(runID: runID, status: .failed, summary: (try? AuditJSON.encode(["error": String(describing: error)])) ?? "{}")
            throw error
        }
        return Outcome(runID: runID, dryRun: dryRun, match: match, written: written, kept: kept, repaired: repaired)
    }

    /// Puts back the geometries a boundaries run replaced (removing those it added).
    static func undo(_ plan: UndoPlan, client: DHIS2Client, audit: AuditLog, undoID: Int64) async throws {
        var changes: [String: String?] = [:]
        for v in plan.deletes { changes[v.orgUnit] = .some(nil) }
        for v in plan.restores { changes[v.orgUnit] = .some(v.previousValue) }
        _ = try await client.updateGeometries(changes, dryRun: false)
        try audit.record(
            values: (plan.deletes + plan.restores).map { v in
                AuditValue(
                    runId: undoID, dataElement: geometryMarker, period: "", orgUnit: v.orgUnit, categoryOptionCombo: "",
                    attributeOptionCombo: "",
                    value: v.previousValue ?? "", previousValue: v.value, action: v.previousValue == nil ? .deleted : .updated)
            })
    }
}
