import Audit
import BrowserTesting
import DHIS2App
import DHIS2StandIn
import DenominatorMetadata
import Foundation
import TestSupport
import Testing
import ZIPFoundation

@testable import DHIS2
@testable import Server

/// The DHIS2 app "WorldPop population", installed by `app install` into a DHIS2 stand-in that
/// follows 2.43's App Management and Route API, used in headless Chromium by a data manager
/// signed in to DHIS2 as themselves: every call to serve goes through the route, and the
/// browser never holds serve's key.
@Suite struct DHIS2AppBrowserTests {
    static let hostileName = #"<img src=x onerror="document.title='pwned'">"#
    static let ana = DHIS2StandIn.Account(id: "AnaUser0001", username: "ana", authorities: ["F_DATAVALUE_ADD"])

    func options() -> DHIS2StandIn.Options {
        var o = DHIS2StandIn.Options(version: "2.43.1")
        // dhis.conf of a DHIS2 that may call serve on this machine.
        o.routeRemoteServersAllowed = ["http://127.0.0.1:*"]
        o.people = ["ana": ("Ana-Pa55word", Self.ana)]
        return o
    }

    func admin(_ h: ServerHarness) -> DHIS2Client {
        DHIS2Client(connection: DHIS2Connection(baseURL: h.standIn.baseURL!, credentials: .token(h.standIn.options.token!)))
    }

    /// Installs the app with its route, and a browser signed in to DHIS2 as ana (her session
    /// cookie), as from DHIS2's login page; returns it and DHIS2's base URL.
    func installAppSignedInAsAna(_ h: ServerHarness, package: AppPackage) async throws -> (ChromiumSession, String) {
        _ = try await AppInstaller(client: admin(h), package: package)
            .install(serveURL: h.url, accessKey: accessKey, authorities: ["F_DATAVALUE_ADD"])
        let dhis2 = h.standIn.baseURL!.absoluteString
        let browser = try ChromiumSession()
        try await browser.open("\(dhis2)/api/system/info")
        try await waitFor(browser, "document.readyState === 'complete'")
        let login = try await browser.evaluate(
            #"fetch('/api/auth/login', {method: 'POST', headers: {'Content-Type': 'application/json'},"#
                + #" body: JSON.stringify({username: 'ana', password: 'Ana-Pa55word'})}).then(r => r.status)"#)
        #expect(login as? Int == 200)
        return (browser, dhis2)
    }

    /// Waits for the app, saying what its status line shows when it does not get there.
    func waitFor(_ browser: ChromiumSession, _ condition: String, timeout: Duration = .seconds(30)) async throws {
        do { try await browser.waitUntil(condition, timeout: timeout) } catch {
            let status = try? await browser.evaluate("document.getElementById('status')?.textContent ?? ''")
            throw ChromiumSession.Failure(description: "\(error); the app's status line: \(status ?? "?")")
        }
    }

    /// With WORLDPOP_DHIS2_SCREENSHOTS=DIR set, the app as a person sees it, for the README.
    func screenshot(_ browser: ChromiumSession, _ name: String) async throws {
        guard let dir = ProcessInfo.processInfo.environment["WORLDPOP_DHIS2_SCREENSHOTS"] else { return }
        let shot = try await browser.send("Page.captureScreenshot", ["format": "png"], onPage: true)
        guard let base64 = shot["data"] as? String, let png = Data(base64Encoded: base64) else { return }
        try png.write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
    }

    @Test func installIsIdempotentAndUninstallRemovesBoth() async throws {
        try await withServer(dhis2: options()) { h in
            let installer = AppInstaller(client: admin(h), package: try AppPackage.load(version: "0.2.0"))
            let first = try await installer.install(serveURL: h.url, accessKey: accessKey, authorities: ["F_DATAVALUE_ADD"])
            #expect(first.done.count == 2, "\(first.done)")
            #expect(first.todo.count == 1, "only the note on who may run it: \(first.todo)")
            let again = try await installer.install(serveURL: h.url, accessKey: accessKey, authorities: ["F_DATAVALUE_ADD"])
            #expect(again.done.isEmpty, "nothing changes the second time: \(again.done)")
            // A new key is seen through the fingerprint in the description (DHIS2 never returns the key).
            let rekeyed = try await installer.install(serveURL: h.url, accessKey: accessKey + "-new", authorities: ["F_DATAVALUE_ADD"])
            #expect(rekeyed.done == ["route worldpop-dhis2 updated → \(h.url.absoluteString)/**"])
            #expect(rekeyed.todo.first?.contains("refused the route's key") == true)
            let stored = try #require(try await admin(h).route(code: "worldpop-dhis2"))
            #expect(stored.auth?.type == "api-headers")
            #expect(stored.publicAccess == "--------")
            let (raw, _) = try await admin(h).send("GET", "routes", query: [("fields", "*")])
            #expect(!String(decoding: raw, as: UTF8.self).contains(accessKey), "the key is write-only")
            let removed = try await installer.uninstall()
            #expect(removed.done == ["app WorldPop population removed", "route worldpop-dhis2 removed"])
            #expect(try await admin(h).installedApps().isEmpty)
            #expect(try await admin(h).route(code: "worldpop-dhis2") == nil)
        }
    }

    /// 2.42+ call only the servers dhis.conf allows; the install says what to add.
    @Test func aServerDHIS2MayNotCallIsNamedWithTheFix() async throws {
        var o = options()
        o.routeRemoteServersAllowed = ["https://*"]
        try await withServer(dhis2: o) { h in
            let installer = AppInstaller(client: admin(h), package: try AppPackage.load(version: "0.2.0"))
            await #expect {
                _ = try await installer.install(serveURL: h.url, accessKey: accessKey, authorities: ["F_DATAVALUE_ADD"])
            } throws: { error in
                String(describing: error).contains("route.remote_servers_allowed") && String(describing: error).contains("not permitted")
            }
        }
    }

