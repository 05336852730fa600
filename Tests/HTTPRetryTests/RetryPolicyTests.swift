import Foundation
import HTTPRetry
import Testing

@Suite struct RetryPolicyTests {
    @Test func theDownloadBackoffDoublesFromOneSecondWithoutJitter() {
        let policy = RetryPolicy.downloads
        #expect(policy.maxAttempts == 6)
        #expect((1...5).map { policy.delay(afterAttempt: $0) } == [.seconds(1), .seconds(2), .seconds(4), .seconds(8), .seconds(16)])
        #expect(policy.allowsAttempt(after: 5) && !policy.allowsAttempt(after: 6))
    }

    @Test func theDHIS2BackoffDoublesToItsCapWithJitter() {
        let policy = RetryPolicy.dhis2
        #expect(policy.maxAttempts == 5)
        for attempt in 1...8 {
            let expected = min(Duration.milliseconds(500) * (1 << (attempt - 1)), .seconds(8))
            let delay = policy.delay(afterAttempt: attempt)
            #expect(delay >= expected * 0.75 && delay <= expected * 1.25, "attempt \(attempt): \(delay)")
        }
    }

    @Test func eachClientRetriesItsOwnStatuses() {
        // An API behind a proxy: gateway answers and "come back later"; a 500 is DHIS2's own answer.
        #expect([408, 429, 500, 502, 503, 504, 404].map(RetryPolicy.dhis2.retries) == [true, true, false, true, true, true, false])
        // File servers: any 5xx and 429, never a 4xx that says the file is not there.
        #expect([429, 500, 501, 503, 599, 404, 416].map(RetryPolicy.downloads.retries) == [true, true, true, true, true, false, false])
    }

    @Test func onlyURLErrorsALaterAttemptCanGetPastAreTransient() {
        #expect(RetryPolicy.isTransient(URLError(.timedOut)))
        #expect(RetryPolicy.isTransient(URLError(.cannotConnectToHost)))
        #expect(RetryPolicy.isTransient(URLError(.networkConnectionLost)))
        #expect(!RetryPolicy.isTransient(URLError(.badURL)))
        #expect(!RetryPolicy.isTransient(URLError(.userAuthenticationRequired)))
        #expect(!RetryPolicy.isTransient(CocoaError(.fileNoSuchFile)))
    }
}
