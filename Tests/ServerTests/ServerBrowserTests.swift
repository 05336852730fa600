import BrowserTesting
import Foundation
import Raster
import Testing
@testable import Server

let leaflet = FileManager.default.fileExists(atPath: "/usr/share/javascript/leaflet/leaflet.js")

@Suite struct ServerBrowserTests {
    @Test(.enabled(if: HeadlessChromium.path != nil && leaflet, "needs Debian's chromium and libjs-leaflet (make test installs them)"))
    func thePageRunsAPreviewAndMapsTheOrgUnitsByPopulation() async throws {
        try await withServer { h in
            let png = h.dir.appendingPathComponent("serve.png").path
            // The key in the URL sets the cookie; ?preview=1 presses Preview on load. Virtual time
            // lets the page poll the job and draw the map before the screenshot.
            let image = try HeadlessChromium.screenshot(of: "\(h.url.absoluteString)/?key=\(accessKey)&preview=1", width: 1200, height: 800,
                                                        virtualTimeBudget: 30_000, to: png)
            #expect(image.width == 1200)
            // Seven districts in five classes: the darkest and lightest classes fill real areas
            // of the map, the middle ones too (legend swatches are only 14×14).
            #expect(image.count(colour: "#bd0026") > 2_000)
            #expect(image.count(colour: "#ffffb2") > 2_000)
            #expect(image.count(colour: "#fd8d3c") > 1_000)
            // The preview imported nothing.
            #expect(h.standIn.storedValues.isEmpty)
            let jobs = try h.queue.audit.jobs()
            #expect(jobs.map(\.kind) == ["preview"])
            #expect(jobs.first?.status == .succeeded)
        }
    }
}