    @Test(
        .enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium (make test installs it)"),
        .timeLimit(.minutes(HangGuard.minutes)))
    func aDataManagerPreviewsImportsAndUndoesFromInsideDHIS2() async throws {
        try await withServer(names: ["D01": Self.hostileName], dhis2: options()) { h in
            let package = try AppPackage.load(version: "0.2.0")
            let (browser, dhis2) = try await installAppSignedInAsAna(h, package: package)
            try await browser.open("\(dhis2)/api/apps/\(package.key)/index.html")
            try await waitFor(browser, "document.getElementById('within').options.length > 0")
            #expect(try await browser.evaluate("document.getElementById('user').textContent") as? String == "ana")
            _ = try await browser.evaluate(
                "document.getElementById('years').value = '2020'; document.getElementById('run-preview').click(); true")
            // The seven districts and the one without a boundary (no value, listed all the same).
            try await waitFor(browser, "document.querySelectorAll('#table tbody tr').length === 8")
            let expected = try expectedPopulations()
            let cells = try #require(
                try await browser.evaluate(
                    "[...document.querySelectorAll('#table tbody tr')]"
                        + ".map(tr => [tr.dataset.unit, ...[...tr.cells].map(c => c.textContent)])"
                )
                    as? [[String]])
            let formatter = NumberFormatter()
            formatter.numberStyle = .decimal
            formatter.maximumFractionDigits = 0
            formatter.locale = Locale(identifier: "en_US")
            #expect(cells.filter { expected[$0[0]] == nil }.map { $0[4] } == ["–"])
            for row in cells where expected[row[0]] != nil {
                #expect(row[3] == "–", "DHIS2 holds nothing yet: \(row)")
                #expect(row[4] == formatter.string(from: NSNumber(value: expected[row[0]]!.rounded())), "\(row)")
                #expect(row[6] == "new")
            }
            #expect(cells.contains { $0[1] == Self.hostileName }, "the hostile name shows as text")
            #expect(try await browser.evaluate("document.querySelectorAll('#table img, #map img').length") as? Int == 0)
            let legend = try #require(
                try await browser.evaluate("[...document.querySelectorAll('#legend span')].map(s => s.textContent)") as? [String])
            #expect(legend.count == 5 && Set(legend).count == 5, "distinct classes: \(legend)")
            #expect(try await browser.evaluate("document.querySelectorAll('#map path').length") as? Int == 7)
            try await screenshot(browser, "app-preview.png")

