import DHIS2StandIn
import Foundation
import HTTPRetry
import Testing

@testable import DHIS2

@Suite struct ConnectionSafetyTests {
    @Test func credentialsDoNotFollowARedirectToAnotherOrigin() async throws {
        let elsewhere = DHIS2StandIn()
        let elsewhereURL = try await elsewhere.start()
        var options = DHIS2StandIn.Options()
        options.redirectTo = elsewhereURL
        try await withStandIn(options) { standIn, client in
            await #expect(throws: DHIS2Error.self) { _ = try await client.systemInfo() }
            #expect(standIn.requests.first?.hadCredentials == true)
            let arrived = try #require(elsewhere.requests.first)
            #expect(arrived.path == "/system/info")
            #expect(!arrived.hadCredentials, "the other server must not receive the token")
        }
        await elsewhere.stop()
    }

    @Test func redirectPolicyKeepsCredentialsOnlyForTheSameOriginAndRefusesDowngrades() {
        let base = URL(string: "https://dhis2.example.org/dhis/api/me")!
        #expect(RedirectPolicy.decide(from: base, to: URL(string: "https://dhis2.example.org:443/dhis/api/40/me")!) == .follow)
        #expect(RedirectPolicy.decide(from: base, to: URL(string: "https://DHIS2.example.org/other")!) == .follow)
        #expect(RedirectPolicy.decide(from: base, to: URL(string: "https://evil.example.net/api/me")!) == .followWithoutCredentials)
        #expect(RedirectPolicy.decide(from: base, to: URL(string: "https://dhis2.example.org:8443/api/me")!) == .followWithoutCredentials)
        #expect(RedirectPolicy.decide(from: base, to: URL(string: "http://dhis2.example.org/dhis/api/me")!) == .refuse)
        let plain = URL(string: "http://127.0.0.1:8080/api/me")!
        #expect(RedirectPolicy.decide(from: plain, to: URL(string: "http://127.0.0.1:8081/api/me")!) == .followWithoutCredentials)
        #expect(RedirectPolicy.decide(from: plain, to: URL(string: "https://127.0.0.1:8080/api/me")!) == .followWithoutCredentials)
    }

    @Test func aTimeoutSaysItTimedOutAndThatTheRequestMayHaveBeenApplied() async throws {
        var options = DHIS2StandIn.Options()
        options.answerDelay = .seconds(2)
        try await withStandIn(options) { standIn, _ in
            let client = DHIS2Client(
                connection: DHIS2Connection(baseURL: standIn.baseURL!, credentials: .token(options.token!)),
                transport: URLSessionTransport(timeout: 0.5),
                retry: RetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(5), maxDelay: .milliseconds(5)))
            let error = await #expect(throws: DHIS2Error.self) { _ = try await client.systemInfo() }
            let text = String(describing: try #require(error))
            #expect(text.contains("timed out after 0.5 s (2 attempts)"))
            #expect(text.contains("may still have been applied") && text.contains("audit log"))
            #expect(!text.contains("Check the URL"))
        }
    }
}
