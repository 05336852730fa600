import Foundation

/// Asks `until` every `interval` until it answers (non-nil), for at most `timeout`; a timeout
/// says what was awaited and the last thing seen, instead of a bare cancellation.
public func poll<T>(
    _ what: String, timeout: Duration = .seconds(30), every interval: Duration = .milliseconds(50),
    lastSeen: () -> String? = { nil }, until probe: () async throws -> T?
) async throws -> T {
    let clock = ContinuousClock()
    let deadline = clock.now + timeout
    while true {
        if let answer = try await probe() { return answer }
        guard clock.now < deadline else { throw PollTimeout(what: what, timeout: timeout, lastSeen: lastSeen()) }
        try await Task.sleep(for: interval)
    }
}

/// `poll` gave up: "timed out after 30 s waiting for job 3 to finish (last seen: running)".
public struct PollTimeout: Error, CustomStringConvertible {
    public var what: String
    public var timeout: Duration
    public var lastSeen: String?

    public var description: String {
        let seconds = Double(timeout.components.seconds) + Double(timeout.components.attoseconds) / 1e18
        return "timed out after \(seconds.formatted()) s waiting for \(what)" + (lastSeen.map { " (last seen: \($0))" } ?? "")
    }
}
