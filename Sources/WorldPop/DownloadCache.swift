import Foundation

/// WorldPop files kept on disk between runs, laid out as on the server. A file appears under its
/// final name only once it is complete and verified (size as announced, and `verify` accepts it —
/// the caller checks that GDAL opens it), so a cache hit never needs a network round trip.
/// Downloads go to `<name>.part` and resume from there with HTTP Range after a dropped
/// connection or an interrupted run.
public struct DownloadCache: Sendable {
    public var directory: URL
    public var server: URL
    /// Attempts per file for dropped connections and 5xx answers (each resumes).
    public var attempts = 6
    /// Seconds without data before an attempt is abandoned (and resumed by the next).
    public var timeout: TimeInterval = 60
    /// Backoff before attempt n is `baseDelay × 2^(n-1)` seconds.
    public var baseDelay: Double = 1
    public var verify: @Sendable (URL) throws -> Void

    public init(directory: URL, server: URL = URL(string: WorldPopCatalogue.defaultServer)!,
                verify: @escaping @Sendable (URL) throws -> Void) {
        self.directory = directory
        self.server = server
        self.verify = verify
    }

    /// `~/.cache/worldpop-dhis2` (or `$XDG_CACHE_HOME/worldpop-dhis2`).
    public static var defaultDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("worldpop-dhis2") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/worldpop-dhis2")
    }

    public func localURL(for file: WorldPopFile) -> URL { directory.appendingPathComponent(file.path) }

    public func remoteURL(for file: WorldPopFile) -> URL { server.appendingPathComponent(file.path) }

    /// Whether the file is already complete in the cache.
    public func contains(_ file: WorldPopFile) -> Bool { FileManager.default.fileExists(atPath: localURL(for: file).path) }

    /// The cached file, downloading (or resuming) it first when needed. `progress` gets bytes so
    /// far and the file's size when known.
    public func fetch(_ file: WorldPopFile, progress: @escaping @Sendable (Int64, Int64?) -> Void = { _, _ in }) async throws -> URL {
        let target = localURL(for: file)
        if FileManager.default.fileExists(atPath: target.path) { return target }
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        // One writer per file across processes (two syncs, or serve and a cron job, sharing the
        // cache): the second waits, then finds the file complete.
        let lock = try await FileLock(target.appendingPathExtension("lock"))
        defer { lock.release() }
        if FileManager.default.fileExists(atPath: target.path) { return target }
        let part = target.appendingPathExtension("part")
        let url = remoteURL(for: file)
        var lastProblem = ""
        for attempt in 1...attempts {
            if attempt > 1 { try await Task.sleep(nanoseconds: UInt64(baseDelay * pow(2, Double(attempt - 2)) * 1e9)) }
            let have = Self.size(of: part)
            let outcome = await RangeRequest(url: url, file: part, offset: have, progress: progress).run(timeout: timeout)
            switch outcome.status {
            case 200, 206:
                if let error = outcome.error {
                    lastProblem = "the connection broke after \(outcome.fileSize) bytes (\(error.localizedDescription))"
                    continue
                }
                if let total = outcome.totalSize, outcome.fileSize != total {
                    if outcome.fileSize > total {
                        try? FileManager.default.removeItem(at: part)
                        throw WorldPopError.sizeMismatch(url: url.absoluteString, expected: total, got: outcome.fileSize)
                    }
                    lastProblem = "got \(outcome.fileSize) of \(total) bytes"
                    continue
                }
                return try install(part, as: target, from: url)
            case 416 where have > 0:
                // Nothing after our offset: either the part is complete, or the file changed on
                // the server. Verification tells; a failed check restarts from zero.
                if (try? verify(part)) != nil { return try install(part, as: target, from: url) }
                try? FileManager.default.removeItem(at: part)
                lastProblem = "the server's file changed; starting again"
            case -206:
                try? FileManager.default.removeItem(at: part)
                lastProblem = "the server answered a different byte range; starting again"
            case 404:
                throw WorldPopError.notFound(url: url.absoluteString)
            case 0:
                lastProblem = outcome.error.map { $0.localizedDescription } ?? "no answer"
            case 500...599, 429:
                lastProblem = "HTTP \(outcome.status)"
            default:
                throw WorldPopError.httpStatus(url: url.absoluteString, status: outcome.status)
            }
        }
        throw WorldPopError.downloadFailed(url: url.absoluteString, attempts: attempts, reason: lastProblem)
    }

    /// Verifies the complete download and moves it into place (rename: atomic on one file system).
    private func install(_ part: URL, as target: URL, from url: URL) throws -> URL {
        do {
            try verify(part)
        } catch {
            try? FileManager.default.removeItem(at: part)
            throw WorldPopError.notARaster(url: url.absoluteString, reason: String(describing: error))
        }
        guard rename(part.path, target.path) == 0 else {
            throw WorldPopError.downloadFailed(url: url.absoluteString, attempts: 1, reason: "cannot move it into \(target.path): \(String(cString: strerror(errno)))")
        }
        return target
    }

    static func size(of url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}
