import Audit
import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Foundation
import TestSupport
import Testing
import Zonal

@testable import Sync

/// Whole syncs against DHIS2 2.43 and master, and through the async faults of 2.41/2.42.
@Suite struct DHIS2ReleaseSyncTests {
    func standIn(_ version: String) -> DHIS2StandIn.Options {
        var o = DHIS2StandIn.Options(version: version)
        o.account = .integration()
        return o
    }

    /// An administrator puts *Population (WorldPop)* into a data set of their own: 2.43 then
    /// refuses every value whose request does not name the data set (E8002). Ours are named.
    @Test(arguments: ["2.43.1", "2.44-SNAPSHOT"])
    func aSecondDataSetHoldingAWorldPopElementChangesNothing(version: String) async throws {
        try await withHarness(standIn(version)) { h in
            let first = try await h.runner.run(h.plan())
            try first.requireComplete()
            let admin: [String: Any] = [
                "id": "AdminPopDS1", "name": "Population (entry)", "periodType": "Yearly",
                "dataSetElements": [["dataElement": ["id": PopulationMetadata.totalDataElementID]]],
                "organisationUnits": h.standIn.metadataObject("dataSets", PopulationMetadata.dataSetID)?["organisationUnits"] ?? [],
            ]
            h.standIn.putMetadata("dataSets", admin)
            for v in h.standIn.storedValues { h.standIn.remove(v) }
            let again = try await h.runner.run(h.plan())
            try again.requireComplete()
            #expect(again.created.count == 7)
            #expect(h.standIn.storedValues.count == 7)
            #expect(again.importResult?.summary.updated == 7, "2.43 counts new values as updated")
            #expect(again.importResult?.summary.imported == 0)
            #expect(again.importCountNotes.contains { $0.contains("counts every value it stores as updated") })
            #expect(again.readBackNote == "Read back from DHIS2: all 7 value(s) sent are stored as sent.")
            #expect(again.notes.contains { $0.text.contains("newer than 2.43") } == version.hasPrefix("2.44"))
            _ = try await UndoRunner(client: h.client, audit: h.audit).undo(runID: again.runID!, command: "undo")
            #expect(h.standIn.storedValues.isEmpty)
        }
    }

    /// 2.41/2.42 lose a job's summary when a poll races its end; the run ends by itself, exit 0,
    /// every value read back.
    @Test(arguments: ["2.41.1", "2.42.0"])
    func anAsyncSyncWhoseSummaryIsLostEndsOnTheReadBack(version: String) async throws {
        var o = standIn(version)
        o.summaryRace = true
        try await withHarness(o) { h in
            var plan = h.plan()
            plan.importOptions.async = true
            plan.importOptions.chunkSize = 3
            plan.importOptions.summaryDeadline = .milliseconds(100)
            let outcome = try await h.runner.run(plan)
            try outcome.requireComplete()
            #expect(outcome.importResult?.jobsWithoutSummary.count == 3)
            #expect(h.standIn.storedValues.count == 7)
            #expect(outcome.importCountNotes.contains { $0.contains("kept no summary for 3 import job(s)") })
            #expect(try h.audit.run(id: outcome.runID!)?.status == .succeeded)
        }
    }

    /// An ERROR that does not end the job (a skipped item) is not a failed run.
    @Test func anErrorNotificationThatDoesNotEndTheJobIsAWarning() async throws {
        var o = standIn("2.42.0")
        o.jobItemError = "Failed to update statistics"
        try await withHarness(o) { h in
            var plan = h.plan()
            plan.importOptions.async = true
            let outcome = try await h.runner.run(plan)
            try outcome.requireComplete()
            #expect(h.standIn.storedValues.count == 7)
            #expect(outcome.importCountNotes.contains("DHIS2's import job reported and went on: Failed to update statistics"))
        }
    }

    /// A job that fails stops the run, which reads back and says how much reached DHIS2.
    @Test func aFailedJobSaysWhatReachedDHIS2() async throws {
        var o = standIn("2.42.0")
        o.failImportJob = 2
        try await withHarness(o) { h in
            var plan = h.plan()
            plan.importOptions.async = true
            plan.importOptions.chunkSize = 3
            await #expect {
                _ = try await h.runner.run(plan)
            } throws: { error in
                guard case SyncError.importStopped(let reason, let stored, let total) = error else { return false }
                return reason.contains("could not serialize access") && stored == 3 && total == 7
                    && String(describing: error).contains("3 of the 7 value(s) sent are stored")
            }
            #expect(h.standIn.storedValues.count == 3)
            let run = try #require(try h.audit.runs().first)
            #expect(run.status == .failed)
        }
    }
}
