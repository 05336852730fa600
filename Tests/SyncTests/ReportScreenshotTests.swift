import BrowserTesting
import Foundation
import Testing

@testable import Sync

@Suite struct ReportScreenshotTests {
    @Test(.enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium (make test installs it)"))
    func theReportRendersItsChoroplethInABrowser() async throws {
        try await withHarness { h in
            let run = try await h.runner.run(h.plan())
            let png = h.dir + "/report.png"
            let image = try await HeadlessChromium.screenshot(of: "file://\(run.reportFiles[0])", width: 1200, height: 1400, to: png)
            #expect(image.width == 1200)
            // The most populated district is drawn in the darkest class, the least in the lightest,
            // and each covers a real part of the page (not just the legend swatch).
            #expect(image.count(colour: "#bd0026") > 20_000)
            #expect(image.count(colour: "#ffffb2") > 20_000)
            #expect(image.count(colour: "#f03b20") > 5_000)
        }
    }
}
