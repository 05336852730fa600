import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// One GET that streams its body into a file as it arrives, asking for the bytes after `offset`
/// with an HTTP Range header. What arrived stays in the file when the connection drops, so the
/// next attempt (or the next run) continues where this one stopped.
final class RangeRequest: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    struct Outcome {
        var status: Int
        /// Bytes in the file after the request.
        var fileSize: Int64
        /// The complete file's size, from Content-Range or Content-Length, when the server said.
        var totalSize: Int64?
        /// Set when the transfer stopped early (connection dropped, timeout).
        var error: Error?
    }

    private let lock = NSLock()
    private let url: URL
    private let file: URL
    private let offset: Int64
    private let progress: @Sendable (Int64, Int64?) -> Void
    // Guarded by `lock`: URLSession calls the delegate on its own queue.
    private var handle: FileHandle?
    private var status = 0
    private var written: Int64 = 0
    private var total: Int64?
    private var continuation: CheckedContinuation<Outcome, Never>?

    init(url: URL, file: URL, offset: Int64, progress: @escaping @Sendable (Int64, Int64?) -> Void) {
        self.url = url
        self.file = file
        self.offset = offset
        self.progress = progress
    }

    func run(timeout: TimeInterval) async -> Outcome {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = timeout
        config.urlCache = nil
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1
        let session = URLSession(configuration: config, delegate: self, delegateQueue: queue)
        var request = URLRequest(url: url)
        if offset > 0 { request.setValue("bytes=\(offset)-", forHTTPHeaderField: "Range") }
        // Compressed transfer would make byte offsets meaningless.
        request.setValue("identity", forHTTPHeaderField: "Accept-Encoding")
        let outcome = await withCheckedContinuation { c in
            lock.withLock { continuation = c }
            session.dataTask(with: request).resume()
        }
        session.finishTasksAndInvalidate()
        return outcome
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        let http = response as? HTTPURLResponse
        lock.withLock {
            status = http?.statusCode ?? 0
            switch status {
            case 206:
                // "bytes 100-999/1000": append after what we have.
                total = (http?.value(forHTTPHeaderField: "Content-Range")?.split(separator: "/").last).flatMap { Int64($0) }
                let start = http?.value(forHTTPHeaderField: "Content-Range")?
                    .split(separator: " ").last?.split(separator: "-").first.flatMap { Int64($0) }
                if start == offset, let h = try? FileHandle(forWritingTo: file) {
                    h.seekToEndOfFile()
                    handle = h
                    written = offset
                } else {
                    status = -206  // a range we did not ask for: start over
                }
            case 200:
                // The whole file (the server ignored Range, or there was nothing to resume).
                total = http.flatMap { $0.expectedContentLength >= 0 ? $0.expectedContentLength : nil }
                FileManager.default.createFile(atPath: file.path, contents: nil)
                handle = try? FileHandle(forWritingTo: file)
                written = 0
            default:
                break
            }
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let report: (Int64, Int64?)? = lock.withLock {
            guard let handle else { return nil }
            handle.write(data)
            written += Int64(data.count)
            return (written, total)
        }
        if let report { progress(report.0, report.1) }
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: Error?) {
        let (c, outcome): (CheckedContinuation<Outcome, Never>?, Outcome) = lock.withLock {
            try? handle?.synchronize()
            try? handle?.close()
            handle = nil
            let size = DownloadCache.size(of: file)
            defer { continuation = nil }
            return (continuation, Outcome(status: status, fileSize: size, totalSize: total, error: error))
        }
        c?.resume(returning: outcome)
    }
}
