import Foundation
import GDALTesting
import TestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Debian's headless Chromium driven over the DevTools protocol (`--remote-debugging-pipe`:
/// JSON messages ending in a NUL byte, written to its fd 3 and read from its fd 4), for tests
/// that must interact with a page — hover an element, read what it shows — rather than only
/// screenshot it. One page per session.
public final class ChromiumSession: @unchecked Sendable {
    // @unchecked: the pipe, the message counter and the events are touched only on `io`.
    private let process: pid_t
    private let toBrowser: Int32
    private let fromBrowser: Int32
    private let profile: URL
    private let io = DispatchQueue(label: "ChromiumSession")
    private var nextID = 0
    private var buffer: [UInt8] = []
    private var pageSession: String?

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// Starts Chromium with a blank page and a throw-away profile.
    public init(width: Int = 1200, height: Int = 800) throws {
        guard let path = HeadlessChromium.path else {
            throw Failure(
                description: "chromium is not installed (make test-deps installs it)")
        }
        profile = FileManager.default.temporaryDirectory.appendingPathComponent("chromium-\(UUID().uuidString)")
        var input: [Int32] = [0, 0]
        var output: [Int32] = [0, 0]
        guard pipe(&input) == 0, pipe(&output) == 0 else { throw Failure(description: "pipe failed: errno \(errno)") }
        // Close-on-exec, so that only the dup2'ed copies (3 and 4) reach Chromium.
        for fd in input + output { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 3)
        posix_spawn_file_actions_adddup2(&actions, output[1], 4)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let arguments = [
            path, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--remote-debugging-pipe",
            "--no-first-run", "--user-data-dir=\(profile.path)", "--window-size=\(width),\(height)", "about:blank",
        ]
        var argv = arguments.map { strdup($0) } + [nil]
        defer { for argument in argv { free(argument) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, path, &actions, nil, &argv, environ)
        close(input[0])
        close(output[1])
        guard rc == 0 else { throw Failure(description: "cannot start \(path): error \(rc)") }
        process = pid
        toBrowser = input[1]
        fromBrowser = output[0]
    }

    deinit {
        close(toBrowser)
        close(fromBrowser)
        kill(process, SIGKILL)
        var status: Int32 = 0
        waitpid(process, &status, 0)
        try? FileManager.default.removeItem(at: profile)
    }

    /// Opens `url` in a new page; later calls act on it.
    public func open(_ url: String) async throws {
        let target = try await send("Target.createTarget", ["url": "about:blank"])
        guard let targetID = target["targetId"] as? String else { throw Failure(description: "no target id in \(target)") }
        let attached = try await send("Target.attachToTarget", ["targetId": targetID, "flatten": true])
        pageSession = attached["sessionId"] as? String
        _ = try await send("Page.enable", [:], onPage: true)
        _ = try await send("Page.navigate", ["url": url], onPage: true)
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its JSON value.
    public func evaluate(_ expression: String) async throws -> Any? {
        let result = try await send(
            "Runtime.evaluate", ["expression": expression, "returnByValue": true, "awaitPromise": true], onPage: true)
        if let exception = result["exceptionDetails"] { throw Failure(description: "the page's script failed: \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Polls `condition` (a JavaScript expression) until it is true; while the page is still
    /// loading, an expression that throws counts as false.
    public func waitUntil(_ condition: String, timeout: Duration = .seconds(60)) async throws {
        _ = try await poll("the page to show \(condition)", timeout: timeout, every: .milliseconds(100)) {
            try await evaluate("(() => { try { return Boolean(\(condition)); } catch (e) { return false; } })()") as? Bool == true
                ? true : nil
        }
    }

    /// The page as it is now, written to `png` and read back.
    public func screenshot(to png: String) async throws -> RGBImage {
        let shot = try await send("Page.captureScreenshot", ["format": "png"], onPage: true)
        guard let base64 = shot["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no image in Chromium's screenshot answer")
        }
        try data.write(to: URL(fileURLWithPath: png))
        return try RGBImage(path: png)
    }

    /// Moves the mouse to the page's CSS pixel (x, y), as a user hovering there.
    public func moveMouse(x: Double, y: Double) async throws {
        _ = try await send("Input.dispatchMouseEvent", ["type": "mouseMoved", "x": x, "y": y], onPage: true)
    }

    /// Sends one DevTools command and returns its result.
    public func send(_ method: String, _ parameters: [String: Any], onPage: Bool = false) async throws -> [String: Any] {
        var message: [String: Any] = ["method": method, "params": parameters]
        if onPage {
            guard let pageSession else { throw Failure(description: "open a page first") }
            message["sessionId"] = pageSession
        }
        let data = try JSONSerialization.data(withJSONObject: message)
        let reply: Data = try await withCheckedThrowingContinuation { continuation in
            io.async { [self] in
                do { continuation.resume(returning: try exchange(data, method: method)) } catch { continuation.resume(throwing: error) }
            }
        }
        return try JSONSerialization.jsonObject(with: reply) as? [String: Any] ?? [:]
    }

    /// Blocking, on `io`: writes the command (`data`, a JSON object, gets its id) and reads
    /// messages, skipping events, until its answer; returns the answer's result as JSON.
    private func exchange(_ data: Data, method: String) throws -> Data {
        nextID += 1
        let id = nextID
        var bytes = Array("{\"id\":\(id),".utf8) + Array(data.dropFirst()) + [0]
        while !bytes.isEmpty {
            let n = write(toBrowser, bytes, bytes.count)
            guard n > 0 else { throw Failure(description: "chromium closed its pipe (errno \(errno))") }
            bytes.removeFirst(n)
        }
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if let end = buffer.firstIndex(of: 0) {
                let body = Data(buffer[..<end])
                buffer.removeSubrange(...end)
                guard let reply = try JSONSerialization.jsonObject(with: body) as? [String: Any], reply["id"] as? Int == id else {
                    continue
                }
                if let error = reply["error"] { throw Failure(description: "\(method) failed: \(error)") }
                return try JSONSerialization.data(withJSONObject: reply["result"] as? [String: Any] ?? [:])
            }
            var poller = pollfd(fd: fromBrowser, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 1000) >= 0 else { throw Failure(description: "poll failed: errno \(errno)") }
            guard poller.revents != 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            let n = read(fromBrowser, &chunk, chunk.count)
            guard n > 0 else { throw Failure(description: "chromium exited") }
            buffer += chunk[..<n]
        }
        throw Failure(description: "no answer from chromium to \(method) within 60 s")
    }
}
