import DHIS2
import Foundation
import Localization
import TextFormats

/// The single page of `serve`: the DHIS2 target, a form for a preview or an import, a Leaflet map
/// (Debian's libjs-leaflet, served locally) coloured by population, the results table and the runs
/// of the audit log with their undo buttons. `?preview=1` starts a preview on load.
///
/// The HTML holds no script and no style: they are the files `Public/static/page.js` and
/// `Public/static/page.css`, so that the Content-Security-Policy can forbid inline script. Everything
/// shown from DHIS2 (org unit names …) is put in the page as text by the script, never as HTML.
enum WebPage {
    /// The page in `t`'s language (the signed-in DHIS2 user's, see `language(for:)`); its script
    /// reads the same catalogue (`/static/i18n/<language>.json`) for what it writes.
    static func html(_ s: ServerSettings, antiForgeryToken: String, language t: Catalogue) -> String {
        let product = s.defaults.product ?? "total"
        let options = ["total", "agesex", "age"].map { value in
            "<option value=\"\(value)\"\(value == product ? " selected" : "")>\(text(t, "page.product.\(value)"))</option>"
        }.joined()
        return """
            <!doctype html>
            <html lang="\(Markup.escaped(t.language))"><head><meta charset="utf-8"><title>worldpop-dhis2</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="\(Markup.escaped(antiForgeryToken))">
            <link rel="stylesheet" href="/static/leaflet/leaflet.css">
            <link rel="stylesheet" href="/static/page.css">
            <script src="/static/leaflet/leaflet.js"></script>
            <script src="/static/page.js" defer></script>
            </head><body>
            <header><b>worldpop-dhis2</b> · DHIS2 <span id="target">\(Markup.escaped(s.target))</span>
            · \(Markup.escaped(s.productDescription))
            <span id="who"></span> <button id="logout" hidden>\(text(t, "page.signOut"))</button></header>
            <fieldset id="signin" hidden><legend>\(text(t, "page.signInLegend"))</legend>
            <label>\(text(t, "page.username")) <input id="username" autocomplete="username"></label>
            <label>\(text(t, "page.password")) <input id="password" type="password" autocomplete="current-password"></label>
            <button id="login">\(text(t, "page.signIn"))</button> <span id="signin-status" class="error"></span></fieldset>
            <main id="work"><section>
            <fieldset><legend>\(text(t, "page.previewLegend"))</legend>
            <label>\(text(t, "app.years")) <input id="years" value="\(Markup.escaped(s.defaults.years ?? ""))"
            placeholder="\(text(t, "page.yearsPlaceholder"))"></label>
            <label>\(text(t, "app.levels")) <input id="levels" value="\(Markup.escaped(s.defaults.levels ?? ""))" \
            placeholder="\(text(t, "page.levelsPlaceholder"))"></label>
            <label>\(text(t, "app.product")) <select id="product">\(options)</select></label>
            <button id="preview">\(text(t, "app.preview"))</button><button id="import" disabled>\(text(t, "page.import"))</button>
            <div id="status"></div></fieldset>
            <fieldset><legend>\(text(t, "page.runsLegend"))</legend><table id="runs"></table></fieldset>
            <p>\(text(t, "page.credit"))</p>
            </section><section><div id="map"></div><table id="results"></table></section></main>
            </body></html>
            """
    }

    static func text(_ t: Catalogue, _ key: String) -> String { Markup.escaped(t.text(key)) }

    /// The catalogue of the signed-in DHIS2 user's interface language (`keyUiLocale`, read at sign-in);
    /// English without sign-in (an access key names no person) or for a language without a catalogue.
    static func language(for account: Account?) -> Catalogue {
        let language = Catalogues.language(forLocale: account?.uiLocale) ?? Catalogues.base
        return (try? Catalogues.load(language)) ?? Catalogue(language: Catalogues.base, messages: [:])
    }
}
