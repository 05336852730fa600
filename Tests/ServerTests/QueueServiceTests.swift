import Audit
import Foundation
import TestSupport
import Testing

@testable import Server

/// The queue's worker is a service of the server's group: started with the server (`start` as
/// `run`), and stopped with it — a job still running is then recorded as interrupted, never left
/// "running" in the audit store.
@Suite struct QueueServiceTests {
    @Test(.timeLimit(.minutes(HangGuard.minutes))) func stoppingTheServerStopsTheRunningJobAndRecordsIt() async throws {
        try await withServer { h in
            h.standIn.options.answerDelay = .seconds(60)
            let (status, job) = try await h.json("POST", "/api/jobs", body: #"{"kind": "sync"}"#)
            #expect(status == 202)
            let id = try #require(job["id"] as? Int)
            _ = try await poll("job \(id) to start") {
                try h.queue.audit.job(id: Int64(id))?.status == .running ? true : nil
            }
            await h.server.stop()
            let stopped = try #require(try h.queue.audit.job(id: Int64(id)))
            #expect(stopped.status == .failed)
            #expect(stopped.error?.contains("interrupted") == true, "\(stopped.error ?? "")")
            // The queue takes nothing once its worker has stopped.
            #expect(throws: JobError.self) { try h.queue.submit(JobRequest(kind: .preview)) }
            h.standIn.options.answerDelay = nil
        }
    }
}
