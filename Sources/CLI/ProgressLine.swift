import Foundation
import Synchronization

/// A one-line progress indicator on stderr, redrawn in place on a terminal and printed at most
/// every 10 % otherwise (so CI logs stay short).
final class ProgressLine: Sendable {
    private let enabled: Bool
    private let isTerminal = isatty(FileHandle.standardError.fileDescriptor) != 0
    private let last = Mutex<(label: String, tenth: Int)>(("", -1))

    init(enabled: Bool) { self.enabled = enabled }

    func update(_ label: String, _ fraction: Double) {
        guard enabled else { return }
        let percent = Int((fraction * 100).rounded(.down))
        let line: String? = last.withLock { state in
            if isTerminal {
                state.label = label
                return "\r\u{1B}[K\(label) \(percent)%"
            }
            let tenth = percent / 10
            guard tenth != state.tenth || label != state.label else { return nil }
            state = (label, tenth)
            return "\(label) \(percent)%\n"
        }
        if let line { FileHandle.standardError.write(Data(line.utf8)) }
    }

    func finish() {
        guard enabled, isTerminal else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
