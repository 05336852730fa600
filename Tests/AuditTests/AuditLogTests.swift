import Foundation
import Testing

@testable import Audit

@Suite struct AuditLogTests {
    func value(_ run: Int64, _ ou: String, _ v: String, previous: String? = nil, _ action: ValueAction) -> AuditValue {
        AuditValue(
            runId: run, dataElement: "deWorldPop1", period: "2020", orgUnit: ou, categoryOptionCombo: "HllvX50cXC0",
            attributeOptionCombo: "HllvX50cXC0", value: v, previousValue: previous, action: action)
    }

    @Test func runsAreRecordedAndListedNewestFirst() throws {
        let log = try AuditLog(path: ":memory:")
        let a = try log.begin(
            AuditRun(
                kind: "sync", user: "alice", server: "https://dhis.example.org",
                command: "sync --year 2020"))
        let b = try log.begin(
            AuditRun(
                kind: "sync", user: "alice", server: "https://dhis.example.org",
                command: "sync --year 2021"))
        try log.finish(runID: a.id!, status: .succeeded, summary: #"{"values":2}"#)
        let runs = try log.runs()
        #expect(runs.map(\.id) == [b.id, a.id])
        #expect(runs[1].status == .succeeded)
        #expect(runs[1].summary == #"{"values":2}"#)
        #expect(runs[1].finishedAt != nil)
        // b's process (this one) is alive: it stays running.
        #expect(try log.markInterruptedRuns() == 0)
        var dead = AuditRun(kind: "sync", user: "u", server: "s", command: "c")
        dead.pid = Int32.max  // above any pid_max: no such process
        dead = try log.begin(dead)
        #expect(try log.markInterruptedRuns() == 1)
        #expect(try log.run(id: dead.id!)?.status == .interrupted)
        #expect(try log.run(id: b.id!)?.status == .running)
    }

    @Test func undoPlanDeletesCreatedAndRestoresOverwritten() throws {
        let log = try AuditLog(path: ":memory:")
        let run = try log.begin(AuditRun(kind: "sync", user: "u", server: "s", command: "c"))
        let id = run.id!
        try log.record(values: [
            value(id, "ou1", "100", .created), value(id, "ou2", "250", previous: "240", .updated),
            value(id, "ou3", "7", previous: "7", .unchanged),
        ])
        try log.finish(runID: id, status: .succeeded)
        let plan = try log.undoPlan(forRun: id)
        #expect(plan.deletes.map(\.orgUnit) == ["ou1"])
        #expect(plan.restores.map(\.orgUnit) == ["ou2"])
        #expect(plan.restores[0].previousValue == "240")

        let undo = try log.begin(AuditRun(kind: "undo", user: "u", server: "s", command: "undo \(id)"))
        try log.markUndone(runID: id, by: undo.id!)
        #expect(throws: AuditError.alreadyUndone(id, by: undo.id!)) { try log.undoPlan(forRun: id) }
        #expect(throws: AuditError.noSuchRun(999)) { try log.undoPlan(forRun: 999) }
    }

    @Test func undoIsRefusedWhenALaterRunRewroteTheSameValues() throws {
        let log = try AuditLog(path: ":memory:")
        let first = try log.begin(AuditRun(kind: "sync", user: "u", server: "s", command: "c")).id!
        try log.record(values: [value(first, "ou1", "100", .created)])
        try log.finish(runID: first, status: .succeeded)
        let second = try log.begin(AuditRun(kind: "sync", user: "u", server: "s", command: "c")).id!
        try log.record(values: [value(second, "ou1", "120", previous: "100", .updated)])
        try log.finish(runID: second, status: .succeeded)
        #expect(throws: AuditError.superseded(first, by: second, count: 1)) { try log.undoPlan(forRun: first) }
        #expect(try log.undoPlan(forRun: second).restores.count == 1)
    }

    @Test func persistsAcrossOpensAndChecksumsFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("wpd-audit-\(UUID().uuidString)")
        let path = dir.appendingPathComponent("audit.sqlite").path
        let file = dir.appendingPathComponent("in.txt").path
        do {
            let log = try AuditLog(path: path)
            let id = try log.begin(AuditRun(kind: "sync", user: "u", server: "s", command: "c")).id!
            try Data("abc".utf8).write(to: URL(fileURLWithPath: file))
            try log.record(inputs: [FileChecksum.input(runID: id, kind: "raster", path: file)])
        }
        let reopened = try AuditLog(path: path)
        let inputs = try reopened.inputs(ofRun: try #require(reopened.runs().first?.id))
        #expect(inputs.first?.size == 3)
        // SHA-256("abc"), FIPS 180-2 test vector.
        #expect(inputs.first?.sha256 == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}
