import Audit
import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Foundation
import Testing

@testable import Sync

/// `undo N` while run N is still sending values, and two `undo N` at once.
@Suite struct UndoRulesTests {
    func totals(_ h: Harness) -> [DataValue] { h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID } }

    @Test func aRunWhoseProcessIsStillImportingIsNotUndone() async throws {
        try await withHarness { h in
            let done = try await h.runner.run(h.plan())
            #expect(totals(h).count == 7)
            // Another import, begun by a live process (this one) and not finished: its values are recorded
            // before they are sent, so an undo now would delete what has arrived and miss what is to come.
            let server = h.client.connection.baseURL.absoluteString
            let running = try h.audit.begin(AuditRun(kind: "sync", user: "cron", server: server, command: "sync --config sync.yaml"))
            let id = try #require(running.id)
            try h.audit.record(
                values: try h.audit.values(ofRun: done.runID!).map { value in
                    var v = value
                    v.runId = id
                    v.value = "1"
                    v.previousValue = value.value
                    v.action = .updated
                    return v
                })
            let refused = await #expect(throws: AuditError.self) {
                _ = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: id, command: "undo")
            }
            let host = ProcessInfo.processInfo.hostName
            #expect(refused == .stillRunning(id, host: host, pid: ProcessInfo.processInfo.processIdentifier))
            #expect(
                refused?.description.hasPrefix(
                    "run \(id) is still running (process \(ProcessInfo.processInfo.processIdentifier) on this machine): undoing it now")
                    == true)
            #expect(try h.audit.run(id: id)?.undoneBy == nil)
            #expect(try h.audit.runs().filter { $0.kind == "undo" }.isEmpty, "no undo run was recorded")
            #expect(totals(h).count == 7, "nothing was sent")

            // Once it has finished (or its process is gone: interrupted), it can be undone.
            try h.audit.finish(runID: id, status: .succeeded)
            #expect(throws: Never.self) { _ = try h.audit.undoPlan(forRun: id) }
        }
    }

    @Test func twoUndosOfOneRunAtOnceSendTheDeletesOnce() async throws {
        try await withHarness { h in
            let done = try await h.runner.run(h.plan())
            let run = try #require(done.runID)
            #expect(totals(h).count == 7)
            // A slow DHIS2, so that both have checked the run before either has finished.
            var options = h.standIn.options
            options.answerDelay = .milliseconds(400)
            h.standIn.options = options
            // Two processes: two connections to the one audit file.
            let other = try AuditLog(path: h.audit.path)
            async let first = Result.of { try await UndoRunner(client: h.client, audit: h.audit).undo(runID: run, command: "undo (1)") }
            async let second = Result.of { try await UndoRunner(client: h.client, audit: other).undo(runID: run, command: "undo (2)") }
            let outcomes = await [first, second]
            let succeeded = outcomes.compactMap { try? $0.get() }
            #expect(succeeded.count == 1)
            #expect(succeeded.first?.deleted.deleted == 7)
            let refusals = outcomes.compactMap { outcome -> AuditError? in
                if case .failure(let error) = outcome { return error as? AuditError }
                return nil
            }
            #expect(refusals.count == 1)
            if let undoID = succeeded.first?.undoRunID {
                #expect(
                    refusals.first == .undoInProgress(run, by: undoID) || refusals.first == .alreadyUndone(run, by: undoID), "\(refusals)")
                #expect(try h.audit.run(id: run)?.undoneBy == undoID)
            }
            #expect(try h.audit.runs().filter { $0.kind == "undo" }.count == 1)
            #expect(totals(h).isEmpty)
        }
    }
}

extension Result where Failure == any Error {
    static func of(_ body: () async throws -> Success) async -> Result {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}
