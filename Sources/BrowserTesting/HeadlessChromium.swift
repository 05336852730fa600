import Foundation
import GDALTesting

/// Debian's Chromium, headless, for tests that check what a page really shows: it renders a URL
/// and returns the screenshot's pixels.
public enum HeadlessChromium {
    /// nil when Chromium is not installed (`make test` installs it).
    public static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Renders `url` at `width`×`height` into `png` and reads it back (a page whose scripts
    /// must finish first: `ChromiumSession.waitUntil`, then `screenshot`).
    /// Waits for Chromium off the cooperative thread pool: a page served by this same process
    /// needs those threads to answer, and on a 2-core machine blocking them deadlocked the page
    /// and the screenshot. Chromium still running after `limit` is killed and the call throws.
    public static func screenshot(
        of url: String, width: Int, height: Int, to png: String,
        limit: Duration = .seconds(180)
    ) async throws -> RGBImage {
        guard let path else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "chromium"]) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments =
            ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),\(height)"]
            + ["--screenshot=\(png)", url]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do { try process.run() } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
                return
            }
            let pid = process.processIdentifier
            Task.detached {
                try? await Task.sleep(for: limit)
                if kill(pid, 0) == 0 { kill(pid, SIGKILL) }
            }
        }
        guard status == 0 else {
            throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: "\(path) (exit \(status); killed after \(limit)?)"])
        }
        return try RGBImage(path: png)
    }
}
