import BrowserTesting
import DHIS2
import DHIS2StandIn
import Denominators
import Foundation
import GDALTesting
import Geometry
import Grid
import TestSupport
import Testing

@testable import Sync

/// The report in the reader's language: French and Portuguese rendered by headless Chromium, their
/// text and numbers checked, and nothing clipped or overflowing.
@Suite struct ReportLanguageTests {
    /// An age/sex run over Synthland's 12 districts (about 22,500 people each), so the report has
    /// the group columns with their longest names.
    func report(language: String?, account: DHIS2StandIn.Account = .superuser) async throws -> String {
        let dir = temporaryDirectory().path
        let grid = RasterGrid(
            width: 60, height: 45, transform: GeoTransform(originX: 0, originY: 3, pixelWidth: 4.0 / 60, pixelHeight: 3.0 / 45))
        var rng = SeededRandom(state: 7)
        let bands = (0..<40).map { _ in (0..<(60 * 45)).map { _ in Float.random(in: 0...5, using: &rng) } }
        let total = (0..<(60 * 45)).map { i in Float(bands.reduce(0.0) { $0 + Double($1[i]) }) }
        try GeoTIFFWriter.write(path: dir + "/agesex.tif", grid: grid, bands: bands, noData: -99999)
        try GeoTIFFWriter.write(path: dir + "/total.tif", grid: grid, bands: [total], noData: -99999)
        var options = DHIS2StandIn.Options()
        options.account = account
        var html = ""
        try await withStandIn(options, units: synthland().units) { _, client, out in
            var plan = SyncPlan(
                levels: [2], product: .agesex,
                rasters: .files([ageSexInputs(year: 2025, total: dir + "/total.tif", stack: dir + "/agesex.tif")]),
                reportDirectory: out, credit: "WorldPop (www.worldpop.org), synthetic, 2025, CC BY 4.0", command: "test")
            plan.language = language
            let run = try await SyncRunner(client: client, audit: try .init(path: ":memory:")).run(plan)
            html = run.reportFiles[0]
        }
        return html
    }

    /// Elements whose content is wider than their box (clipped or spilling out), the page's
    /// horizontal overflow, and legend texts beyond their SVG's view box, as one JSON list.
    static let overflowProbe = """
        (() => {
          const out = [];
          for (const el of document.querySelectorAll('h1, h2, p, caption, th, td, figcaption, footer')) {
            if (el.scrollWidth > el.clientWidth + 1) out.push(el.tagName + ': ' + el.textContent.slice(0, 60));
          }
          const page = document.documentElement;
          if (page.scrollWidth > window.innerWidth) out.push('page: ' + page.scrollWidth + ' > ' + window.innerWidth);
          for (const table of document.querySelectorAll('table')) {
            const right = table.getBoundingClientRect().right, body = document.body.getBoundingClientRect().right;
            if (right > body + 1) out.push('table beyond the body: ' + table.caption.textContent);
          }
          for (const svg of document.querySelectorAll('svg')) {
            const width = svg.viewBox.baseVal.width;
            for (const text of svg.querySelectorAll('text')) {
              const box = text.getBBox();
              if (box.x + box.width > width) out.push('legend: ' + text.textContent);
            }
          }
          return JSON.stringify(out);
        })()
        """

    func render(_ path: String) async throws -> ChromiumSession {
        let page = try ChromiumSession(width: 1200, height: 900)
        try await page.open("file://\(path)")
        try await page.waitUntil("document.readyState === 'complete' && document.querySelector('footer') !== null")
        // With WORLDPOP_DHIS2_SCREENSHOTS=DIR set, the report as a reader sees it.
        if let dir = ProcessInfo.processInfo.environment["WORLDPOP_DHIS2_SCREENSHOTS"] {
            let shot = try await page.send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": true], onPage: true)
            let name = (try await page.evaluate("document.documentElement.lang") as? String ?? "report") + "-report.png"
            if let data = (shot["data"] as? String).flatMap({ Data(base64Encoded: $0) }) {
                try data.write(to: URL(fileURLWithPath: dir).appendingPathComponent(name))
            }
        }
        return page
    }

    func headers(_ page: ChromiumSession) async throws -> [String] {
        let json = try await page.evaluate("JSON.stringify([...document.querySelectorAll('th')].map(e => e.textContent))") as? String
        return try JSONDecoder().decode([String].self, from: Data((json ?? "[]").utf8))
    }

