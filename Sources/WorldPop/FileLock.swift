import Foundation

/// An exclusive advisory lock (flock) on a file, held until `release`; the kernel drops it if the
/// process dies, so a crash never leaves the cache locked. Waiting polls without blocking a
/// thread: the holder may be a task of this very process that needs the thread pool to finish.
final class FileLock {
    enum Failure: Error {
        /// The lock file cannot be created (errno): the folder is read-only, full, or not a folder.
        case cannotOpen(Int32)
    }

    private var descriptor: Int32

    init(_ url: URL) async throws {
        descriptor = open(url.path, O_CREAT | O_RDWR, 0o644)
        guard descriptor >= 0 else { throw Failure.cannotOpen(errno) }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            guard errno == EWOULDBLOCK || errno == EINTR else {
                close(descriptor)
                throw WorldPopError.downloadFailed(
                    url: url.path, attempts: 0, reason: "cannot lock the cache: \(String(cString: strerror(errno)))")
            }
            do {
                try await Task.sleep(nanoseconds: 50_000_000)
            } catch {
                close(descriptor)
                throw error
            }
        }
    }

    func release() {
        guard descriptor >= 0 else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
        descriptor = -1
    }

    deinit { release() }
}
