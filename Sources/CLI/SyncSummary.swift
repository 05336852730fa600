import Foundation
import Sync

/// What a person or a script reads after a sync.
enum SyncSummary {
    /// A share in percent to 3 decimals, without the "-0.000" of rounding noise.
    static func percent(_ share: Double) -> Double {
        let p = (share * 100_000).rounded() / 1000
        return p == 0 ? 0 : p
    }

    static func text(_ o: SyncOutcome) -> String {
        let c = o.counts
        var lines = [
            "\(o.plan.dryRun ? "Dry run" : "Sync") run \(o.runID.map(String.init) ?? "–") into \(o.server) (DHIS2 \(o.version))",
            "  org units: \(o.syncedUnits.count) at level(s) \(o.syncedLevels.map(String.init).joined(separator: ",")); values: "
                + "\(c.computed) computed, \(c.new) new, \(c.changed) changed, \(c.unchanged) unchanged (not sent)",
            o.plan.dryRun
                ? "  DHIS2 validated only (dry run, nothing stored): would import \(c.imported), update \(c.updated); "
                    + "\(c.conflicts) conflict(s)"
                : "  DHIS2: imported \(c.imported), updated \(c.updated), ignored \(c.ignored), deleted \(c.deleted)",
        ]
        if !o.plan.dryRun, c.ignoredUnchanged > 0 {
            lines.append(
                "  \(c.ignoredUnchanged) value(s) DHIS2 counted as ignored were already stored as sent (a request retried after its answer "
                    + "was lost is counted so); "
                    + (o.mismatches.isEmpty ? "read-back confirmed every value" : "see the read-back mismatches"))
        }
        for note in o.importCountNotes + [o.readBackNote].compactMap({ $0 }) { lines.append("  " + note) }
        for note in o.notes.texts(printed(o)) { lines.append("  " + note) }
        let noGeometry = o.syncedUnits.filter { $0.geometry == nil }
        if !noGeometry.isEmpty {
            lines.append(
                "  without geometry (no value): " + noGeometry.map(\.name).prefix(10).joined(separator: ", ")
                    + (noGeometry.count > 10 ? " …" : ""))
        }
        for r in o.repairedBoundaries.prefix(10) {
            lines.append(
                String(
                    format: "  repaired boundary: %@ — %@ (area %+.2f%%)", r.label, r.problems.joined(separator: "; "),
                    r.relativeChange * 100))
        }
        if !o.table.outsideRaster.isEmpty { lines.append("  outside the raster (no value): \(o.table.outsideRaster.count)") }
        for c in o.conflictLines.prefix(20) { lines.append("  conflict: \(c)") }
        if o.conflictLines.count > 20 { lines.append("  … \(o.conflictLines.count - 20) more conflicts in the report") }
        if let worst = o.hierarchy.max(by: { abs($0.relativeDifference) < abs($1.relativeDifference) }) {
            lines.append(
                String(
                    format: "  hierarchy: largest parent/children difference %+.3f%% (%@)", Self.percent(worst.relativeDifference),
                    worst.parentName))
        }
        if !o.mismatches.isEmpty { lines.append("  read-back mismatches: \(o.mismatches.count)") }
        lines.append("  report: \(o.reportFiles.first ?? "–")")
        return lines.joined(separator: "\n")
    }

    /// The notes a person acts on after a run; the report has them all. The option combos are
    /// news only to a run that imports bands.
    static func printed(_ o: SyncOutcome) -> Set<SyncNote.Kind> {
        var kinds: Set<SyncNote.Kind> = [.dhis2Release, .metadataChanged, .analytics]
        if o.plan.product.hasBands { kinds.insert(.optionCombosGenerated) }
        return kinds
    }

    static func json(_ o: SyncOutcome) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(Fields(o))) ?? Data(), as: UTF8.self)
    }

    /// `sync --json`: one object a script can rely on (`run` is written as null, not left out, when no run was recorded).
    struct Fields: Encodable {
        struct Repair: Encodable {
            var id: String, name: String, problems: [String], areaBefore: Double, areaAfter: Double, relativeChange: Double
        }

        var run: Nullable<Int64>
        var server: String, dhis2Version: String, dryRun: Bool, stored: Bool, ignoredUnchanged: Int, notes: [String]
        var orgUnits: Int, values: Int, new: Int, changed: Int, unchanged: Int
        var imported: Int, updated: Int, ignored: Int, deleted: Int
        var conflicts: [String], withoutGeometry: [String], outsideRaster: [String], mismatches: Int, reports: [String]
        var repairedBoundaries: [Repair]

        init(_ o: SyncOutcome) {
            let c = o.counts
            run = Nullable(o.runID)
            server = o.server
            dhis2Version = o.version
            dryRun = o.plan.dryRun
            stored = !o.plan.dryRun
            ignoredUnchanged = c.ignoredUnchanged
            notes = o.notes.map(\.text)
            orgUnits = o.syncedUnits.count
            values = c.computed
            new = c.new
            changed = c.changed
            unchanged = c.unchanged
            imported = c.imported
            updated = c.updated
            ignored = c.ignored
            deleted = c.deleted
            conflicts = o.conflictLines
            withoutGeometry = o.syncedUnits.filter { $0.geometry == nil }.map(\.id)
            outsideRaster = o.table.outsideRaster
            mismatches = c.mismatches
            reports = o.reportFiles
            repairedBoundaries = o.repairedBoundaries.map {
                Repair(
                    id: $0.id, name: $0.name ?? $0.id, problems: $0.problems, areaBefore: $0.areaBefore, areaAfter: $0.areaAfter,
                    relativeChange: $0.relativeChange)
            }
        }
    }
}

/// An optional written as JSON `null` rather than left out.
struct Nullable<Value: Encodable>: Encodable {
    var value: Value?
    init(_ value: Value?) { self.value = value }

    func encode(to encoder: Encoder) throws {
        var c = encoder.singleValueContainer()
        if let value { try c.encode(value) } else { try c.encodeNil() }
    }
}
