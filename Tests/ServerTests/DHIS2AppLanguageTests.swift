import BrowserTesting
import DHIS2App
import DHIS2StandIn
import Foundation
import TestSupport
import Testing

@testable import DHIS2
@testable import Server

/// The app speaks the signed-in DHIS2 user's language (their `keyUiLocale`), and switches when
/// they change it in DHIS2.
extension DHIS2AppBrowserTests {
    /// The app opened afresh as ana, once it has its org units.
    func openApp(_ browser: ChromiumSession, _ dhis2: String, _ key: String) async throws {
        try await browser.open("\(dhis2)/api/apps/\(key)/index.html")
        try await waitFor(browser, "document.getElementById('within').options.length > 0")
    }

    func texts(_ browser: ChromiumSession, _ selector: String) async throws -> [String] {
        try #require(try await browser.evaluate("[...document.querySelectorAll('\(selector)')].map(e => e.textContent)") as? [String])
    }

    @Test(
        .enabled(if: HeadlessChromium.path != nil, "needs Debian's chromium (make test installs it)"),
        .timeLimit(.minutes(HangGuard.minutes)))
    func theAppFollowsTheUsersInterfaceLanguage() async throws {
        try await withServer(dhis2: options()) { h in
            let package = try AppPackage.load(version: "0.2.0")
            #expect(package.files["i18n/languages.json"].map { String(decoding: $0, as: UTF8.self) } == #"["en","es","fr","pt"]"#)
            let (browser, dhis2) = try await installAppSignedInAsAna(h, package: package)
            // As DHIS2's user profile saves the interface language.
            func setLanguage(_ locale: String) async throws {
                let saved = try await browser.evaluate(
                    "fetch('/api/userSettings/keyUiLocale?value=\(locale)', {method: 'POST'}).then(r => r.status)")
                #expect(saved as? Int == 200)
            }

            try await setLanguage("fr")
            try await openApp(browser, dhis2, package.key)
            #expect(try await browser.evaluate("document.documentElement.lang") as? String == "fr")
            #expect(try await texts(browser, "[data-tab]") == ["Aperçu et importation", "Exécutions"])
            #expect(try await texts(browser, "#levels option").first == "Niveau 1")
            #expect(try await browser.evaluate("document.title") as? String == "Population WorldPop")
            _ = try await browser.evaluate(
                "document.getElementById('years').value = '2020'; document.getElementById('run-preview').click(); true")
            try await waitFor(browser, "document.querySelectorAll('#table tbody tr').length === 8")
            let headers = try await texts(browser, "#table th")
            #expect(headers.first == "Unité d'organisation" && headers.contains("Dans DHIS2 actuellement"), "\(headers)")
            let status = try await browser.evaluate("document.getElementById('status').textContent") as? String ?? ""
            #expect(status.hasPrefix("8 unités d'organisation ;"), "\(status)")
            // Aruba's districts hold thousands of people: grouped with a narrow no-break space.
            let newValues = try await texts(browser, "#table tbody tr td:nth-child(4)").filter { $0 != "–" }
            #expect(newValues.count == 7)
            let grouped = newValues.filter { $0.range(of: #"^\d{1,3}(\x{202F}\d{3})+$"#, options: .regularExpression) != nil }
            #expect(grouped.count == 6 && newValues.contains("0"), "six districts of thousands and one of none: \(newValues)")
            #expect(try await texts(browser, "#table tbody tr td:nth-child(6)").filter { $0 != "–" }.allSatisfy { $0 == "nouvelle" })
            // The report the preview links to reads in French too (the job carries the user's language).
            let report = try await browser.evaluate("fetch(document.getElementById('report').href).then(r => r.text())") as? String ?? ""
            #expect(report.contains("<html lang=\"fr\">") && report.contains("Dénominateurs de population WorldPop"))
            // Nothing the translation made longer is cut off or spills out of its box.
            let overflowing = try await browser.evaluate(
                "[...document.querySelectorAll('button, label, th, .status, #bar span')]"
                    + ".filter(e => e.offsetParent !== null && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent)")
            #expect(overflowing as? [String] == [])

            try await setLanguage("pt_BR")
            try await openApp(browser, dhis2, package.key)
            #expect(try await browser.evaluate("document.documentElement.lang") as? String == "pt")
            #expect(try await texts(browser, "[data-tab]") == ["Pré-visualização e importação", "Execuções"])
            #expect(try await texts(browser, "#product option") == ["População total", "Por idade e sexo", "Por idade (ambos os sexos)"])

            try await setLanguage("sw")
            try await openApp(browser, dhis2, package.key)
            #expect(try await browser.evaluate("document.documentElement.lang") as? String == "en")
            #expect(try await texts(browser, "[data-tab]") == ["Preview and import", "Runs"])
        }
    }
}
