import HTTPRetry

extension RetryPolicy {
    /// For clients of the local stand-in, which answers in microseconds: the same attempts as
    /// against DHIS2, without seconds of backoff in every test.
    public static let fast = RetryPolicy(maxAttempts: 6, initialDelay: .milliseconds(2), maxDelay: .milliseconds(20))
}
