import DHIS2
import DHIS2StandIn
import DenominatorMetadata
import Foundation
import Testing

/// serve's preview, import and undo on every DHIS2 version whose behaviour differs, as the
/// documented non-superuser integration account, through answers lost after DHIS2 committed.
@Suite struct ServerMatrixTests {
    @Test(arguments: DHIS2StandIn.Options.versionMatrix)
    func previewImportUndo(version: String) async throws {
        var dhis2 = DHIS2StandIn.Options(version: version)
        dhis2.account = .integration()
        dhis2.loseAnswerEveryNthImport = 2
        try await withServer(dhis2: dhis2) { h in
            let (_, queued) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview"}"#)
            let preview = try await h.finished(queued["id"] as! Int)
            #expect(preview["status"] as? String == "succeeded", "\(preview["error"] ?? "")")
            #expect(h.standIn.storedValues.isEmpty)
            #expect(h.standIn.metadataIDs("dataElements").isEmpty, "a preview writes no metadata either")

            let (_, syncJob) = try await h.json("POST", "/api/jobs", body: #"{"kind": "sync"}"#)
            let sync = try await h.finished(syncJob["id"] as! Int)
            #expect(sync["status"] as? String == "succeeded", "\(sync["error"] ?? "")")
            let expected = try expectedPopulations().mapValues { DataValue.format($0) }
            let stored = h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }
            #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.orgUnit, $0.value) }) == expected)

            let (_, undoJob) = try await h.json("POST", "/api/runs/\(sync["runId"] as! Int)/undo")
            let undo = try await h.finished(undoJob["id"] as! Int)
            #expect(undo["status"] as? String == "succeeded", "\(undo["error"] ?? "")")
            #expect(h.standIn.storedValues.isEmpty)
        }
    }
}
