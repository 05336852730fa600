import BrowserTesting
import DHIS2StandIn
import Foundation
import TestSupport
import Testing

@testable import DHIS2
@testable import Server

/// The `serve` page in the signed-in DHIS2 user's interface language, read from DHIS2 at sign-in.
@Suite struct PageLanguageTests {
    @Test(
        .enabled(
            if: HeadlessChromium.path != nil && leaflet,
            "needs Debian's chromium and libjs-leaflet (make test installs them)"),
        .timeLimit(.minutes(HangGuard.minutes)))
    func thePageFollowsTheSignedInUsersLanguage() async throws {
        var dhis2 = DHIS2StandIn.Options()
        var amadou = DHIS2StandIn.Account(id: "AmadouUser1", username: "amadou", authorities: ["F_DATAVALUE_ADD"])
        amadou.uiLocale = "fr"
        var joana = DHIS2StandIn.Account(id: "JoanaUser01", username: "joana", authorities: ["F_DATAVALUE_ADD"])
        joana.uiLocale = "pt_MZ"
        dhis2.people = ["amadou": ("Amadou-Pa55word", amadou), "joana": ("Joana-Pa55word", joana)]
        try await withServer(key: nil, signIn: true, dhis2: dhis2) { h in
            func signIn(_ user: String, _ password: String) async throws -> ChromiumSession {
                let browser = try ChromiumSession()
                try await browser.open(h.url.absoluteString + "/")
                try await browser.waitUntil("!document.getElementById('signin').hidden")
                #expect(try await browser.evaluate("document.documentElement.lang") as? String == "en", "nobody signed in yet")
                _ = try await browser.evaluate(
                    "document.getElementById('username').value = '\(user)'; document.getElementById('password').value = "
                        + "'\(password)'; document.getElementById('login').click()")
                try await browser.waitUntil("document.getElementById('who').textContent.length > 0")
                return browser
            }
            func text(_ browser: ChromiumSession, _ script: String) async throws -> String? {
                try await browser.evaluate(script) as? String
            }

            let french = try await signIn("amadou", "Amadou-Pa55word")
            #expect(try await text(french, "document.documentElement.lang") == "fr")
            #expect(try await text(french, "document.querySelector('main legend').textContent") == "Aperçu, puis importation")
            #expect(try await text(french, "document.getElementById('preview').textContent") == "Aperçu")
            #expect(
                try await text(french, "document.getElementById('who').textContent")
                    == "Connecté en tant que amadou (aperçu seulement, pas d'importation)")
            try await french.waitUntil("document.querySelector('#runs th') !== null")
            #expect(try await text(french, "document.querySelector('#runs th').textContent") == "Exécution")

            let portuguese = try await signIn("joana", "Joana-Pa55word")
            #expect(try await text(portuguese, "document.documentElement.lang") == "pt", "pt_MZ has the pt catalogue")
            #expect(try await text(portuguese, "document.getElementById('import').textContent") == "Importar")
            #expect(
                try await text(portuguese, "document.getElementById('who').textContent")
                    == "Sessão iniciada como joana (pode pré-visualizar, não importar)")

            // Amadou changes his language in DHIS2; the next sign-in follows it.
            let asAmadou = DHIS2Client(
                connection: DHIS2Connection(
                    baseURL: h.standIn.baseURL!, credentials: .basic(username: "amadou", password: "Amadou-Pa55word")))
            _ = try await asAmadou.send("POST", "userSettings/keyUiLocale", query: [("value", "es")])
            let spanish = try await signIn("amadou", "Amadou-Pa55word")
            #expect(try await text(spanish, "document.documentElement.lang") == "es")
            #expect(try await text(spanish, "document.querySelector('main legend').textContent") == "Vista previa y después importación")
        }
    }
}
