import Foundation

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// When and how soon to try an HTTP request again — the one policy of the DHIS2 client and the
/// WorldPop downloads: how many attempts, an exponential backoff (attempt n waits
/// `initialDelay × 2^(n-2)`, at most `maxDelay`, give or take `jitter`), and which answers are
/// worth another try. Dropped connections and timeouts always are; each client knows its own.
public struct RetryPolicy: Sendable, Hashable {
    public var maxAttempts: Int
    public var initialDelay: Duration
    public var maxDelay: Duration
    /// Each delay is spread by this fraction at random (0.25: 75–125 %), so that clients that
    /// failed together do not come back together.
    public var jitter: Double
    public var retryableStatuses: Set<Int>

    public init(
        maxAttempts: Int = 5, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(8), jitter: Double = 0.25,
        retryableStatuses: Set<Int> = RetryPolicy.gatewayStatuses
    ) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.retryableStatuses = retryableStatuses
    }

    /// Proxies in front of DHIS2 answer 502/503/504 under load; 408 and 429 ask to come back
    /// later. Any other status is DHIS2's answer and final.
    public static let gatewayStatuses: Set<Int> = [408, 429, 502, 503, 504]

    /// The DHIS2 client's: 5 attempts, 0.5 s doubling to 8 s.
    public static let dhis2 = RetryPolicy()

    /// WorldPop downloads: 6 attempts per file and server, 1 s doubling, on any 5xx and 429
    /// (file servers and their mirrors fail in more ways than an API behind a proxy). Each
    /// attempt resumes where the last stopped when the server allows it.
    public static let downloads = RetryPolicy(
        maxAttempts: 6, initialDelay: .seconds(1), maxDelay: .seconds(120), jitter: 0,
        retryableStatuses: Set(500...599).union([429]))

    public func retries(status: Int) -> Bool { retryableStatuses.contains(status) }

    /// Whether another attempt may follow attempt `attempt` (counted from 1).
    public func allowsAttempt(after attempt: Int) -> Bool { attempt < maxAttempts }

    /// Connection resets, timeouts, refused connections (a proxy restarting), DNS failures:
    /// Foundation's URL errors that a later attempt can get past.
    public static func isTransient(_ error: any Error) -> Bool {
        let ns = error as NSError
        guard ns.domain == NSURLErrorDomain else { return false }
        return [
            NSURLErrorTimedOut, NSURLErrorNetworkConnectionLost, NSURLErrorCannotConnectToHost,
            NSURLErrorNotConnectedToInternet, NSURLErrorDNSLookupFailed, NSURLErrorCannotFindHost,
            NSURLErrorBadServerResponse, NSURLErrorZeroByteResource,
        ].contains(ns.code)
    }

    /// The wait after failed attempt `attempt` (counted from 1): `initialDelay` after the first,
    /// doubling up to `maxDelay`, spread by `jitter`.
    public func delay(afterAttempt attempt: Int) -> Duration {
        let base = initialDelay * (1 << min(max(attempt - 1, 0), 16))
        let capped = min(base, maxDelay)
        return jitter > 0 ? capped * Double.random(in: (1 - jitter)...(1 + jitter)) : capped
    }
}
