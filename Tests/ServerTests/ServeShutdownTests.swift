import Audit
import Foundation
import TestSupport
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// The built `worldpop-dhis2` beside this test bundle (`swift build --build-tests` makes both).
let serveBinary: URL? = {
    let url = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("worldpop-dhis2")
    return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
}()

/// The real `serve` process, stopped with SIGTERM while a sync sends its values to a slow DHIS2.
@Suite struct ServeShutdownTests {
    struct Running {
        var process: Process
        var url: URL
        var audit: String
        var proxy: HoldingProxy
        /// What `serve` wrote on stderr: its log, shown when a wait gives up.
        var log: URL

        var logTail: String { String(((try? String(contentsOf: log, encoding: .utf8)) ?? "").suffix(1500)) }
    }

    /// Runs `body` with `serve` started, then stops everything (even when `body` throws).
    func withServe(hold: Duration, grace: String, schedule: String? = nil, _ body: (Running) async throws -> Void) async throws {
        let dir = temporaryDirectory()
        let standIn = try ServerHarness.sampleStandIn()
        let dhis2 = try await standIn.start()
        let proxy = HoldingProxy(target: dhis2, hold: hold)
        let proxied = try await proxy.start()
        var process: Process?
        do {
            let config = try ServerHarness.writeConfig(in: dir, dhis2: proxied, token: standIn.options.token!, schedule: schedule)
            let log = dir.appendingPathComponent("serve-stderr.txt")
            let (started, url) = try startServe(config: config, dir: dir, grace: grace, log: log)
            process = started
            try await body(
                Running(process: started, url: url, audit: dir.appendingPathComponent("audit.sqlite").path, proxy: proxy, log: log))
        } catch {
            if let process, process.isRunning { process.terminate() }
            await proxy.stop()
            await standIn.stop()
            throw error
        }
        if let process, process.isRunning { process.terminate() }
        await proxy.stop()
        await standIn.stop()
    }

    /// Starts `serve` on a free port; returns when it listens.
    func startServe(config: URL, dir: URL, grace: String, log: URL) throws -> (Process, URL) {
        let process = Process()
        process.executableURL = serveBinary
        process.arguments = [
            "serve", "--config", config.path, "--port", "0", "--access-key", accessKey, "--work-dir",
            dir.appendingPathComponent("jobs").path,
            "--shutdown-grace", grace, "--log-level", "info",
        ]
        let output = Pipe()
        process.standardOutput = output
        try Data().write(to: log)
        process.standardError = try FileHandle(forWritingTo: log)
        try process.run()
        // "worldpop-dhis2 serving on http://127.0.0.1:PORT/ (API: …)"
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        let address = try #require(text.firstMatch(of: /serving on (http:\/\/[0-9.]+:[0-9]+)\//)?.1, "serve said: \(text)")
        return (process, URL(string: String(address))!)
    }

    func post(_ url: URL, _ path: String, _ body: String) async throws -> [String: Any] {
        var request = URLRequest(url: URL(string: url.absoluteString + path)!)
        request.httpMethod = "POST"
        request.setValue(accessKey, forHTTPHeaderField: "X-Access-Key")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        // A session of its own (see ServerHarness.session).
        let session = URLSession(configuration: .ephemeral)
        defer { session.finishTasksAndInvalidate() }
        let (data, _) = try await session.data(for: request)
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Sends SIGTERM and waits (bounded) for the process to exit; returns its exit status.
    func terminate(_ process: Process, within limit: Duration) async throws -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        return try await exit(of: process, within: limit)
    }

    /// Waits (bounded) for the process to exit after the SIGTERM sent; returns its exit status.
    func exit(of process: Process, within limit: Duration) async throws -> Int32 {
        try await poll("serve to exit after SIGTERM", timeout: limit) { process.isRunning ? nil : process.terminationStatus }
    }

    /// Waits until the sync's values are being sent (held by the proxy). A bound against a hang,
    /// not a stopwatch: on a loaded 2-core CI machine the sync shares the cores with every other
    /// suite. Giving up, it says what the job's record and serve's log said.
    func waitForImport(_ serve: Running, job: [String: Any]) async throws {
        _ = try await poll(
            "the sync to send its values (held by the proxy)", timeout: .seconds(150),
            lastSeen: {
                let record = (job["id"] as? Int).flatMap { try? AuditLog(path: serve.audit).job(id: Int64($0)) }
                return "\(serve.proxy.importsHeld) import(s) held; job \(record.map { "\($0.status) \($0.error ?? "")" } ?? "not found");"
                    + " serve's log ends: \(serve.logTail)"
            }, until: { serve.proxy.importsHeld > 0 ? true : nil })
    }

