import Audit
import Foundation
import Sync
import TestSupport
import Testing

@testable import Server

/// Clients that send more than they should: misspelt keys, and more jobs than anyone can wait for.
@Suite struct JobQueueBoundTests {
    @Test func unknownKeysInAJobAreRefusedNotDropped() async throws {
        try await withServer { h in
            // "dryrun" for "dryRun": dropped, this imported for real.
            let (status, data) = try await h.call("POST", "/api/jobs", body: #"{"kind": "sync", "dryrun": true}"#)
            #expect(status == 400)
            let error = try #require((try JSONSerialization.jsonObject(with: data) as? [String: String])?["error"])
            #expect(
                error == "unknown key 'dryrun' of the job request: use one of dryRun, kind, language, levels, product, run, within, years")
            // Set by the server, never by the client.
            let (spoofed, spoofedBody) = try await h.call("POST", "/api/jobs", body: #"{"kind": "preview", "requestedBy": "amina"}"#)
            #expect(spoofed == 400)
            #expect(String(decoding: spoofedBody, as: UTF8.self).contains("unknown key 'requestedBy'"))
            let (wrongType, typeBody) = try await h.call("POST", "/api/jobs", body: #"{"kind": "sync", "dryRun": "yes"}"#)
            #expect(wrongType == 400)
            #expect(String(decoding: typeBody, as: UTF8.self).contains("dryRun has the wrong type"))
            #expect(try await h.call("POST", "/api/jobs", body: #"[{"kind": "sync"}]"#).0 == 400)
            let (null, nullBody) = try await h.call("POST", "/api/jobs", body: #"{"kind": "sync", "dryRun": null}"#)
            #expect(null == 400)
            #expect(String(decoding: nullBody, as: UTF8.self).contains("dryRun is null: leave it out"))
            #expect(try h.queue.audit.jobs().isEmpty)
            #expect(h.standIn.storedValues.isEmpty)
            // The key as written is taken.
            let (ok, job) = try await h.json("POST", "/api/jobs", body: #"{"kind": "sync", "dryRun": true}"#)
            #expect(ok == 202)
            let done = try await h.finished(try #require(job["id"] as? Int))
            #expect(done["status"] as? String == "succeeded", "\(done["error"] ?? "")")
            #expect(h.standIn.storedValues.isEmpty, "a dry run sends nothing")
        }
    }

    @Test func aServeSectionWithAnUnknownKeyIsRefused() throws {
        let dir = temporaryDirectory()
        let config = try ServerHarness.writeConfig(in: dir, dhis2: URL(string: "http://127.0.0.1:9")!, token: "t")
        try (String(contentsOf: config, encoding: .utf8) + "serve:\n  queueLimt: 5\n").write(to: config, atomically: true, encoding: .utf8)
        let error = #expect(throws: (any Error).self) { try SettingsFile.load(config.path) }
        #expect(
            "\(error!)"
                == "unknown key 'queueLimt' in 'serve' of '\(config.path)': use one of allowedHosts, publicURL, queueLimit, trustedProxies")
    }

    @Test(.timeLimit(.minutes(HangGuard.minutes))) func theQueueIsBoundedAndAnIdenticalRequestGetsTheWaitingJob() async throws {
        try await withServer(serve: serveSettings(queueLimit: 3)) { h in
            // A slow DHIS2 keeps the first job running while the others wait.
            h.standIn.options.answerDelay = .seconds(60)
            let (_, first) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview"}"#)
            let running = try #require(first["id"] as? Int)
            _ = try await poll("job \(running) to start") {
                try await h.json("GET", "/api/jobs/\(running)").1["status"] as? String == "running" ? true : nil
            }

            var waiting: [Int] = []
            for body in [
                #"{"kind": "preview", "dryRun": true}"#, #"{"kind": "preview", "years": "2020"}"#, #"{"kind": "preview", "levels": "2"}"#,
            ] {
                let (status, job) = try await h.json("POST", "/api/jobs", body: body)
                #expect(status == 202, "\(body)")
                waiting.append(try #require(job["id"] as? Int))
            }
            #expect(h.queue.waitingCount == 3)
            let (full, refusal) = try await h.json("POST", "/api/jobs", body: #"{"kind": "sync", "dryRun": true}"#)
            #expect(full == 429)
            #expect(refusal["queued"] as? Int == 3 && refusal["limit"] as? Int == 3)
            #expect((refusal["error"] as? String)?.contains("3 jobs are waiting (the limit is 3, serve --queue-limit") == true)
            // The same request as a waiting one: that job, not a new one (also when the queue is full).
            let (again, same) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview", "years": "2020"}"#)
            #expect(again == 202)
            #expect(same["id"] as? Int == waiting[1])
            #expect(same["status"] as? String == "queued")
            // One running, three waiting: neither the refused request nor the repeated one added a job.
            #expect(try h.queue.audit.jobs().count == 4)
            await h.queue.drain(grace: .zero, reason: "the test is over")
        }
    }
}
