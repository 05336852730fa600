import Foundation
import TestSupport
import Testing

@testable import Server

/// Cookies carry `Secure` exactly when the browser talks https to the server's public address.
@Suite struct SecureCookieTests {
    /// The Set-Cookie headers of a browser's first visit (`/?key=`: the key's and the token's cookies).
    func firstVisitCookies(_ h: ServerHarness, headers: [String: String] = [:]) async throws -> [String] {
        let answer = try await RawHTTP.send(
            port: h.url.port!, "GET", "/?key=\(accessKey)", host: "127.0.0.1:\(h.url.port!)", headers: headers)
        #expect(answer.status == 200)
        let cookies = (answer.headers["set-cookie"] ?? "").components(separatedBy: ", ")
        #expect(cookies.count == 2, "\(cookies)")
        return cookies
    }

    @Test func plainHTTPCookiesAreNotSecureAndAForwardedProtoFromAnyoneIsIgnored() async throws {
        try await withServer { h in
            for cookie in try await firstVisitCookies(h) + (try await firstVisitCookies(h, headers: ["X-Forwarded-Proto": "https"])) {
                #expect(cookie.hasSuffix("; Path=/; HttpOnly; SameSite=Strict"), "\(cookie)")
                #expect(!cookie.contains("Secure"), "\(cookie)")
            }
        }
    }

    @Test func anHTTPSPublicURLMakesEveryCookieSecure() async throws {
        try await withServer(serve: serveSettings(publicURL: "https://pop.example.org")) { h in
            let cookies = try await firstVisitCookies(h)
            #expect(cookies.map { $0.split(separator: "=")[0] }.sorted() == ["worldpop_dhis2_csrf", "worldpop_dhis2_key"])
            for cookie in cookies { #expect(cookie.hasSuffix("; HttpOnly; SameSite=Strict; Secure"), "\(cookie)") }
        }
        try await withServer(key: nil, signIn: true, serve: serveSettings(publicURL: "https://pop.example.org")) { h in
            let browser = CookieClient(h.url)
            try await browser.startSession()
            #expect(try await browser.call("POST", "/api/login", json: ["username": "admin", "password": "district"]).0 == 200)
            #expect(browser.lastHeaders["set-cookie"]?.hasSuffix("; Max-Age=28800; Secure") == true, "\(browser.lastHeaders)")
            #expect(try await browser.call("POST", "/api/logout").0 == 200)
            #expect(browser.lastHeaders["set-cookie"] == "worldpop_dhis2_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure")
        }
    }

    @Test func aTrustedProxysForwardedProtoMakesCookiesSecure() async throws {
        try await withServer(serve: serveSettings(trustedProxies: ["127.0.0.1"])) { h in
            for cookie in try await firstVisitCookies(h, headers: ["X-Forwarded-Proto": "https"]) {
                #expect(cookie.hasSuffix("; Secure"), "\(cookie)")
            }
            for cookie in try await firstVisitCookies(h, headers: ["X-Forwarded-Proto": "http"]) + (try await firstVisitCookies(h)) {
                #expect(!cookie.contains("Secure"), "\(cookie)")
            }
        }
    }
}
