import Foundation
import Raster
import Testing
@testable import Server

/// Chromium from Debian (`apt-get install chromium`), which `make test` installs.
let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }
let leaflet = FileManager.default.fileExists(atPath: "/usr/share/javascript/leaflet/leaflet.js")

@Suite struct ServerBrowserTests {
    @Test(.enabled(if: chromium != nil && leaflet, "needs Debian's chromium and libjs-leaflet (make test installs them)"))
    func thePageRunsAPreviewAndMapsTheOrgUnitsByPopulation() async throws {
        try await withServer { h in
            let png = h.dir.appendingPathComponent("serve.png").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: chromium!)
            // The key in the URL sets the cookie; ?preview=1 presses Preview on load. Virtual time
            // lets the page poll the job and draw the map before the screenshot.
            process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,800",
                                 "--virtual-time-budget=30000", "--screenshot=\(png)", "\(h.url.absoluteString)/?key=\(accessKey)&preview=1"]
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            let image = try RGBImage(path: png)
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
