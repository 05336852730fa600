import Foundation
import Synchronization

/// Failed sign-ins, counted by client address and by username: every try is checked by DHIS2, so
/// without a limit the sign-in form is a way to guess DHIS2 passwords at the server's speed. Past
/// the limit a try is refused (429 with Retry-After) without asking DHIS2 at all.
///
/// A try counts as failed from the moment it starts and is taken back if DHIS2 accepts it (or
/// cannot be reached), so that a burst of parallel tries cannot all slip in before the first
/// failure is known. The time is the server's clock (a test moves its own).
public final class SignInLimit: Sendable {
    public struct Policy: Sendable, Equatable {
        /// Failed tries of one username (from anywhere) within `window`.
        public var perUsername = 5
        /// Failed tries from one client address (any usernames) within `window`.
        public var perAddress = 20
        public var window: TimeInterval = 15 * 60

        public init() {}
    }

    enum Key: Hashable, Sendable {
        case username(String)
        case address(String)
    }

    /// A try that may go ahead; `succeeded()` or `notAFailure()` take it back.
    struct Attempt: Sendable {
        var keys: [Key]
        var id: UInt64
    }

    /// Why a try is refused, and for how long.
    struct Refusal: Error, Sendable {
        var retryAfter: Int
        var message: String
    }

    let policy: Policy
    let clock: any ScheduleClock
    private let state = Mutex<(failures: [Key: [(id: UInt64, at: Date)]], next: UInt64)>(([:], 0))

    init(policy: Policy, clock: any ScheduleClock) {
        self.policy = policy
        self.clock = clock
    }

    /// Starts a try of `username` from `address`, or refuses it.
    func begin(username: String, address: String) throws(Refusal) -> Attempt {
        let now = clock.now
        let keys: [Key] = [.username(username.lowercased()), .address(address)]
        let outcome: Result<Attempt, Refusal> = state.withLock { state in
            // Forget what the window has passed, so that the table stays small.
            state.failures = state.failures.compactMapValues { tries in
                let kept = tries.filter { now.timeIntervalSince($0.at) < policy.window }
                return kept.isEmpty ? nil : kept
            }
            for key in keys {
                let tries = state.failures[key] ?? []
                guard tries.count >= limit(key) else { continue }
                let free = tries.map(\.at).min()!.addingTimeInterval(policy.window)
                let wait = max(1, Int(free.timeIntervalSince(now).rounded(.up)))
                return .failure(Refusal(retryAfter: wait, message: message(key, wait: wait)))
            }
            state.next += 1
            for key in keys { state.failures[key, default: []].append((state.next, now)) }
            return .success(Attempt(keys: keys, id: state.next))
        }
        return try outcome.get()
    }

    /// DHIS2 accepted the password: this try is not a failure, nor are the username's earlier ones.
    func succeeded(_ attempt: Attempt) {
        state.withLock { state in
            for key in attempt.keys {
                if case .username = key { state.failures[key] = nil } else { state.failures[key]?.removeAll { $0.id == attempt.id } }
            }
        }
    }

    /// The try never reached a verdict on the password (DHIS2 unreachable): not counted.
    func notAFailure(_ attempt: Attempt) {
        state.withLock { state in for key in attempt.keys { state.failures[key]?.removeAll { $0.id == attempt.id } } }
    }

    private func limit(_ key: Key) -> Int {
        switch key {
        case .username: return policy.perUsername
        case .address: return policy.perAddress
        }
    }

    private func message(_ key: Key, wait: Int) -> String {
        let minutes = Int(policy.window / 60)
        switch key {
        case .username(let name):
            return "too many failed sign-ins for '\(name)' (\(policy.perUsername) within \(minutes) min): try again in \(wait) s, "
                + "or ask a DHIS2 administrator to check the account"
        case .address:
            return "too many failed sign-ins from this address (\(policy.perAddress) within \(minutes) min): try again in \(wait) s"
        }
    }
}
