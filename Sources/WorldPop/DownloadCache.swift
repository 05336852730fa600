import Foundation
import HTTPRetry

/// WorldPop files kept on disk between runs, laid out as on the server. A file appears under its
/// final name only once it is complete and verified (size as announced, and `verify` accepts it —
/// the caller checks that GDAL opens it), so a cache hit never needs a network round trip.
///
/// Downloads go through libcurl to `<name>.part`, from the servers in order: WorldPop's FTP
/// mirror first, which resumes a dropped transfer where it stopped (`REST`), then HTTPS, where
/// data.worldpop.org ignores Range so a dropped transfer starts again from byte 0 (and the
/// report says so). A part left by an interrupted run is resumed by the next.
public struct DownloadCache: Sendable {
    public var directory: URL
    /// Servers tried in order for each file (a 404 or an unreachable server moves to the next).
    public var servers: [URL]
    /// Attempts per file and server for dropped connections and the answers the policy retries
    /// (each resumes when it can), and the backoff between them.
    public var retry = RetryPolicy.downloads
    /// Seconds without data before an attempt is abandoned (and resumed by the next).
    public var timeout: TimeInterval = 60
    public var verify: @Sendable (URL) throws -> Void

    /// The first server (kept for callers that know one).
    public var server: URL {
        get { servers[0] }
        set { servers[0] = newValue }
    }

    public init(
        directory: URL, server: URL = URL(string: WorldPopCatalogue.defaultServer)!,
        verify: @escaping @Sendable (URL) throws -> Void
    ) {
        self.init(directory: directory, servers: [server], verify: verify)
    }

    public init(directory: URL, servers: [URL], verify: @escaping @Sendable (URL) throws -> Void) {
        precondition(!servers.isEmpty, "a download cache needs a server")
        self.directory = directory
        self.servers = servers
        self.verify = verify
    }

    /// WorldPop's FTP mirror (resume), then data.worldpop.org (HTTPS).
    public static var defaultServers: [URL] {
        [URL(string: WorldPopCatalogue.defaultMirror)!, URL(string: WorldPopCatalogue.defaultServer)!]
    }

