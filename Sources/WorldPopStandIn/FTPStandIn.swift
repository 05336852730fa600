import Foundation
import TestSupport

/// A local stand-in for WorldPop's FTP mirror (ftp.worldpop.org.uk): Debian's pyftpdlib serving a
/// folder anonymously, with `REST` resume as the real mirror has, and the fault downloads must
/// survive: every data connection is cut after `dropEvery` bytes, mid-file ("426 Transfer
/// aborted"). Each RETR (with its REST offset) and the bytes each data connection carried are
/// logged, so tests can count what crossed the wire.
public final class FTPStandIn: @unchecked Sendable {
    public struct Retrieval: Sendable, Hashable {
        public var path: String
        public var restartAt: Int64
    }

    private let root: URL
    private let dropEvery: Int64
    private let work: URL
    private var process: Process?

    /// `dropEvery` 0 never drops.
    public init(root: URL, dropEvery: Int64 = 0) {
        self.root = root
        self.dropEvery = dropEvery
        work = FileManager.default.temporaryDirectory.appendingPathComponent("ftp-standin-\(UUID().uuidString)")
    }

    /// Debian's Python, where python3-pyftpdlib installs (a pyenv python3 on PATH would not have it).
    static let python = URL(
        fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "/usr/local/bin/python3")

    /// Whether python3 with pyftpdlib is installed (`apt-get install python3-pyftpdlib`).
    public static var isAvailable: Bool {
        let p = Process()
        p.executableURL = python
        p.arguments = ["-c", "import pyftpdlib"]
        p.standardError = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }

    /// Starts on 127.0.0.1 (ephemeral port) and returns the server root URL.
    public func start() async throws -> URL {
        try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
        let script = work.appendingPathComponent("ftp_standin.py")
        try Self.script.write(to: script, atomically: true, encoding: .utf8)
        let portFile = work.appendingPathComponent("port")
        let p = Process()
        p.executableURL = Self.python
        p.arguments = [script.path, root.path, String(dropEvery), logURL.path, portFile.path]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        process = p
        do {
            let port = try await poll(
                "the FTP stand-in (python3 + pyftpdlib) to write its port to \(portFile.path)", timeout: .seconds(10)
            ) { () -> Int? in
                guard p.isRunning else {
                    throw StandInError(
                        message: "the FTP stand-in (python3 + pyftpdlib) exited at start: apt-get install python3-pyftpdlib")
                }
                return (try? String(contentsOf: portFile, encoding: .utf8)).flatMap {
                    Int($0.trimmingCharacters(in: .whitespacesAndNewlines))
                }
            }
            return URL(string: "ftp://127.0.0.1:\(port)/")!
        } catch {
            stop()
            throw error
        }
    }

    /// SIGTERM, then a short wait for the exit (no run loop: this may run on a task's thread).
    public func stop() {
        if let process, process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            for _ in 0..<100 where process.isRunning { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        process = nil
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(at: work)
    }

    private var logURL: URL { work.appendingPathComponent("log.jsonl") }

    private var logLines: [[String: Any]] {
        guard let text = try? String(contentsOf: logURL, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    /// Every RETR, in order, with the offset REST asked for.
    public var retrievals: [Retrieval] {
        logLines.compactMap { line in
            guard let path = line["retr"] as? String else { return nil }
            return Retrieval(path: path, restartAt: (line["rest"] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// Bytes each data connection carried (listings included).
    public var bytesSent: [Int64] { logLines.compactMap { ($0["sent"] as? NSNumber)?.int64Value } }

    struct StandInError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }

    /// pyftpdlib with a data channel that cuts itself after `drop_every` bytes.
    static let script = #"""
        import json, logging, signal, sys
        # A child inherits its spawning thread's blocked signals: unblock SIGTERM so stop() works.
        signal.pthread_sigmask(signal.SIG_UNBLOCK, [signal.SIGTERM, signal.SIGINT])
        from pyftpdlib.authorizers import DummyAuthorizer
        from pyftpdlib.handlers import DTPHandler, FTPHandler
        from pyftpdlib.servers import FTPServer

        root, drop_every, log_path, port_path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
        logging.basicConfig(level=logging.CRITICAL)

        def log(entry):
            with open(log_path, "a") as f:
                f.write(json.dumps(entry) + "\n")

        class DroppingDTP(DTPHandler):
            def __init__(self, sock, cmd_channel):
                super().__init__(sock, cmd_channel)
                self.sent_here = 0
                self.dropping = False

            def send(self, data):
                if self.dropping:
                    return 0
                if drop_every > 0 and self.sent_here + len(data) >= drop_every:
                    data = data[: drop_every - self.sent_here]
                    n = super().send(data) if data else 0
                    self.sent_here += n
                    if self.sent_here >= drop_every:
                        # Mid-file: the data connection ends, the control connection says 426.
                        self.dropping = True
                        self.ioloop.call_later(0.01, self.handle_close)
                    return n
                n = super().send(data)
                self.sent_here += n
                return n

            def close(self):
                if not getattr(self, "logged", False):
                    self.logged = True
                    log({"sent": self.sent_here})
                super().close()

        class Handler(FTPHandler):
            dtp_handler = DroppingDTP
            use_sendfile = False  # sendfile() would bypass the counting send()

            def ftp_RETR(self, file):
                log({"retr": self.fs.fs2ftp(file).lstrip("/"), "rest": self._restart_position})
                return super().ftp_RETR(file)

        authorizer = DummyAuthorizer()
        authorizer.add_anonymous(root)
        Handler.authorizer = authorizer
        Handler.banner = "worldpop-dhis2 FTP stand-in"
        server = FTPServer(("127.0.0.1", 0), Handler)
        with open(port_path + ".tmp", "w") as f:
            f.write(str(server.socket.getsockname()[1]))
        import os
        os.rename(port_path + ".tmp", port_path)
        server.serve_forever()
        """#
}
