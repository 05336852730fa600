import Audit
import Foundation
import TestSupport
import Testing

@testable import Server

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// Requests as a browser makes them: no X-Access-Key header, cookies set by hand (the shared
/// URLSession would keep cookies across tests: they are per host, not per port).
struct BrowserLikeClient {
    var base: URL
    var cookies: [String: String] = [:]
    let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpShouldSetCookies = false
        configuration.httpCookieAcceptPolicy = .never
        return URLSession(configuration: configuration)
    }()

    /// One request; cookies the server sets are kept for the next.
    mutating func call(_ method: String, _ path: String, body: String? = nil, headers: [String: String] = [:]) async throws -> (
        status: Int, headers: [String: String], body: String
    ) {
        var request = URLRequest(url: URL(string: base.absoluteString + path)!)
        request.httpMethod = method
        if !cookies.isEmpty {
            request.setValue(cookies.map { "\($0.key)=\($0.value)" }.sorted().joined(separator: "; "), forHTTPHeaderField: "Cookie")
        }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        if let body {
            request.httpBody = Data(body.utf8)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        let http = response as! HTTPURLResponse
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields { fields[String(describing: name).lowercased()] = String(describing: value) }
        // Several Set-Cookie headers arrive joined by ", " (an expiry date never appears in ours).
        for cookie in (fields["set-cookie"] ?? "").split(separator: ",") {
            let pair = cookie.split(separator: ";")[0].trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if pair.count == 2 { cookies[String(pair[0])] = String(pair[1]) }
        }
        return (http.statusCode, fields, String(decoding: data, as: UTF8.self))
    }

    /// The page's anti-forgery token, from its `<meta name="csrf-token">`.
    mutating func pageToken() async throws -> String {
        let page = try await call("GET", "/").body
        let start = try #require(page.range(of: #"<meta name="csrf-token" content=""#))
        return String(page[start.upperBound...].prefix { $0 != "\"" })
    }
}

@Suite struct ServerSecurityTests {
    @Test func aBrowserPostNeedsTheSessionsAntiForgeryToken() async throws {
        try await withServer { h in
            var browser = BrowserLikeClient(base: h.url)
            #expect(try await browser.call("GET", "/?key=\(accessKey)").status == 200)
            #expect(browser.cookies["worldpop_dhis2_key"] == accessKey)
            let token = try await browser.pageToken()
            #expect(browser.cookies["worldpop_dhis2_csrf"] == token)

            // A forged request: the browser sends the cookies, but the other site cannot know the token.
            let forged = try await browser.call("POST", "/api/jobs", body: #"{"kind": "sync"}"#)
            #expect(forged.status == 403)
            #expect(forged.body.contains("X-CSRF-Token"))
            #expect(forged.headers["content-type"]?.hasPrefix("application/json") == true)
            let undo = try await browser.call("POST", "/api/runs/1/undo")
            #expect(undo.status == 403)
            // A token of another session, or made up, does not match this session's cookie.
            var other = BrowserLikeClient(base: h.url)
            _ = try await other.call("GET", "/?key=\(accessKey)")
            let otherToken = try await other.pageToken()
            #expect(otherToken != token)
            #expect(
                try await browser.call("POST", "/api/jobs", body: #"{"kind": "preview"}"#, headers: ["X-CSRF-Token": otherToken]).status
                    == 403)
            #expect(
                try await browser.call("POST", "/api/jobs", body: #"{"kind": "preview"}"#, headers: ["X-CSRF-Token": "0.0"]).status == 403)
            #expect(try h.queue.audit.jobs().isEmpty)

            // The page's own call, with its token: accepted.
            let accepted = try await browser.call("POST", "/api/jobs", body: #"{"kind": "preview"}"#, headers: ["X-CSRF-Token": token])
            #expect(accepted.status == 202, "\(accepted.body)")
            // A reload keeps the session's token.
            #expect(try await browser.pageToken() == token)
            // API clients authenticated by the X-Access-Key header need no token.
            #expect(try await h.call("POST", "/api/jobs", body: #"{"kind": "preview"}"#).0 == 202)
            #expect(try h.queue.audit.jobs().map(\.kind) == ["preview", "preview"])
        }
    }

    @Test func onLoopbackWithoutAKeyPostsStillNeedAToken() async throws {
        try await withServer(key: nil) { h in
            var client = BrowserLikeClient(base: h.url)
            // What a page of another site can send to 127.0.0.1 (a simple request, no custom header).
            let forged = try await client.call("POST", "/api/jobs", body: #"{"kind": "sync"}"#, headers: ["Content-Type": "text/plain"])
            #expect(forged.status == 403)
            #expect(try h.queue.audit.jobs().isEmpty)
            // A script or tool takes a session token first.
            let session = try await client.call("GET", "/api/session")
            let token = try #require((try JSONSerialization.jsonObject(with: Data(session.body.utf8)) as? [String: String])?["csrfToken"])
            #expect(
                try await client.call("POST", "/api/jobs", body: #"{"kind": "preview"}"#, headers: ["X-CSRF-Token": token]).status == 202)
        }
    }

    @Test func everyResponseCarriesAStrictContentSecurityPolicy() async throws {
        try await withServer { h in
            var browser = BrowserLikeClient(base: h.url)
            var responses = [try await browser.call("GET", "/api/status")]  // 401: no key yet
            _ = try await browser.call("GET", "/?key=\(accessKey)")
            for path in [
                "/", "/static/page.js", "/static/page.css", "/static/leaflet/leaflet.js", "/api/status", "/api/jobs/999", "/openapi.yaml",
                "/no/such/page",
            ] {
                responses.append(try await browser.call("GET", path))
            }
            responses.append(try await browser.call("POST", "/api/jobs", body: "{}"))  // 403
            #expect(responses.map(\.status) == [401, 200, 200, 200, 200, 200, 404, 200, 404, 403])
            for response in responses {
                let policy = try #require(response.headers["content-security-policy"])
                #expect(policy.contains("script-src 'self'"))
                #expect(policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(!policy.contains("unsafe-eval"))
                #expect(response.headers["x-content-type-options"] == "nosniff")
            }
            // The page itself has no inline script or style for the policy to allow.
            let page = try await browser.call("GET", "/").body
            #expect(page.components(separatedBy: "<script").count - 1 == page.components(separatedBy: "<script src=").count - 1)
            #expect(!page.contains("<style") && !page.contains(" style=") && !page.contains(" onclick="))
        }
    }
}
