import DHIS2
import DenominatorMetadata
import Foundation
import GRDB
import ProgramInfo
import Sync
import Synchronization
import TestSupport
import Testing
import Yams

@testable import Audit
@testable import Server

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

@Suite struct ServerAPITests {
    @Test func previewThenImportThenUndo() async throws {
        try await withServer { h in
            // Preview: computed and reported, nothing sent.
            let (status, queued) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview"}"#)
            #expect(status == 202)
            #expect(queued["status"] as? String == "queued")
            let preview = try await h.finished(queued["id"] as! Int)
            #expect(preview["status"] as? String == "succeeded", "\(preview["error"] ?? "")")
            #expect(h.standIn.storedValues.isEmpty)
            let (_, results) = try await h.json("GET", "/api/jobs/\(preview["id"]!)/results?format=json")
            let rows = try #require(results["rows"] as? [[String: Any]])
            #expect(rows.count == 8)
            let expected = try expectedPopulations()
            for row in rows {
                let id = row["id"] as! String
                if let e = expected[id] {
                    #expect(abs((row["population"] as! Double) - e) < 1e-6, "\(id)")
                } else {
                    #expect(row["name"] as? String == "Unmapped district")
                    #expect(row["population"] == nil)
                }
            }
            let (csvStatus, csv) = try await h.call("GET", "/api/jobs/\(preview["id"]!)/results?format=csv")
            #expect(csvStatus == 200)
            #expect(String(decoding: csv, as: UTF8.self).split(separator: "\n").count >= 8)
            let (_, geo) = try await h.json("GET", "/api/jobs/\(preview["id"]!)/results?format=geojson")
            #expect((geo["features"] as? [Any])?.count == 7)

            // Import: the same pipeline as sync.
            let (_, syncJob) = try await h.json("POST", "/api/jobs", body: #"{"kind": "sync", "years": "2020", "levels": "2"}"#)
            let sync = try await h.finished(syncJob["id"] as! Int)
            #expect(sync["status"] as? String == "succeeded", "\(sync["error"] ?? "")")
            let stored = h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }
            #expect(stored.count == 7)
            #expect(Dictionary(uniqueKeysWithValues: stored.map { ($0.orgUnit, $0.value) }) == expected.mapValues { DataValue.format($0) })
            let run = try #require(sync["runId"] as? Int)
            let (_, runsData) = try await h.call("GET", "/api/runs")
            let runs = try #require(try JSONSerialization.jsonObject(with: runsData) as? [[String: Any]])
            #expect(runs.first?["id"] as? Int == run)
            #expect(runs.first?["status"] as? String == "succeeded")

            // Undo from the API; a second undo is refused.
            let (undoStatus, undoJob) = try await h.json("POST", "/api/runs/\(run)/undo")
            #expect(undoStatus == 202)
            let undo = try await h.finished(undoJob["id"] as! Int)
            #expect(undo["status"] as? String == "succeeded", "\(undo["error"] ?? "")")
            #expect(h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }.isEmpty)
            let (again, message) = try await h.json("POST", "/api/runs/\(run)/undo")
            #expect(again == 409)
            #expect((message["error"] as? String)?.contains("already undone") == true)
        }
    }

    @Test func theAccessKeyIsRequiredEverywhere() async throws {
        try await withServer { h in
            for path in ["/", "/api/jobs", "/api/runs", "/api/status", "/openapi.yaml", "/static/leaflet/leaflet.js"] {
                let (status, body) = try await h.call("GET", path, key: nil)
                #expect(status == 401, "\(path)")
                #expect(String(decoding: body, as: UTF8.self).contains("access key"))
            }
            #expect(try await h.call("GET", "/api/status", key: "wrong").0 == 401)
            #expect(try await h.call("POST", "/api/jobs", body: #"{"kind": "sync"}"#, key: nil).0 == 401)
            #expect(h.standIn.storedValues.isEmpty)
            // The browser's way: /?key= sets a cookie.
            let (status, _) = try await h.call("GET", "/?key=\(accessKey)", key: nil)
            #expect(status == 200)
            // Secrets stay on the server.
            let (_, page) = try await h.call("GET", "/")
            let (_, statusBody) = try await h.call("GET", "/api/status")
            for text in [page, statusBody].map({ String(decoding: $0, as: UTF8.self) }) {
                #expect(!text.contains(h.standIn.options.token!))
            }
        }
    }

