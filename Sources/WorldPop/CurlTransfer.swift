import CCurl
import Foundation
import ProgramInfo

/// One transfer through libcurl's easy API: a download into a file (appending from `resumeFrom`:
/// FTP `REST`, HTTP `Range`), a download into memory (the hub's JSON), or a size query (HTTP
/// HEAD, FTP `SIZE`). curl blocks while it transfers, so each transfer runs on its own thread and
/// the async caller waits on a continuation: the cooperative pool is never blocked.
struct CurlTransfer: Sendable {
    enum Sink: Sendable {
        case file(URL)
        case memory
        case sizeOnly
    }

    struct Outcome: Sendable {
        /// libcurl's CURLcode (0: the transfer completed).
        var code: Int
        var message: String
        /// HTTP status, or the last FTP reply code (226 complete, 426 aborted, 550 missing).
        var responseCode: Int
        /// Body bytes received by this transfer (what the network carried).
        var received: Int64
        /// Bytes the server announced for this transfer (Content-Length, or FTP SIZE − REST), when known.
        var announced: Int64?
        var body: Data
        var isHTTP: Bool
        /// The HTTP server ignored our Range and sent the whole file, which replaced the part.
        var restartedFromZero = false
        /// errno of a failed open or write of the part (ENOSPC, EROFS …): the disk's problem, not the network's.
        var writeErrno: Int32?

        var completed: Bool { code == 0 }
        /// The HTTP server answered a Range request with the whole file (CURLE_RANGE_ERROR).
        var rangeIgnored: Bool { code == 33 }
        var notFound: Bool { code == 78 || (isHTTP && responseCode == 404) || (!isHTTP && responseCode == 550) }
    }

    var url: URL
    var sink: Sink
    var resumeFrom: Int64 = 0
    /// Seconds below 1 byte/s before the transfer is abandoned (and resumed by the next attempt).
    var stallTimeout: Int = 60
    var connectTimeout: Int = 30

    private static let initialised: Bool = ccurl_global_init() == CURLE_OK