    /// `~/.cache/worldpop-dhis2` (or `$XDG_CACHE_HOME/worldpop-dhis2`).
    public static var defaultDirectory: URL {
        let env = ProcessInfo.processInfo.environment
        if let xdg = env["XDG_CACHE_HOME"], !xdg.isEmpty { return URL(fileURLWithPath: xdg).appendingPathComponent("worldpop-dhis2") }
        return FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".cache/worldpop-dhis2")
    }

    /// The folder given (`--cache-dir`, the settings' `worldpop.cache`), else the default.
    public static func directory(_ given: String?) -> URL { given.map { URL(fileURLWithPath: $0) } ?? defaultDirectory }

    public func localURL(for file: WorldPopFile) -> URL { directory.appendingPathComponent(file.path) }

    public func remoteURL(for file: WorldPopFile) -> URL { server.appendingPathComponent(file.path) }

    /// The complete cached copy, under whichever of the file's paths the server had it (paths that
    /// would land outside the folder are never looked at).
    public func cachedURL(for file: WorldPopFile) -> URL? {
        file.candidatePaths.compactMap { CacheFolder.place($0, under: directory) }.first { FileManager.default.fileExists(atPath: $0.path) }
    }

    /// Whether the file is already complete in the cache.
    public func contains(_ file: WorldPopFile) -> Bool { cachedURL(for: file) != nil }

    /// The cached copy when it passes its check; nil when there is none or it fails (left in place:
    /// the download plan and dry runs only look).
    public func checkedCachedURL(for file: WorldPopFile) -> URL? {
        guard let hit = cachedURL(for: file), (try? verify(hit)) != nil else { return nil }
        return hit
    }

    /// The cached copy without the network: one that fails its check is removed (a run of an
    /// earlier version may have kept a cut-short file) and named, as it cannot be fetched again here.
    public func offlineCopy(of file: WorldPopFile) throws -> URL? {
        guard let hit = cachedURL(for: file) else { return nil }
        do {
            try verify(hit)
            return hit
        } catch {
            try? FileManager.default.removeItem(at: hit)
            throw WorldPopError.brokenCachedFile(path: hit.path, reason: "\(error)")
        }
    }

    /// The cached file, downloading (or resuming) it first when needed. `progress` gets bytes so
    /// far and the file's size when known.
    public func fetch(_ file: WorldPopFile, progress: @escaping @Sendable (Int64, Int64?) -> Void = { _, _ in }) async throws -> URL {
        try await download(file, progress: progress).local
    }

    /// Like `fetch`, with what the transfer took: bytes carried, resumes, restarts from zero.
    /// `announced` is the size a size query (the download plan's HEAD) gave for a URL: a body that
    /// ends short of it is never installed.
    public func download(
        _ file: WorldPopFile, announced: (url: URL, size: Int64)? = nil,
        progress: @escaping @Sendable (Int64, Int64?) -> Void = { _, _ in }
    ) async throws -> DownloadReport {
        var notes: [String] = []
        if let hit = cachedURL(for: file) {
            do {
                try verify(hit)
                return DownloadReport(file: file, local: hit, remote: nil, size: Self.size(of: hit))
            } catch {
                // Fetched again once: what the new copy's own check says is final.
                try? FileManager.default.removeItem(at: hit)
                notes.append("the cached \(hit.path) failed its check (\(error)): it was removed and downloaded again")
            }
        }
        var missing: [String] = []
        var problems: [String] = []
        var lastError: Error?
        for server in servers {
            serverLoop: for path in file.candidatePaths {
                do {
                    var report = try await download(path: path, of: file, from: server, announced: announced, progress: progress)
                    report.notes = notes + problems + report.notes
                    return report
                } catch let WorldPopError.notFound(url) {
                    missing.append(url)
                } catch let error as CancellationError {
                    throw error
                } catch let error as WorldPopError where error.isLocal {
                    // The disk or the answer is at fault: another server cannot do better.
                    throw error
                } catch {
                    // Another server may do better (the FTP mirror unreachable, HTTPS fine).
                    lastError = error
                    problems.append("\(server.absoluteString) failed: \(error)")
                    break serverLoop
                }
            }
        }
        if let lastError { throw lastError }
        throw WorldPopError.notFound(url: missing.first ?? remoteURL(for: file).absoluteString)
    }

    private func download(
        path: String, of file: WorldPopFile, from server: URL, announced: (url: URL, size: Int64)?,
        progress: @escaping @Sendable (Int64, Int64?) -> Void
    ) async throws -> DownloadReport {
        let url = server.appendingPathComponent(path)
        guard let target = CacheFolder.place(path, under: directory) else {
            throw WorldPopError.pathOutsideCache(url: url.absoluteString, folder: directory.path)
        }
        if FileManager.default.fileExists(atPath: target.path) {
            return DownloadReport(file: file, local: target, remote: url, size: Self.size(of: target))
        }
        if let code = CacheFolder.makeFolder(target.deletingLastPathComponent()) {
            throw CacheFolder.writeError(errno: code, folder: directory, url: url.absoluteString, needed: nil)
        }
        // One writer per file across processes (two syncs, or serve and a cron job, sharing the
        // cache): the second waits, then finds the file complete.
        let lock: FileLock
        do {
            lock = try await FileLock(target.appendingPathExtension("lock"))
        } catch let FileLock.Failure.cannotOpen(code) {
            throw CacheFolder.writeError(errno: code, folder: directory, url: url.absoluteString, needed: nil)
        }
        defer { lock.release() }
        if FileManager.default.fileExists(atPath: target.path) {
            return DownloadReport(file: file, local: target, remote: url, size: Self.size(of: target))
        }
        let part = target.appendingPathExtension("part")
        let isHTTP = url.scheme?.lowercased().hasPrefix("http") == true
        var report = DownloadReport(file: file, local: target, remote: url, size: 0)

        // FTP answers SIZE before the transfer: the expected size, and a 550 for a missing file. Over
        // HTTP the plan's HEAD said it; a GET's own Content-Length cannot vouch for its body.
        var expected: Int64? = announced?.url == url ? announced?.size : nil
        if !isHTTP {
            let size = await CurlTransfer(url: url, sink: .sizeOnly, stallTimeout: Int(timeout), connectTimeout: Int(timeout)).run()
            if size.notFound { throw WorldPopError.notFound(url: url.absoluteString) }
            if size.completed { expected = size.announced }
        }
        var ignoresRange = false
        var lastProblem = ""
        var attempt = 0
        var backoff = false
        while attempt < retry.maxAttempts {
            attempt += 1
            if backoff { try await Task.sleep(for: retry.delay(afterAttempt: attempt - 1)) }
            backoff = true
            var have = Self.size(of: part)
            if let expected, have > expected {
                try? FileManager.default.removeItem(at: part)
                have = 0
            }
            if let expected, have == expected, have > 0 {
                return try install(part, as: target, from: url, expected: expected, report: report)
            }
            let from = isHTTP && ignoresRange ? 0 : have
            if from > 0 { report.resumes += 1 } else if have > 0 { report.restarts += 1 }
            let knownSize = expected
            let outcome = await CurlTransfer(
                url: url, sink: .file(part), resumeFrom: from, stallTimeout: Int(timeout), connectTimeout: Int(timeout)
            )
            .run { received in progress(from + received, knownSize) }
            try Task.checkCancellation()
            report.bytesTransferred += outcome.received
            if let code = outcome.writeErrno, CacheFolder.isFatal(errno: code) {
                // A full disk or a read-only folder: no retry mends it, so stop at once.
                let needed = expected.map { max($0 - Self.size(of: part), 0) }
                throw CacheFolder.writeError(errno: code, folder: directory, url: url.absoluteString, needed: needed)
            }
            if outcome.notFound {
                if Self.size(of: part) == 0 { try? FileManager.default.removeItem(at: part) }
                throw WorldPopError.notFound(url: url.absoluteString)
            }
            if outcome.rangeIgnored {
                // The server sent 200 to our Range: nothing was kept; start again from byte 0 at once.
                ignoresRange = true
                report.resumes -= 1
                attempt -= 1
                backoff = false
                continue
            }
            if outcome.restartedFromZero {
                ignoresRange = true
                report.restarts += 1
                report.resumes -= 1
            }
            if isHTTP {
                switch outcome.responseCode {
                case 200, 206:
                    if expected == nil, let announced = outcome.announced {
                        expected = outcome.responseCode == 206 ? from + announced : announced
                    }
                case 416 where have > 0:
                    // Nothing after our offset: either the part is complete, or the file changed on
                    // the server. Verification tells; a failed check restarts from zero.
                    if let done = try? install(part, as: target, from: url, expected: expected, report: report) { return done }
                    lastProblem = "the server's file changed; starting again"
                    continue
                case let status where retry.retries(status: status):
                    lastProblem = "HTTP \(status)"
                    continue
                case 0:
                    lastProblem = outcome.message
                    continue
                default:
                    throw WorldPopError.httpStatus(url: url.absoluteString, status: outcome.responseCode)
                }
            }
            let got = Self.size(of: part)
            guard outcome.completed else {
                lastProblem = "the connection broke after \(got) bytes (\(outcome.message))"
                continue
            }
            if let expected, got != expected {
                if got > expected || isHTTP {
                    // Over HTTP curl checked the body against the GET's Content-Length: a complete
                    // body of another size than announced is the server's answer, not a drop.
                    try? FileManager.default.removeItem(at: part)
                    throw WorldPopError.sizeMismatch(url: url.absoluteString, expected: expected, got: got)
                }
                lastProblem = "got \(got) of \(expected) bytes"
                continue
            }
            if ignoresRange, report.restarts > 0 {
                report.notes.append(
                    "\(url.host ?? url.absoluteString) ignores HTTP Range: \(file.fileName) started again from byte 0 "
                        + "\(report.restarts) time(s) after dropped connections (\(report.bytesTransferred) bytes carried for \(got)); "
                        + "the FTP mirror resumes instead")
            }
            return try install(part, as: target, from: url, expected: expected, report: report)
        }
        throw WorldPopError.downloadFailed(url: url.absoluteString, attempts: retry.maxAttempts, reason: lastProblem)
    }

    /// The check a file passes before it gets its final name: the size announced, then `verify`.
    private func check(_ part: URL, expected: Int64?, url: URL) throws {
        let got = Self.size(of: part)
        if let expected, got != expected { throw WorldPopError.sizeMismatch(url: url.absoluteString, expected: expected, got: got) }
        do {
            try verify(part)
        } catch {
            throw WorldPopError.notARaster(url: url.absoluteString, reason: String(describing: error))
        }
    }

    /// Checks the complete download and moves it into place (rename: atomic on one file system).
    /// Nothing that fails the check is ever under the final name.
    private func install(_ part: URL, as target: URL, from url: URL, expected: Int64?, report: DownloadReport) throws -> DownloadReport {
        do {
            try check(part, expected: expected, url: url)
        } catch {
            try? FileManager.default.removeItem(at: part)
            throw error
        }
        let size = Self.size(of: part)
        guard rename(part.path, target.path) == 0 else {
            throw WorldPopError.downloadFailed(
                url: url.absoluteString, attempts: 1,
                reason: "cannot move it into \(target.path): \(String(cString: strerror(errno)))")
        }
        var done = report
        done.size = size
        return done
    }

    /// The file's size on the first server that has it (HTTP HEAD, FTP SIZE), without downloading.
    public func remoteSize(of file: WorldPopFile) async -> (url: URL, size: Int64?)? {
        for server in servers {
            for path in file.candidatePaths {
                let url = server.appendingPathComponent(path)
                let outcome = await CurlTransfer(url: url, sink: .sizeOnly, stallTimeout: Int(timeout), connectTimeout: Int(timeout)).run()
                if outcome.notFound { continue }
                if outcome.completed, !outcome.isHTTP || outcome.responseCode == 200 { return (url, outcome.announced) }
                break  // unreachable or failing: the next server
            }
        }
        return nil
    }

    static func size(of url: URL) -> Int64 {
        ((try? FileManager.default.attributesOfItem(atPath: url.path))?[.size] as? NSNumber)?.int64Value ?? 0
    }
}

/// What getting one file took.
public struct DownloadReport: Sendable {
    public var file: WorldPopFile
    /// The complete, verified file on disk.
    public var local: URL
    /// Where it came from; nil when it was already in the cache.
    public var remote: URL?
    public var size: Int64
    /// Body bytes the network carried for it (more than `size` after restarts from zero).
    public var bytesTransferred: Int64 = 0
    /// Transfers that continued from where the part stopped (FTP REST, HTTP Range).
    public var resumes = 0
    /// Transfers that started again from byte 0 with a part on disk (a server ignoring Range).
    public var restarts = 0
    /// Plain-words notes for the report (restarts, a server that failed before another worked).
    public var notes: [String] = []
}
