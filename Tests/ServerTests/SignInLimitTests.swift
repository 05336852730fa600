import Foundation
import TestSupport
import Testing

@testable import Server

/// Every sign-in is checked by DHIS2: without a limit the form guesses DHIS2 passwords for anyone.
@Suite struct SignInLimitTests {
    /// Sign-ins DHIS2 was asked to check (`GET /api/me`; the stand-in logs paths below /api).
    func dhis2MeCalls(_ h: ServerHarness) -> Int { h.standIn.requests.filter { $0.path == "/me" }.count }

    @Test func failedSignInsOfOneUsernameAreLimitedAndTheClockFreesThem() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await withServer(key: nil, signIn: true, clock: clock) { h in
            let browser = CookieClient(h.url)
            try await browser.startSession()
            for attempt in 1...5 {
                let (status, _) = try await browser.call("POST", "/api/login", json: ["username": "admin", "password": "guess\(attempt)"])
                #expect(status == 401, "attempt \(attempt)")
                clock.advance(by: 10)
            }
            let asked = dhis2MeCalls(h)
            #expect(asked == 5)
            // The sixth try, even with the right password, is refused without asking DHIS2.
            let (refused, body) = try await browser.call("POST", "/api/login", json: ["username": "ADMIN", "password": "district"])
            #expect(refused == 429)
            // The first failure was 50 s ago: the window of 15 min frees a try in 850 s.
            #expect(browser.lastHeaders["retry-after"] == "850")
            #expect(
                body["error"] as? String
                    == "too many failed sign-ins for 'admin' (5 within 15 min): try again in 850 s, "
                    + "or ask a DHIS2 administrator to check the account")
            #expect(dhis2MeCalls(h) == asked)
            #expect(browser.cookies["worldpop_dhis2_session"] == nil)

            clock.advance(by: 849)
            #expect(try await browser.call("POST", "/api/login", json: ["username": "admin", "password": "district"]).0 == 429)
            clock.advance(by: 1)
            let (signedIn, me) = try await browser.call("POST", "/api/login", json: ["username": "admin", "password": "district"])
            #expect(signedIn == 200)
            #expect(me["username"] as? String == "admin")
            #expect(dhis2MeCalls(h) == asked + 1)
        }
    }

    @Test func failedSignInsFromOneAddressAreLimitedAcrossUsernames() async throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        try await withServer(key: nil, signIn: true, clock: clock) { h in
            let browser = CookieClient(h.url)
            try await browser.startSession()
            // Password spraying: one guess for each of many usernames.
            for n in 1...20 {
                #expect(try await browser.call("POST", "/api/login", json: ["username": "user\(n)", "password": "Spring2026!"]).0 == 401)
            }
            let (refused, body) = try await browser.call("POST", "/api/login", json: ["username": "admin", "password": "district"])
            #expect(refused == 429)
            #expect(browser.lastHeaders["retry-after"] == "900")
            #expect((body["error"] as? String)?.hasPrefix("too many failed sign-ins from this address (20 within 15 min)") == true)
            #expect(dhis2MeCalls(h) == 20)
        }
    }

    @Test func aSuccessClearsTheUsernamesFailuresAndParallelTriesAreCountedAtOnce() throws {
        let clock = ManualClock(Date(timeIntervalSince1970: 1_800_000_000))
        let limit = SignInLimit(policy: .init(), clock: clock)
        for _ in 1...4 { _ = try limit.begin(username: "amina", address: "10.0.0.1") }
        let fifth = try limit.begin(username: "amina", address: "10.0.0.2")
        // Five tries under way: a sixth may not start before any of them is known to fail.
        #expect(throws: SignInLimit.Refusal.self) { try limit.begin(username: "amina", address: "10.0.0.3") }
        limit.succeeded(fifth)
        #expect(throws: Never.self) { try limit.begin(username: "amina", address: "10.0.0.3") }
        // DHIS2 unreachable: no verdict on the password, not counted.
        let unreachable = try limit.begin(username: "bob", address: "10.0.0.9")
        limit.notAFailure(unreachable)
        for _ in 1...5 { _ = try limit.begin(username: "bob", address: "10.0.0.9") }
        #expect(throws: SignInLimit.Refusal.self) { try limit.begin(username: "bob", address: "10.0.0.9") }
    }
}