    @Test(.enabled(if: serveBinary != nil, "needs the built worldpop-dhis2 beside the tests"), .timeLimit(.minutes(HangGuard.minutes)))
    func sigtermRecordsAJobThatCannotFinishAsInterrupted() async throws {
        try await withServe(hold: .seconds(600), grace: "1") { serve in
            let job = try await post(serve.url, "/api/jobs", #"{"kind": "sync"}"#)
            try await waitForImport(serve, job: job)
            let running = try AuditLog(path: serve.audit)
            #expect(try running.job(id: Int64(job["id"] as! Int))?.status == .running)
            #expect(try running.runs().first?.status == .running)

            #expect(try await terminate(serve.process, within: .seconds(20)) == 0)
            let audit = try AuditLog(path: serve.audit)
            let after = try #require(try audit.job(id: Int64(job["id"] as! Int)))
            #expect(after.status == .failed)
            #expect(after.error?.contains("interrupted") == true, "\(after.error ?? "")")
            #expect(after.finishedAt != nil)
            let run = try #require(try audit.runs().first)
            #expect(run.status == .interrupted)
            #expect(run.finishedAt != nil)
            // What the run recorded before stopping is still there for undo.
            #expect(try audit.values(ofRun: run.id!).count == 7)
        }
    }

    @Test(.enabled(if: serveBinary != nil, "needs the built worldpop-dhis2 beside the tests"), .timeLimit(.minutes(HangGuard.minutes)))
    func sigtermLetsTheRunningJobFinishWithinTheGrace() async throws {
        try await withServe(hold: .seconds(600), grace: "60") { serve in
            let job = try await post(serve.url, "/api/jobs", #"{"kind": "sync"}"#)
            try await waitForImport(serve, job: job)
            let queued = try await post(serve.url, "/api/jobs", #"{"kind": "preview"}"#)

            // DHIS2 answers only once serve has begun to stop: the sync then finishes within the
            // grace, and the preview must not start (a fixed hold raced the SIGTERM on a loaded machine).
            kill(serve.process.processIdentifier, SIGTERM)
            _ = try await poll("serve to begin stopping", timeout: .seconds(60), lastSeen: { serve.logTail }) {
                serve.logTail.contains("stopping: waiting") ? true : nil
            }
            serve.proxy.release()
            #expect(try await exit(of: serve.process, within: .seconds(60)) == 0)
            let audit = try AuditLog(path: serve.audit)
            let finished = try #require(try audit.job(id: Int64(job["id"] as! Int)))
            #expect(finished.status == .succeeded, "\(finished.error ?? "")")
            #expect(try audit.runs().first?.status == .succeeded)
            // The job still waiting was not started; it is recorded as failed, not left queued.
            let notRun = try #require(try audit.job(id: Int64(queued["id"] as! Int)))
            #expect(notRun.status == .failed)
            #expect(notRun.error?.contains("interrupted") == true)
        }
    }

    /// With a schedule the service group has one more service: SIGTERM still ends it, exit 0.
    @Test(.enabled(if: serveBinary != nil, "needs the built worldpop-dhis2 beside the tests"), .timeLimit(.minutes(HangGuard.minutes)))
    func sigtermStopsAScheduledServeWithNothingRunning() async throws {
        try await withServe(hold: .seconds(1), grace: "30", schedule: "0 3 1 1 *") { (serve: Running) async throws in
            // Before, the schedule's wait (until 1 January) held the process: any bound catches that,
            // and a generous one does not fail a loaded machine.
            #expect(try await terminate(serve.process, within: .seconds(60)) == 0)
            #expect(try AuditLog(path: serve.audit).jobs().isEmpty)
        }
    }

    /// The real process on a busy port: one line on stderr and exit status 1 within seconds, never a hang.
    @Test(.enabled(if: serveBinary != nil, "needs the built worldpop-dhis2 beside the tests"), .timeLimit(.minutes(HangGuard.minutes)))
    func aPortInUseEndsTheServeProcessWithStatus1() async throws {
        let dir = temporaryDirectory()
        let standIn = try ServerHarness.sampleStandIn()
        let busy = try #require(try await standIn.start().port)
        let config = try ServerHarness.writeConfig(in: dir, dhis2: URL(string: "http://127.0.0.1:9")!, token: "t")
        let process = Process()
        process.executableURL = serveBinary
        process.arguments = [
            "serve", "--config", config.path, "--port", String(busy),
            "--work-dir", dir.appendingPathComponent("jobs").path,
        ]
        let errors = dir.appendingPathComponent("stderr.txt")
        try Data().write(to: errors)
        process.standardError = try FileHandle(forWritingTo: errors)
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        do {
            _ = try await poll("serve on a busy port to exit", timeout: .seconds(60)) { process.isRunning ? nil : true }
        } catch {
            process.terminate()
            await standIn.stop()
            throw error
        }
        await standIn.stop()
        #expect(process.terminationStatus == 1)
        let message = try String(contentsOf: errors, encoding: .utf8)
        #expect(message.contains("cannot listen on 127.0.0.1:\(busy): port \(busy) is in use"), "\(message)")
        #expect(message.contains("choose another --port"))
    }
}
