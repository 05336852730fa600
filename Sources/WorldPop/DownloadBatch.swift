import Foundation

/// Progress of several downloads at once: the file that moved, and the whole batch.
public struct BatchProgress: Sendable {
    public var file: WorldPopFile
    public var fileDone: Int64
    public var fileTotal: Int64?
    /// Bytes on disk for the batch's downloads so far, and the plan's total (0 when unknown).
    public var overallDone: Int64
    public var overallTotal: Int64
    public var filesDone: Int
    public var fileCount: Int

    /// "cod_pop_2020_…tif 45% · all 3/8 files, 1.2 GB of 2.9 GB"
    public var label: String {
        let share = fileTotal.map { $0 > 0 ? " \(Int(Double(fileDone) / Double($0) * 100))%" : "" } ?? ""
        let all = overallTotal > 0 ? ", \(DownloadPlan.bytes(overallDone)) of \(DownloadPlan.bytes(overallTotal))" : ""
        return "WorldPop \(file.fileName)\(share) · all \(filesDone)/\(fileCount) files\(all)"
    }

    public var fraction: Double {
        overallTotal > 0 ? min(Double(overallDone) / Double(overallTotal), 1) : Double(filesDone) / Double(max(fileCount, 1))
    }
}

extension RasterStore {
    /// Every file on disk, downloading the missing ones with at most `parallel` transfers at a
    /// time (WorldPop asks for no more than 4 connections). Results in the order of `files`; one
    /// failure does not stop the others, except a full disk: no file after it is started.
    public func locateAll(
        _ files: [WorldPopFile], plan: DownloadPlan? = nil, parallel: Int = 4,
        progress: @escaping @Sendable (BatchProgress) -> Void = { _ in }
    ) async -> [Result<DownloadReport, Error>] {
        let tally = Tally(total: plan?.totalBytes ?? 0, count: files.count)
        return await boundedMap(files, parallel: parallel) { file -> Result<DownloadReport, Error> in
            let result: Result<DownloadReport, Error>
            do {
                if let stop = tally.stopped { throw stop }
                if let local = folderCopy(of: file) {
                    result = .success(DownloadReport(file: file, local: local, remote: nil, size: DownloadCache.size(of: local)))
                } else if offline {
                    guard let cached = try cache.offlineCopy(of: file) else {
                        throw WorldPopError.missingLocalFile(path: file.path, folder: folder?.path ?? cache.directory.path)
                    }
                    result = .success(DownloadReport(file: file, local: cached, remote: nil, size: DownloadCache.size(of: cached)))
                } else {
                    result = .success(
                        try await cache.download(file, announced: plan?.announcedSize(of: file)) { done, total in
                            progress(tally.moved(file, done: done, total: total))
                        })
                }
            } catch let WorldPopError.diskFull(folder, url, needed, free) {
                // The plan knows what the whole run needs, not only this file's rest.
                let total = (plan?.totalBytes).flatMap { $0 > 0 ? $0 : nil } ?? needed
                let error = WorldPopError.diskFull(folder: folder, url: url, needed: total, free: free)
                tally.stop(error)
                result = .failure(error)
            } catch {
                result = .failure(error)
            }
            progress(tally.finished(file))
            return result
        }
    }
}

/// Bytes per file in flight, summed for the overall line, and the error that stops the batch.
/// Called from several transfer threads.
private final class Tally: @unchecked Sendable {
    private let lock = NSLock()
    private var stopping: WorldPopError?
    private var perFile: [String: Int64] = [:]
    private var totals: [String: Int64] = [:]
    private var done = 0
    private let total: Int64
    private let count: Int

    init(total: Int64, count: Int) {
        self.total = total
        self.count = count
    }

    var stopped: WorldPopError? { lock.withLock { stopping } }

    func stop(_ error: WorldPopError) { lock.withLock { stopping = stopping ?? error } }

    func moved(_ file: WorldPopFile, done bytes: Int64, total fileTotal: Int64?) -> BatchProgress {
        lock.withLock {
            perFile[file.path] = bytes
            if let fileTotal { totals[file.path] = fileTotal }
            return BatchProgress(
                file: file, fileDone: bytes, fileTotal: fileTotal, overallDone: perFile.values.reduce(0, +),
                overallTotal: total, filesDone: done, fileCount: count)
        }
    }

    func finished(_ file: WorldPopFile) -> BatchProgress {
        lock.withLock {
            done += 1
            let bytes = perFile[file.path] ?? 0
            return BatchProgress(
                file: file, fileDone: bytes, fileTotal: totals[file.path], overallDone: perFile.values.reduce(0, +),
                overallTotal: total, filesDone: done, fileCount: count)
        }
    }
}
