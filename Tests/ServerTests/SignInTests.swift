import Audit
import DHIS2StandIn
import Foundation
import TestSupport
import Testing

@testable import Server

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// A browser-like client that keeps its own cookies (and no shared cookie store between tests).
final class CookieClient: @unchecked Sendable {
    let base: URL
    var cookies: [String: String] = [:]
    var csrf = ""
    /// The last answer's headers, lowercased names.
    var lastHeaders: [String: String] = [:]
    let session: URLSession = {
        let c = URLSessionConfiguration.ephemeral
        c.httpCookieStorage = nil
        c.httpShouldSetCookies = false
        return URLSession(configuration: c)
    }()

    init(_ base: URL) { self.base = base }

    @discardableResult
    func call(_ method: String, _ path: String, json: [String: Any]? = nil) async throws -> (Int, [String: Any]) {
        var request = URLRequest(url: URL(string: base.absoluteString + path)!)
        request.httpMethod = method
        if !cookies.isEmpty {
            request.setValue(cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie")
        }
        if method != "GET" { request.setValue(csrf, forHTTPHeaderField: "X-CSRF-Token") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        lastHeaders = Dictionary(
            http.allHeaderFields.map { (String(describing: $0.key).lowercased(), String(describing: $0.value)) },
            uniquingKeysWith: { a, _ in a })
        for (name, value) in http.allHeaderFields where (name as? String)?.lowercased() == "set-cookie" {
            // Foundation folds several Set-Cookie headers into one, separated by commas.
            for cookie in "\(value)".components(separatedBy: ", ") {
                let pair = cookie.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
                if pair.count == 2 { cookies[pair[0]] = pair[1].isEmpty ? nil : pair[1] } else if pair.count == 1 { cookies[pair[0]] = nil }
            }
        }
        let body = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (http.statusCode, body)
    }

    func startSession() async throws {
        let (_, body) = try await call("GET", "/api/session")
        csrf = try #require(body["csrfToken"] as? String)
    }

    func finished(_ id: Int) async throws -> [String: Any] {
        // A guard against a hang, not a speed test: the full suite on 2 cores shares them with heavy suites.
        try await poll("job \(id) to finish", timeout: .seconds(120)) {
            let (_, job) = try await call("GET", "/api/jobs/\(id)")
            return ["succeeded", "failed"].contains(job["status"] as? String ?? "") ? job : nil
        }
    }
}

@Suite struct SignInTests {
    static let clerkPassword = "Clerk-Pa55word-not-stored"
    static let adminPassword = "Adm1n-Pa55word-not-stored"

    func dhis2WithAClerk() -> DHIS2StandIn.Options {
        var o = DHIS2StandIn.Options()
        o.password = Self.adminPassword
        o.people = ["clerk": (Self.clerkPassword, .integration(authorities: ["F_DATAVALUE_ADD"]))]
        return o
    }

    @Test func dhis2AccountsSignInAndTheirAuthoritiesDecide() async throws {
        try await withServer(key: nil, signIn: true, dhis2: dhis2WithAClerk()) { h in
            let browser = CookieClient(h.url)
            try await browser.startSession()
            #expect(try await browser.call("GET", "/api/jobs").0 == 401, "nothing without signing in")
            let (wrong, wrongBody) = try await browser.call("POST", "/api/login", json: ["username": "admin", "password": "nope"])
            #expect(wrong == 401)
            #expect((wrongBody["error"] as? String)?.contains("DHIS2 refused") == true)
            #expect(browser.cookies["worldpop_dhis2_session"] == nil)

            // The DHIS2 superuser may import; the run records who.
            let (ok, me) = try await browser.call("POST", "/api/login", json: ["username": "admin", "password": Self.adminPassword])
            #expect(ok == 200)
            #expect(me["username"] as? String == "admin" && me["mayImport"] as? Bool == true)
            let (queued, job) = try await browser.call("POST", "/api/jobs", json: ["kind": "sync"])
            #expect(queued == 202)
            let done = try await browser.finished(job["id"] as! Int)
            #expect(done["status"] as? String == "succeeded", "\(done["error"] ?? "")")
            let run = try #require(try AuditLog(path: h.dir.appendingPathComponent("audit.sqlite").path).runs().first)
            #expect(run.user == "admin via serve (api)")

            // A clerk with data entry only may preview, not import or undo.
            let clerk = CookieClient(h.url)
            try await clerk.startSession()
            let (clerkIn, clerkMe) = try await clerk.call(
                "POST", "/api/login", json: ["username": "clerk", "password": Self.clerkPassword])
            #expect(clerkIn == 200 && clerkMe["mayImport"] as? Bool == false)
            let (preview, previewJob) = try await clerk.call("POST", "/api/jobs", json: ["kind": "preview"])
            #expect(preview == 202)
            #expect(try await clerk.finished(previewJob["id"] as! Int)["status"] as? String == "succeeded")
            let (refused, why) = try await clerk.call("POST", "/api/jobs", json: ["kind": "sync"])
            #expect(refused == 403)
            #expect((why["error"] as? String)?.contains("F_DATASET_PUBLIC_ADD") == true)
            #expect(try await clerk.call("POST", "/api/runs/\(run.id!)/undo").0 == 403)

            // Passwords are never stored: not in the audit log, not in the jobs' files.
            let files = FileManager.default.enumerator(atPath: h.dir.path)!.compactMap { $0 as? String }
            for file in files {
                let data = FileManager.default.contents(atPath: h.dir.appendingPathComponent(file).path) ?? Data()
                #expect(data.range(of: Data(Self.clerkPassword.utf8)) == nil, "password found in \(file)")
                #expect(data.range(of: Data(Self.adminPassword.utf8)) == nil, "password found in \(file)")
            }

            // Sessions end: signing out, and expiry.
            #expect(try await clerk.call("POST", "/api/logout").0 == 200)
            #expect(try await clerk.call("GET", "/api/jobs").0 == 401)
            h.server.sessions?.expireAll()
            #expect(try await browser.call("GET", "/api/jobs").0 == 401)
            #expect(try await browser.call("GET", "/api/me").0 == 401)
        }
    }

    @Test func signInNeedsTheAntiForgeryTokenToo() async throws {
        try await withServer(key: nil, signIn: true) { h in
            let browser = CookieClient(h.url)
            let (status, _) = try await browser.call("POST", "/api/login", json: ["username": "admin", "password": "district"])
            #expect(status == 403)
        }
    }
}
