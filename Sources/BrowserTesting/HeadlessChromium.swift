import Foundation
import Raster

/// Debian's Chromium, headless, for tests that check what a page really shows: it renders a URL
/// and returns the screenshot's pixels.
public enum HeadlessChromium {
    /// nil when Chromium is not installed (`make test` installs it).
    public static let path = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Renders `url` at `width`×`height` into `png` and reads it back. `virtualTimeBudget`
    /// (milliseconds) lets the page's scripts run — fetches and timers — before the shot.
    public static func screenshot(of url: String, width: Int, height: Int, virtualTimeBudget: Int? = nil, to png: String) throws -> RGBImage {
        guard let path else { throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "chromium"]) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=\(width),\(height)"]
            + (virtualTimeBudget.map { ["--virtual-time-budget=\($0)"] } ?? []) + ["--screenshot=\(png)", url]
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.executableLoad, userInfo: [NSFilePathErrorKey: path]) }
        return try RGBImage(path: png)
    }
}