    /// Runs the transfer; `progress` gets the body bytes received so far by this transfer.
    func run(progress: @escaping @Sendable (Int64) -> Void = { _ in }) async -> Outcome {
        let context = Context(
            sink: sink, resumeFrom: resumeFrom, isHTTP: url.scheme?.lowercased().hasPrefix("http") == true, progress: progress)
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Outcome, Never>) in
                let thread = Thread { continuation.resume(returning: perform(context)) }
                thread.name = "worldpop-curl"
                thread.start()
            }
        } onCancel: {
            context.cancel()
        }
    }

    private func perform(_ context: Context) -> Outcome {
        let isHTTP = url.scheme?.lowercased().hasPrefix("http") == true
        func failure(_ message: String) -> Outcome {
            Outcome(code: -1, message: message, responseCode: 0, received: 0, announced: nil, body: Data(), isHTTP: isHTTP)
        }
        guard Self.initialised, let handle = curl_easy_init() else { return failure("libcurl could not be initialised") }
        defer { curl_easy_cleanup(handle) }
        if case .file(let path) = sink {
            // Append after what is there; a transfer from 0 starts the file again.
            let flags = O_WRONLY | O_CREAT | (resumeFrom > 0 ? O_APPEND : O_TRUNC)
            context.descriptor = open(path.path, flags, 0o644)
            guard context.descriptor >= 0 else {
                let code = errno
                var outcome = failure("cannot write \(path.path): \(String(cString: strerror(code)))")
                outcome.writeErrno = code
                return outcome
            }
        }
        defer { if context.descriptor >= 0 { close(context.descriptor) } }
        context.handle = handle

        var errorBuffer = [CChar](repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        let code: CURLcode = errorBuffer.withUnsafeMutableBufferPointer { buffer in
            _ = ccurl_set_string(handle, CURLOPT_URL, url.absoluteString)
            _ = ccurl_set_pointer(handle, CURLOPT_ERRORBUFFER, buffer.baseAddress)
            _ = ccurl_set_long(handle, CURLOPT_NOSIGNAL, 1)
            _ = ccurl_set_long(handle, CURLOPT_FOLLOWLOCATION, 1)
            _ = ccurl_set_long(handle, CURLOPT_MAXREDIRS, 5)
            _ = ccurl_set_long(handle, CURLOPT_CONNECTTIMEOUT, connectTimeout)
            _ = ccurl_set_long(handle, CURLOPT_LOW_SPEED_LIMIT, 1)
            _ = ccurl_set_long(handle, CURLOPT_LOW_SPEED_TIME, stallTimeout)
            _ = ccurl_set_string(handle, CURLOPT_USERAGENT, "\(Program.userAgent) (libcurl)")
            // Compressed transfer would make byte offsets meaningless: no Accept-Encoding is sent.
            if case .sizeOnly = sink { _ = ccurl_set_long(handle, CURLOPT_NOBODY, 1) }
            if resumeFrom > 0 { _ = ccurl_set_off(handle, CURLOPT_RESUME_FROM_LARGE, curl_off_t(resumeFrom)) }
            let pointer = Unmanaged.passUnretained(context).toOpaque()
            _ = ccurl_set_write(handle, curlWrite)
            _ = ccurl_set_pointer(handle, CURLOPT_WRITEDATA, pointer)
            _ = ccurl_set_xferinfo(handle, curlProgress)
            _ = ccurl_set_pointer(handle, CURLOPT_XFERINFODATA, pointer)
            _ = ccurl_set_long(handle, CURLOPT_NOPROGRESS, 0)
            return curl_easy_perform(handle)
        }
        var status = 0
        _ = ccurl_get_long(handle, CURLINFO_RESPONSE_CODE, &status)
        var length: curl_off_t = -1
        _ = ccurl_get_off(handle, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &length)
        let detail = String(decoding: errorBuffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        return Outcome(
            code: Int(code.rawValue), message: context.writeError ?? message, responseCode: status,
            received: context.received, announced: length >= 0 ? Int64(length) : nil, body: context.body, isHTTP: isHTTP,
            restartedFromZero: context.restartedFromZero, writeErrno: context.writeErrno)
    }
}

/// What the C callbacks reach through their context pointer. Only the transfer's own thread
/// touches it while curl runs, except `cancel`, which is guarded.
private final class Context: @unchecked Sendable {
    let sink: CurlTransfer.Sink
    let resumeFrom: Int64
    let progress: @Sendable (Int64) -> Void
    var descriptor: Int32 = -1
    var handle: UnsafeMutableRawPointer?
    var received: Int64 = 0
    var body = Data()
    var writeError: String?
    var writeErrno: Int32?
    var restartedFromZero = false
    let isHTTP: Bool
    private let lock = NSLock()
    private var cancelled = false

    init(sink: CurlTransfer.Sink, resumeFrom: Int64, isHTTP: Bool, progress: @escaping @Sendable (Int64) -> Void) {
        self.sink = sink
        self.isHTTP = isHTTP
        self.resumeFrom = resumeFrom
        self.progress = progress
    }

    func cancel() { lock.withLock { cancelled = true } }
    var isCancelled: Bool { lock.withLock { cancelled } }

    /// Body bytes from curl. An HTTP error page is not the file: it is counted but not kept.
    func write(_ bytes: UnsafeRawPointer, _ count: Int) -> Int {
        var status = 0
        if isHTTP, let handle { _ = ccurl_get_long(handle, CURLINFO_RESPONSE_CODE, &status) }
        if isHTTP, received == 0, resumeFrom > 0, status == 200, descriptor >= 0 {
            // The whole file despite our Range: what we had is replaced, not appended to.
            _ = ftruncate(descriptor, 0)
            restartedFromZero = true
        }
        switch sink {
        case .file:
            if status >= 400 {
                received += Int64(count)
                return count
            }
            var offset = 0
            while offset < count {
                let n = Foundation.write(descriptor, bytes + offset, count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    writeErrno = errno
                    writeError = "writing the download failed: \(String(cString: strerror(errno)))"
                    return 0  // makes curl stop with CURLE_WRITE_ERROR
                }
                offset += n
            }
        case .memory:
            body.append(bytes.assumingMemoryBound(to: UInt8.self), count: count)
        case .sizeOnly:
            break
        }
        received += Int64(count)
        progress(received)
        return count
    }
}

private let curlWrite: @convention(c) (UnsafeMutablePointer<CChar>?, Int, Int, UnsafeMutableRawPointer?) -> Int = {
    data, size, count, pointer in
    guard let data, let pointer else { return 0 }
    let context = Unmanaged<Context>.fromOpaque(pointer).takeUnretainedValue()
    return context.write(UnsafeRawPointer(data), size * count)
}

/// Returning non-zero aborts the transfer (CURLE_ABORTED_BY_CALLBACK): how a cancelled task stops curl.
private let curlProgress: @convention(c) (UnsafeMutableRawPointer?, curl_off_t, curl_off_t, curl_off_t, curl_off_t) -> Int32 = {
    pointer, _, _, _, _ in
    guard let pointer else { return 0 }
    return Unmanaged<Context>.fromOpaque(pointer).takeUnretainedValue().isCancelled ? 1 : 0
}
