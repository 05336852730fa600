import Foundation
import Raster
import Testing
@testable import Sync

/// Chromium from Debian (`apt-get install chromium`), which `make test` installs.
let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

@Suite struct ReportScreenshotTests {
    @Test(.enabled(if: chromium != nil, "needs Debian's chromium (make test installs it)"))
    func theReportRendersItsChoroplethInABrowser() async throws {
        try await withHarness { h in
            let run = try await h.runner.run(h.plan())
            let png = h.dir + "/report.png"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium!)
            process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,1400",
                                 "--screenshot=\(png)", "file://\(run.reportFiles[0])"]
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let image = try RGBImage(path: png)
            #expect(image.width == 1200)
            // The most populated district is drawn in the darkest class, the least in the lightest,
            // and each covers a real part of the page (not just the legend swatch).
            #expect(image.count(colour: "#bd0026") > 20_000)
            #expect(image.count(colour: "#ffffb2") > 20_000)
            #expect(image.count(colour: "#f03b20") > 5_000)
        }
    }
}