    /// The population cells of the "by org unit" table (third column).
    func populationCells(_ page: ChromiumSession) async throws -> [String] {
        let script = """
            JSON.stringify([...document.querySelectorAll('table')].filter(t => t.caption.textContent.endsWith(', 2025'))
              .flatMap(t => [...t.querySelectorAll('tbody tr')].map(r => r.cells[2].textContent)))
            """
        let json = try await page.evaluate(script) as? String
        return try JSONDecoder().decode([String].self, from: Data((json ?? "[]").utf8))
    }

    @Test(.enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium (make test installs it)"))
    func theFrenchReportReadsInFrenchWithFrenchNumbersAndNothingOverflows() async throws {
        let page = try await render(try await report(language: "fr"))
        #expect(try await page.evaluate("document.documentElement.lang") as? String == "fr")
        #expect(try await page.evaluate("document.querySelector('h1').textContent") as? String == "Dénominateurs de population WorldPop")
        let th = try await headers(page)
        #expect(th.contains("Population de moins de 5 ans (WorldPop)"))
        #expect(th.contains("Femmes de 15 à 49 ans (WorldPop)"))
        #expect(th.contains("unité d'organisation"))
        #expect(th.contains("inchangées (non envoyées)"))
        let body = try await page.evaluate("document.body.innerText") as? String ?? ""
        #expect(body.contains("Contrôles") && body.contains("Aucun conflit signalé par DHIS2."))
        #expect(!body.contains("Checks") && !body.contains("org unit"), "no English left in the report's own text")
        // 12 districts of about 22 500 people: grouped with the narrow no-break space, as French writes them.
        let cells = try await populationCells(page)
        #expect(cells.count == 12)
        #expect(cells.allSatisfy { $0.range(of: #"^\d{1,3}(\x{202F}\d{3})+$"#, options: .regularExpression) != nil }, "\(cells)")
        #expect(try await page.evaluate(Self.overflowProbe) as? String == "[]")
    }

    @Test(.enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium (make test installs it)"))
    func thePortugueseReportReadsInPortugueseWithPortugueseNumbersAndNothingOverflows() async throws {
        let page = try await render(try await report(language: "pt"))
        #expect(try await page.evaluate("document.documentElement.lang") as? String == "pt")
        let th = try await headers(page)
        #expect(th.contains("População menor de 5 anos (WorldPop)"))
        #expect(th.contains("Mulheres de 15 a 49 anos (WorldPop)"))
        #expect(th.contains("unidade organizacional"))
        let body = try await page.evaluate("document.body.innerText") as? String ?? ""
        #expect(body.contains("Verificações") && body.contains("Denominadores populacionais WorldPop"))
        let cells = try await populationCells(page)
        #expect(cells.count == 12)
        #expect(cells.allSatisfy { $0.range(of: #"^\d{1,3}(\.\d{3})+$"#, options: .regularExpression) != nil }, "\(cells)")
        #expect(try await page.evaluate(Self.overflowProbe) as? String == "[]")
    }

    /// Without `--language` the report follows the DHIS2 account's interface language.
    @Test func withoutALanguageTheReportFollowsTheAccountsInterfaceLanguage() async throws {
        var account = DHIS2StandIn.Account.superuser
        account.uiLocale = "es"
        let spanish = try String(contentsOfFile: try await report(language: nil, account: account), encoding: .utf8)
        #expect(spanish.contains("<html lang=\"es\">") && spanish.contains("Población menor de 5 años (WorldPop)"))
        account.uiLocale = "sw"
        let fallback = try String(contentsOfFile: try await report(language: nil, account: account), encoding: .utf8)
        #expect(fallback.contains("<html lang=\"en\">") && fallback.contains("Population under 5 (WorldPop)"))
    }

    @Test func aLanguageWithoutACatalogueIsOneErrorListingTheLanguages() throws {
        var settings = SyncSettings()
        settings.levels = [2]
        settings.years = [2020]
        settings.rasters.total = "/tmp/total.tif"
        settings.language = "de"
        #expect {
            _ = try settings.plan(command: "test")
        } throws: { error in
            let text = String(describing: error)
            return text.contains("--language de") && text.contains("en, es, fr, pt")
        }
        // The same from the settings file's `language:`.
        let file = try temporaryFile("sync.yaml", contents: "levels: 2\nyears: 2020\nlanguage: pt\n")
        var fromFile = try SettingsFile.load(file)
        fromFile.rasters.total = "/tmp/total.tif"
        #expect(try fromFile.plan(command: "test").language == "pt")
    }
}
