import BrowserTesting
import DHIS2StandIn
import Foundation
import TestSupport
import Testing

@testable import Server

let leaflet = FileManager.default.fileExists(atPath: "/usr/share/javascript/leaflet/leaflet.js")

@Suite struct ServerBrowserTests {
    @Test(
        .enabled(
            if: HeadlessChromium.path != nil && leaflet,
            "needs Debian's chromium and libjs-leaflet (make test installs them)"))
    func thePageRunsAPreviewAndMapsTheOrgUnitsByPopulation() async throws {
        try await withServer { h in
            let png = h.dir.appendingPathComponent("serve.png").path
            // The key in the URL sets the cookie; ?preview=1 presses Preview on load. The shot is
            // taken once the page has drawn the job's map (a virtual-time budget ran out before
            // the job finished when the server answered the page's polls quickly).
            let page = try ChromiumSession(width: 1200, height: 800)
            try await page.open("\(h.url.absoluteString)/?key=\(accessKey)&preview=1")
            try await page.waitUntil("document.body.dataset.shown", timeout: .seconds(120))
            let image = try await page.screenshot(to: png)
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

    /// Stored XSS: Leaflet renders a string tooltip as HTML, so this org unit name ran its
    /// `onerror` when the tooltip opened, and started a real sync with the browser's cookie.
    static let hostileName =
        #"<img src=x onerror="fetch('/api/jobs',{method:'POST',credentials:'same-origin',"#
        + #"headers:{'Content-Type':'application/json'},body:JSON.stringify({kind:'sync'})});document.title='pwned'">"#

    @Test(
        .enabled(
            if: HeadlessChromium.path != nil && leaflet,
            "needs Debian's chromium and libjs-leaflet (make test installs them)"),
        .timeLimit(.minutes(HangGuard.minutes)))
    func aHostileOrgUnitNameShowsAsTextAndRunsNothing() async throws {
        try await withServer(names: ["D01": Self.hostileName]) { h in
            let browser = try ChromiumSession()
            try await browser.open("\(h.url.absoluteString)/?key=\(accessKey)&preview=1")
            try await browser.waitUntil("document.body.dataset.shown")
            // A point inside each org unit's polygon on the map (its bounding box's centre may be outside).
            let points = try #require(
                try await browser.evaluate(
                    """
                    [...document.querySelectorAll("path.leaflet-interactive")].map(p => {
                      const b = p.getBoundingClientRect();
                      for (let i = 1; i < 20; i++) for (let j = 1; j < 20; j++) {
                        const x = b.left + b.width * i / 20, y = b.top + b.height * j / 20;
                        if (document.elementFromPoint(x, y) === p) return [x, y];
                      }
                      return null;
                    }).filter(p => p)
                    """) as? [[Double]])
            #expect(points.count == 7)
            // Hover every unit, as a user does, and read the tooltip each one opens.
            var tooltips: [String] = []
            for point in points {
                _ = try await browser.evaluate(#"window.seenTooltip = document.querySelector(".leaflet-tooltip")?.textContent ?? null"#)
                try await browser.moveMouse(x: point[0], y: point[1])
                try await browser.waitUntil(#"(document.querySelector(".leaflet-tooltip")?.textContent ?? null) !== window.seenTooltip"#)
                if let text = try await browser.evaluate(#"document.querySelector(".leaflet-tooltip")?.textContent ?? null"#) as? String {
                    tooltips.append(text)
                }
            }
            #expect(tooltips.count == 7)
            #expect(tooltips.contains { $0.hasPrefix(Self.hostileName + ": ") }, "the name shows as literal text: \(tooltips)")
            // Every image of the page has loaded or failed: a name rendered as HTML would have made an
            // <img> whose failed load runs its onerror (and so shows below).
            try await browser.waitUntil("[...document.images].every(i => i.complete)")
            #expect(
                try await browser.evaluate(#"document.querySelectorAll(".leaflet-tooltip img, #results img, .legend img").length"#) as? Int
                    == 0)
            #expect(try await browser.evaluate("document.title") as? String == "worldpop-dhis2")
            let cells = try #require(
                try await browser.evaluate(##"[...document.querySelectorAll("#results td")].map(td => td.textContent)"##) as? [String])
            #expect(cells.contains(Self.hostileName))
            // No job but the page's preview, and nothing in DHIS2.
            #expect(try h.queue.audit.jobs().map(\.kind) == ["preview"])
            #expect(h.standIn.storedValues.isEmpty)
        }
    }
}

@Suite struct SignInBrowserTests {
    /// A person opens the page of a `--sign-in` server, sees only the sign-in form, signs in with
    /// their DHIS2 account, and sees who they are; a clerk sees that they may preview only.
    @Test(
        .enabled(
            if: HeadlessChromium.path != nil && leaflet,
            "needs Debian's chromium and libjs-leaflet (make test installs them)"),
        .timeLimit(.minutes(HangGuard.minutes)))
    func aPersonSignsInOnThePage() async throws {
        var dhis2 = DHIS2StandIn.Options()
        dhis2.password = "Adm1n-Pa55word-not-stored"
        dhis2.people = [
            "clerk": ("Clerk-Pa55word", DHIS2StandIn.Account(id: "ClerkUser01", username: "clerk", authorities: ["F_DATAVALUE_ADD"]))
        ]
        try await withServer(key: nil, signIn: true, dhis2: dhis2) { h in
            for (user, password, shown) in [
                ("admin", "Adm1n-Pa55word-not-stored", "Signed in as admin"),
                ("clerk", "Clerk-Pa55word", "Signed in as clerk (may preview, not import)"),
            ] {
                let browser = try ChromiumSession()
                try await browser.open(h.url.absoluteString + "/")
                try await browser.waitUntil("!document.getElementById('signin').hidden")
                #expect(
                    try await browser.evaluate("document.getElementById('work').hidden") as? Bool == true,
                    "nothing but the form before signing in")
                _ = try await browser.evaluate(
                    "document.getElementById('username').value = 'nobody'; document.getElementById('password').value = 'wrong'; "
                        + "document.getElementById('login').click()"
                )
                try await browser.waitUntil("document.getElementById('signin-status').textContent.length > 0")
                #expect(
                    (try await browser.evaluate("document.getElementById('signin-status').textContent") as? String)?.contains(
                        "DHIS2 refused") == true)
                _ = try await browser.evaluate(
                    "document.getElementById('username').value = '\(user)'; document.getElementById('password').value = "
                        + "'\(password)'; document.getElementById('login').click()"
                )
                try await browser.waitUntil("document.getElementById('who').textContent.length > 0")
                let who = try await browser.evaluate("document.getElementById('who').textContent") as? String
                #expect(who == shown, "\(who ?? "nil")")
                #expect(try await browser.evaluate("document.getElementById('work').hidden") as? Bool == false)
            }
        }
    }
}
