import Audit
import Foundation
import TestSupport
import Testing
import Yams

@testable import Server

/// The routes and `openapi.yaml` say the same: the same paths and methods, and every answer a
/// route gives is one the document lists for it.
@Suite struct APIContractTests {
    static func document() throws -> [String: [String: Set<String>]] {
        let file = try String(contentsOf: repoRoot.appendingPathComponent("Sources/Server/Public/openapi.yaml"), encoding: .utf8)
        let paths = try #require((try Yams.load(yaml: file) as? [String: Any])?["paths"] as? [String: [String: Any]])
        return paths.mapValues { operations in
            var methods: [String: Set<String>] = [:]
            for (method, operation) in operations where ["get", "post", "put", "patch", "delete"].contains(method) {
                let responses = ((operation as? [String: Any])?["responses"] as? [String: Any]) ?? [:]
                methods[method.uppercased()] = Set(responses.keys)
            }
            return methods
        }
    }

    @Test func theRoutesAreTheDocumentsPathsAndMethods() async throws {
        try await withServer { h in
            let routes = h.server.router().routes.filter { $0.method != .head && $0.path.description.hasPrefix("/api/") }
            var served: [String: Set<String>] = [:]
            for route in routes { served[route.path.description, default: []].insert(route.method.rawValue) }
            let documented = try Self.document().mapValues { Set($0.keys) }
            #expect(served == documented)
        }
    }

    @Test func aKnownPathWithAnotherMethodAnswers405WithAllow() async throws {
        try await withServer { h in
            let port = h.url.port!
            let cases: [(String, String, String)] = [
                ("GET", "/api/runs/7/undo", "POST"), ("DELETE", "/api/jobs", "GET, HEAD, POST"), ("POST", "/api/status", "GET, HEAD"),
                ("PUT", "/api/jobs/3", "GET, HEAD"), ("GET", "/api/login", "POST"),
            ]
            for (method, path, allow) in cases {
                let answer = try await RawHTTP.send(
                    port: port, method, path, host: "127.0.0.1:\(port)", headers: ["X-Access-Key": accessKey])
                #expect(answer.status == 405, "\(method) \(path)")
                #expect(answer.headers["allow"] == allow, "\(method) \(path)")
                let error = (try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: String])?["error"]
                #expect(error == "\(method) is not a method of \(path): use \(allow)", "\(answer.body)")
            }
            #expect(try await h.call("GET", "/api/no-such-thing").0 == 404)
            #expect(try await h.call("GET", "/api/jobs/1/results/extra").0 == 404)
        }
    }

    /// Real answers of each route, checked against the statuses the document lists for it.
    @Test func everyAnswerIsDocumented() async throws {
        let document = try Self.document()
        var seen: [(String, String, Int)] = []
        func record(_ method: String, _ path: String, _ template: String, _ status: Int) {
            seen.append((method, template, status))
            #expect(document[template]?[method]?.contains(String(status)) == true, "\(method) \(path) → \(status) is not in openapi.yaml")
        }
        try await withServer { h in
            let port = h.url.port!
            func send(
                _ method: String, _ path: String, _ template: String, key: String? = accessKey, host: String? = nil, body: String? = nil
            )
                async throws
            {
                var headers = ["Content-Type": "application/json"]
                if let key { headers["X-Access-Key"] = key }
                let answer = try await RawHTTP.send(
                    port: port, method, path, host: host ?? "127.0.0.1:\(port)", headers: headers, body: body)
                record(method, path, template, answer.status)
            }
            for (method, path) in [
                ("GET", "/api/status"), ("GET", "/api/jobs"), ("GET", "/api/runs"), ("GET", "/api/session"), ("GET", "/api/me"),
                ("POST", "/api/logout"), ("POST", "/api/login"), ("POST", "/api/jobs"),
            ] {
                try await send(method, path, path, key: nil)  // 401
                try await send(method, path, path, host: "evil.example:\(port)")  // 421
                try await send(method, path, path, body: method == "POST" ? "{}" : nil)
            }
            try await send("POST", "/api/jobs", "/api/jobs", body: #"{"kind": "preview", "years": "1850"}"#)  // 400 plan
            try await send("POST", "/api/jobs", "/api/jobs", body: #"{"kind": "undo", "run": 404}"#)  // 404
            try await send("POST", "/api/jobs", "/api/jobs", body: String(repeating: " ", count: 70_000))  // 413
            try await send("POST", "/api/login", "/api/login", body: #"{"username": "a", "password": "b"}"#)  // 404: no sign-in
            try await send("GET", "/api/jobs/99", "/api/jobs/{id}")
            try await send("GET", "/api/jobs/99/results", "/api/jobs/{id}/results")
            try await send("POST", "/api/runs/99/undo", "/api/runs/{id}/undo")
            try await send("POST", "/api/runs/x/undo", "/api/runs/{id}/undo")
            // A run still being imported by a live process (this one): 409.
            let running = try h.queue.audit.begin(AuditRun(kind: "sync", user: "test", server: "http://dhis2.test", command: "sync"))
            try await send("POST", "/api/runs/\(running.id!)/undo", "/api/runs/{id}/undo")
            let (queued, job) = try await h.json("POST", "/api/jobs", body: #"{"kind": "preview"}"#)
            record("POST", "/api/jobs", "/api/jobs", queued)  // 202
            let id = try #require(job["id"] as? Int)
            _ = try await h.finished(id)
            try await send("GET", "/api/jobs/\(id)/results?format=xml", "/api/jobs/{id}/results")  // 400
            try await send("GET", "/api/jobs/\(id)/results?format=csv", "/api/jobs/{id}/results")  // 200
        }
        try await withServer(key: nil, signIn: true) { h in
            let browser = CookieClient(h.url)
            try await browser.startSession()
            for json in [["username": "admin", "password": "wrong"], ["username": "", "password": ""]] {  // 401, 400
                record("POST", "/api/login", "/api/login", try await browser.call("POST", "/api/login", json: json).0)
            }
            let noToken = CookieClient(h.url)  // 403
            record(
                "POST", "/api/login", "/api/login",
                try await noToken.call("POST", "/api/login", json: ["username": "a", "password": "b"]).0)
            for n in 1...5 { _ = try await browser.call("POST", "/api/login", json: ["username": "admin", "password": "wrong\(n)"]) }
            record(
                "POST", "/api/login", "/api/login",
                try await browser.call("POST", "/api/login", json: ["username": "admin", "password": "x"]).0)
            record("POST", "/api/logout", "/api/logout", try await browser.call("POST", "/api/logout").0)
        }
        let statuses = Set(seen.map(\.2))
        // The probes reached the answers they are for.
        #expect(statuses.isSuperset(of: [200, 202, 400, 401, 403, 404, 409, 413, 421, 429]), "\(statuses.sorted())")
    }
}