            _ = try await browser.evaluate("document.getElementById('run-import').click(); true")
            try await waitFor(browser, "document.getElementById('status').textContent.startsWith('Imported')")
            let stored = h.standIn.storedValues.filter { $0.dataElement == PopulationMetadata.totalDataElementID }
            #expect(stored.count == 7)
            let run = try #require(try h.queue.audit.runs().first { $0.kind == "sync" })
            #expect(run.user == "ana via DHIS2 app")

            // Previewed again: what DHIS2 holds now stands beside the new figures, unchanged.
            _ = try await browser.evaluate("document.getElementById('run-preview').click(); true")
            try await waitFor(
                browser,
                "[...document.querySelectorAll('#table tbody tr')].length === 8 && [...document.querySelectorAll('#table tbody tr')]"
                    + ".every(tr => tr.cells[5].textContent === '0%' || tr.cells[3].textContent === '–')")

            _ = try await browser.evaluate("window.confirm = () => true; document.querySelector('[data-tab=runs]').click(); true")
            try await waitFor(browser, "document.querySelector('#runs-table button[data-run]')")
            try await screenshot(browser, "app-runs.png")
            _ = try await browser.evaluate("document.querySelector('#runs-table button[data-run]').click(); true")
            try await waitFor(
                browser,
                "[...document.querySelectorAll('#runs-table tbody tr')].some(tr => tr.cells[1].textContent === 'undo' && "
                    + "tr.cells[2].textContent === 'succeeded')")
            #expect(h.standIn.storedValues.isEmpty, "undone")
            #expect(try await browser.evaluate("document.title") as? String == "WorldPop population")

            // Every call to serve went through the route; none carried serve's key from the browser.
            let requests = h.standIn.requests
            let routed = requests.filter { $0.path.hasPrefix("/routes/worldpop-dhis2/run/api/") }
            #expect(routed.count >= 10)
            #expect(routed.allSatisfy { $0.status < 400 }, "\(routed.filter { $0.status >= 400 })")
            #expect(!requests.contains { $0.hadAccessKey }, "the browser never sent X-Access-Key")
            #expect(Set(routed.map(\.method)) == ["GET", "POST"])
        }
    }

    /// Inside DHIS2's Global Shell (2.42+) the app is an iframe of the same origin: no header bar
    /// of its own.
    @Test(
        .enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium (make test installs it)"),
        .timeLimit(.minutes(HangGuard.minutes)))
    func insideTheGlobalShellTheAppHasNoHeaderBar() async throws {
        try await withServer(dhis2: options()) { h in
            let client = admin(h)
            let package = try AppPackage.load(version: "0.2.0")
            _ = try await AppInstaller(client: client, package: package)
                .install(serveURL: h.url, accessKey: accessKey, authorities: ["F_DATAVALUE_ADD"])
            // A stand-in for the shell: a page of the same DHIS2 that frames the app.
            let shell = try Archive(data: Data(), accessMode: .create)
            for (path, text) in [
                ("manifest.webapp", #"{"name": "Shell", "short_name": "shell", "launch_path": "index.html"}"#),
                ("index.html", "<!doctype html><iframe id=app src=\"/api/apps/\(package.key)/index.html\" width=1000 height=700></iframe>"),
            ] {
                let data = Data(text.utf8)
                try shell.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count)) { position, size in
                    data.subdata(in: Int(position)..<Int(position) + size)
                }
            }
            try await client.installApp(zip: try #require(shell.data), fileName: "shell.zip")
            let browser = try ChromiumSession()
            try await browser.open("\(h.standIn.baseURL!.absoluteString)/api/system/info")
            try await waitFor(browser, "document.readyState === 'complete'")
            _ = try await browser.evaluate(
                #"fetch('/api/auth/login', {method: 'POST', headers: {'Content-Type': 'application/json'},"#
                    + #" body: JSON.stringify({username: 'ana', password: 'Ana-Pa55word'})}).then(r => r.status)"#)
            try await browser.open("\(h.standIn.baseURL!.absoluteString)/api/apps/shell/index.html")
            let frame = "document.getElementById('app').contentDocument"
            try await waitFor(browser, "\(frame).getElementById('within').options.length > 0")
            #expect(try await browser.evaluate("\(frame).body.classList.contains('in-shell')") as? Bool == true)
            #expect(try await browser.evaluate("getComputedStyle(\(frame).getElementById('bar')).display") as? String == "none")
            #expect(try await browser.evaluate("\(frame).getElementById('home').target") as? String == "_top")
        }
    }
}
