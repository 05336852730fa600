import Foundation

/// When to try a request again: proxies in front of DHIS2 drop connections and answer
/// 502/503/504 under load; 408 and 429 ask to come back later. Other 4xx are final.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration

    public init(maxAttempts: Int = 5, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8)) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// For tests against the local stand-in.
    public static let fast = RetryPolicy(maxAttempts: 6, initialDelay: .milliseconds(2), maxDelay: .milliseconds(20))

    public static func isRetryable(status: Int) -> Bool {
        [408, 429, 502, 503, 504].contains(status)
    }

    /// Connection resets, timeouts and refused connections (the proxy restarting).
    public static func isRetryable(_ error: Error) -> Bool {
        if error is DHIS2Error { return false }
        let ns = error as NSError
        guard ns.domain == NSURLErrorDomain else { return false }
        return [NSURLErrorTimedOut, NSURLErrorNetworkConnectionLost, NSURLErrorCannotConnectToHost,
                NSURLErrorNotConnectedToInternet, NSURLErrorDNSLookupFailed, NSURLErrorCannotFindHost,
                NSURLErrorBadServerResponse, NSURLErrorZeroByteResource].contains(ns.code)
    }

    /// Exponential backoff with jitter: attempt 1 waits `initialDelay`, doubling up to `maxDelay`.
    func delay(beforeAttempt attempt: Int) -> Duration {
        let base = initialDelay * (1 << min(attempt - 1, 16))
        let capped = min(base, maxDelay)
        return capped * Double.random(in: 0.75...1.25)
    }
}