    @Test func badRequestsGetClearJSONErrors() async throws {
        try await withServer { h in
            let cases: [(String, String, String)] = [
                ("POST", "not json", "must be JSON"),
                ("POST", #"{"kind": "launch"}"#, "must be JSON"),
                ("POST", #"{"kind": "preview", "years": "last year"}"#, "years 'last year'"),
                ("POST", #"{"kind": "preview", "levels": "2; rm -rf"}"#, "levels '2; rm -rf'"),
                ("POST", #"{"kind": "preview", "product": "everything"}"#, "product 'everything'"),
                ("POST", #"{"kind": "preview", "years": "2019"}"#, "covers 2020–2020, not 2019"),
                ("POST", #"{"kind": "undo"}"#, "undo needs"),
                ("POST", #"{"kind": "preview", "language": "de"}"#, "language 'de' has no catalogue: give one of en, es, fr, pt"),
            ]
            for (method, body, message) in cases {
                let (status, data) = try await h.call(method, "/api/jobs", body: body)
                #expect(status == 400, "\(body)")
                let error = (try? JSONSerialization.jsonObject(with: data) as? [String: String])?["error"] ?? ""
                #expect(error.contains(message), "\(body): \(error)")
            }
            #expect(try await h.call("POST", "/api/jobs", body: #"{"kind": "undo", "run": 99}"#).0 == 404)
            #expect(try await h.call("GET", "/api/jobs/12345").0 == 404)
            #expect(try await h.call("GET", "/api/jobs/1/results?format=xml").0 == 404)
            #expect(try await h.call("POST", "/api/runs/abc/undo").0 == 400)
            #expect(try h.queue.audit.jobs().isEmpty)
        }
    }

    @Test func anInterruptedJobIsFailedAtTheNextStart() async throws {
        let dir = temporaryDirectory()
        let audit = try AuditLog(path: dir.appendingPathComponent("audit.sqlite").path)
        var job = try audit.insert(job: AuditJob(kind: "sync", trigger: "schedule", parameters: #"{"kind":"sync"}"#))
        job.status = .running
        try audit.update(job: job)
        let client = DHIS2Client(connection: DHIS2Connection(baseURL: URL(string: "http://127.0.0.1:9")!, credentials: .token("t")))
        _ = try JobQueue(audit: audit, client: client, workDirectory: dir) { _, _, _ in throw JobError.badRequest("unused") }
        let after = try #require(try audit.job(id: job.id!))
        #expect(after.status == .failed)
        #expect(after.error?.contains("interrupted") == true)
    }

    @Test func openingTheServerBeyondLoopbackNeedsAKey() throws {
        let settings = { () -> ServerSettings in
            var s = ServerSettings(defaults: JobRequest(kind: .preview), target: "x", productDescription: "y")
            s.host = "0.0.0.0"
            return s
        }()
        let dir = temporaryDirectory()
        let audit = try AuditLog(path: ":memory:")
        let client = DHIS2Client(connection: DHIS2Connection(baseURL: URL(string: "http://127.0.0.1:9")!, credentials: .token("t")))
        let queue = try JobQueue(audit: audit, client: client, workDirectory: dir) { _, _, _ in throw JobError.badRequest("unused") }
        // A start-up setting, refused as one (exit 64 on the command line), not as a job's error.
        let error = #expect(throws: SettingsError.self) { try WorldPopServer(settings: settings, queue: queue, audit: audit) }
        #expect(error?.description.contains("set an access key") == true)
    }

    @Test func theOpenAPIFileIsServedAndDescribesEveryRoute() async throws {
        try await withServer { h in
            let (status, served) = try await h.call("GET", "/openapi.yaml")
            #expect(status == 200)
            let file = try String(contentsOf: repoRoot.appendingPathComponent("Sources/Server/Public/openapi.yaml"), encoding: .utf8)
            #expect(String(decoding: served, as: UTF8.self) == file)
            let doc = try #require(try Yams.load(yaml: file) as? [String: Any])
            let paths = Set((doc["paths"] as? [String: Any] ?? [:]).keys)
            // The API's version is the program's (ProgramInfo), not a second number to keep in step.
            #expect((doc["info"] as? [String: Any])?["version"] as? String == Program.version)
            #expect(
                paths == [
                    "/api/login", "/api/me", "/api/logout", "/api/session", "/api/status", "/api/jobs", "/api/jobs/{id}",
                    "/api/jobs/{id}/results", "/api/runs", "/api/runs/{id}/undo",
                ])
        }
    }
}

@Suite struct ServerFailureTests {
    /// The audit store failing is the server's fault: 500 with a JSON error, never a 400 (the
    /// request was fine) nor a 404 (the job may well exist).
    @Test func aBrokenAuditStoreAnswers500NotABadRequest() async throws {
        try await withServer { h in
            let (queued, first) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview"}"#)
            #expect(queued == 202)
            _ = try await h.finished(try #require(first["id"] as? Int))
            try h.queue.audit.db.write { try $0.execute(sql: "ALTER TABLE job RENAME TO job_elsewhere") }

            let (status, body) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview"}"#)
            #expect(status == 500)
            #expect((body["error"] as? String)?.contains("no such table: job") == true, "\(body)")
            for path in ["/api/jobs/1", "/api/jobs/1/results", "/api/jobs"] {
                let (status, body) = try await h.json("GET", path)
                #expect(status == 500, "\(path)")
                #expect((body["error"] as? String)?.hasPrefix("the server failed:") == true, "\(path): \(body)")
            }
            // A request the server refuses is still the client's fault.
            #expect(try await h.json("POST", "/api/jobs", body: #"{"kind": "preview", "years": "next year"}"#).0 == 400)
            try h.queue.audit.db.write { try $0.execute(sql: "ALTER TABLE job_elsewhere RENAME TO job") }
        }
    }
}

@Suite struct PublicFileTests {
    /// GET with the key; the status, Content-Type and body.
    func get(_ h: ServerHarness, _ path: String) async throws -> (status: Int, type: String?, body: Data) {
        var request = URLRequest(url: URL(string: h.url.absoluteString + path)!)
        request.setValue(accessKey, forHTTPHeaderField: "X-Access-Key")
        let (data, response) = try await h.session.data(for: request)
        let http = try #require(response as? HTTPURLResponse)
        return (http.statusCode, http.value(forHTTPHeaderField: "Content-Type"), data)
    }

    @Test func eachFileIsServedAsItIsWithItsOwnContentType() async throws {
        try await withServer { h in
            let page = try await get(h, "/")
            #expect(page.status == 200 && page.type == "text/html; charset=utf-8")
            let folder = repoRoot.appendingPathComponent("Sources/Server/Public")
            let files = [
                ("/openapi.yaml", "application/yaml; charset=utf-8"), ("/static/page.js", "text/javascript; charset=utf-8"),
                ("/static/page.css", "text/css; charset=utf-8"),
            ]
            for (path, type) in files {
                let served = try await get(h, path)
                #expect(served.status == 200, "\(path)")
                #expect(served.type == type, "\(path): \(served.type ?? "no type")")
                #expect(served.body == (try Data(contentsOf: folder.appendingPathComponent(String(path.dropFirst())))), "\(path)")
            }
            // Leaflet from Debian's folder; a file it lacks is named with the way to get it.
            let leaflet = try await get(h, "/static/leaflet/leaflet.js")
            #expect(leaflet.status == 200 && leaflet.type == "text/javascript; charset=utf-8")
            let missing = try await get(h, "/static/leaflet/no-such-file.js")
            #expect(missing.status == 404)
            #expect(String(decoding: missing.body, as: UTF8.self).contains("apt-get install libjs-leaflet"))
            // Nothing outside the folders, and nothing without the key.
            #expect(try await get(h, "/static/%2e%2e/%2e%2e/Package.swift").status == 400)
            var stranger = BrowserLikeClient(base: h.url)
            #expect(try await stranger.call("GET", "/static/page.js").status == 401)
            #expect(try await stranger.call("GET", "/openapi.yaml").status == 401)
        }
    }
}

/// A clock that moves only when the test says: the schedule is tested without waiting for a real minute.
final class ManualClock: ScheduleClock {
    /// The time, and the last time a sleeper looked at it and went on waiting.
    private let state: Mutex<(time: Date, waitedAt: Date?)>

    init(_ start: Date) { state = Mutex((start, nil)) }

    var now: Date { state.withLock { $0.time } }

    func advance(by seconds: TimeInterval) { state.withLock { $0.time += seconds } }

    /// True once a sleeper has seen the clock's present time and decided to wait on: what it
    /// would have done at this time (fire) it has done.
    var sleeperWaitsAtNow: Bool { state.withLock { $0.waitedAt == $0.time } }

    func sleep(until date: Date) async throws {
        while true {
            let due = state.withLock { s -> Bool in
                if s.time >= date { return true }
                s.waitedAt = s.time
                return false
            }
            if due { return }
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

@Suite struct ScheduleTests {
    /// Every minute, from 10:07:30: nothing before 10:08, then one full sync that imports.
    @Test(.timeLimit(.minutes(HangGuard.minutes))) func theScheduleQueuesASyncThatImports() async throws {
        let clock = ManualClock(ISO8601DateFormatter().date(from: "2026-11-25T10:07:30Z")!)
        try await withServer(schedule: "* * * * *", clock: clock) { h in
            func status() async throws -> [String: Any] { try await h.json("GET", "/api/status").1 }
            func scheduled() throws -> [AuditJob] { try h.queue.audit.jobs().filter { $0.trigger == "schedule" } }
            _ = try await poll("the schedule's next sync to be known", timeout: .seconds(5)) { try await status()["nextScheduledSync"] }
            let before = try await status()
            #expect(before["schedule"] as? String == "* * * * *")
            #expect(before["nextScheduledSync"] as? String == "2026-11-25T10:08:00Z")

            clock.advance(by: 29)
            _ = try await poll("the scheduler to see 10:07:59", timeout: .seconds(10)) { clock.sleeperWaitsAtNow ? true : nil }
            #expect(try scheduled().isEmpty, "fired before its minute")

            clock.advance(by: 1)
            let fired = try await poll(
                "the scheduled sync to finish", timeout: .seconds(120),
                lastSeen: { (try? scheduled().first?.status.rawValue) ?? "no job" },
                until: { () -> AuditJob? in try scheduled().first.flatMap { [.succeeded, .failed].contains($0.status) ? $0 : nil } })
            #expect(fired.kind == "sync")
            #expect(fired.status == .succeeded, "\(fired.error ?? "")")
            #expect(h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }.count == 7)
            #expect(try h.queue.audit.run(id: try #require(fired.runId))?.user == "serve (schedule)")
            // Once per minute: the next is 10:09, and nothing more was queued meanwhile.
            #expect(try await status()["nextScheduledSync"] as? String == "2026-11-25T10:09:00Z")
            #expect(try scheduled().count == 1)
        }
    }
}
