import Foundation
import Synchronization
import Testing

@testable import Audit

/// Claiming an undo in the audit store: one undo of a run at a time, and never of a run still running.
@Suite struct UndoClaimTests {
    func finishedRun(_ log: AuditLog) throws -> Int64 {
        let run = try log.begin(AuditRun(kind: "sync", user: "u", server: "s", command: "sync"))
        try log.record(values: [
            AuditValue(
                runId: run.id!, dataElement: "de", period: "2020", orgUnit: "ou1", categoryOptionCombo: "coc",
                attributeOptionCombo: "aoc", value: "10", previousValue: nil, action: .created)
        ])
        try log.finish(runID: run.id!, status: .succeeded)
        return run.id!
    }

    func undoRun() -> AuditRun { AuditRun(kind: "undo", user: "u", server: "s", command: "undo") }

    @Test func runningRunsAreRefusedUnlessTheirProcessIsGone() throws {
        let log = try AuditLog(path: ":memory:")
        let live = try log.begin(AuditRun(kind: "sync", user: "u", server: "s", command: "sync"))
        let me = ProcessInfo.processInfo
        #expect(throws: AuditError.stillRunning(live.id!, host: me.hostName, pid: me.processIdentifier)) {
            try log.undoPlan(forRun: live.id!)
        }
        #expect(throws: AuditError.self) { try log.claimUndo(ofRun: live.id!, as: undoRun()) }
        var dead = AuditRun(kind: "sync", user: "u", server: "s", command: "sync")
        dead.pid = Int32.max  // no such process: it can never finish, as `interrupted`
        dead = try log.begin(dead)
        #expect(throws: Never.self) { try log.undoPlan(forRun: dead.id!) }
        // Another machine's processes cannot be seen: its running run is refused, with the way out.
        var elsewhere = AuditRun(kind: "sync", user: "u", server: "s", command: "sync")
        elsewhere.host = "other-host.example"
        elsewhere = try log.begin(elsewhere)
        let error = #expect(throws: AuditError.self) { try log.undoPlan(forRun: elsewhere.id!) }
        #expect(error?.description.contains("on other-host.example") == true)
        #expect(error?.description.contains("`worldpop-dhis2 history` on other-host.example marks the run interrupted") == true)
    }

    @Test func aClaimHoldsWhileItsUndoRunsAndAFailedUndoReleasesIt() throws {
        let log = try AuditLog(path: ":memory:")
        let id = try finishedRun(log)
        let (plan, first) = try log.claimUndo(ofRun: id, as: undoRun())
        #expect(plan.deletes.map(\.orgUnit) == ["ou1"])
        #expect(first.undoes == id)
        #expect(throws: AuditError.undoInProgress(id, by: first.id!)) { try log.claimUndo(ofRun: id, as: undoRun()) }
        #expect(throws: AuditError.undoInProgress(id, by: first.id!)) { try log.undoPlan(forRun: id) }
        // The undo failed (DHIS2 unreachable): the run may be undone again.
        try log.finish(runID: first.id!, status: .failed)
        let (_, second) = try log.claimUndo(ofRun: id, as: undoRun())
        try log.finish(runID: second.id!, status: .succeeded)
        try log.markUndone(runID: id, by: second.id!)
        #expect(throws: AuditError.alreadyUndone(id, by: second.id!)) { try log.claimUndo(ofRun: id, as: undoRun()) }
    }

    @Test func ofManyClaimsAtOnceFromSeveralConnectionsExactlyOneWins() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("wpd-claim-\(UUID().uuidString)/audit.sqlite").path
        let id = try finishedRun(try AuditLog(path: path))
        let wins = Mutex(0)
        let refusals = Mutex<[AuditError]>([])
        DispatchQueue.concurrentPerform(iterations: 6) { _ in
            do {
                _ = try AuditLog(path: path).claimUndo(ofRun: id, as: undoRun())
                wins.withLock { $0 += 1 }
            } catch {
                refusals.withLock { $0.append(error as! AuditError) }
            }
        }
        #expect(wins.withLock { $0 } == 1)
        let claimed = try #require(try AuditLog(path: path).runs().first { $0.kind == "undo" })
        #expect(refusals.withLock { $0 } == Array(repeating: .undoInProgress(id, by: claimed.id!), count: 5))
    }
}
