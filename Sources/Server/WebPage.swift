import Foundation
import TextFormats

/// The single page of `serve`: the DHIS2 target, a form for a preview or an import, a Leaflet map
/// (Debian's libjs-leaflet, served locally) coloured by population, the results table and the runs
/// of the audit log with their undo buttons. `?preview=1` starts a preview on load.
///
/// The HTML holds no script and no style: they are the files `Public/static/page.js` and
/// `Public/static/page.css`, so that the Content-Security-Policy can forbid inline script. Everything
/// shown from DHIS2 (org unit names …) is put in the page as text by the script, never as HTML.
enum WebPage {
    static func html(_ s: ServerSettings, antiForgeryToken: String) -> String {
        let product = s.defaults.product ?? "total"
        let options = [("total", "total"), ("agesex", "age/sex"), ("age", "age, both sexes")].map { value, label in
            "<option value=\"\(value)\"\(value == product ? " selected" : "")>\(label)</option>"
        }.joined()
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>worldpop-dhis2</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="csrf-token" content="\(Markup.escaped(antiForgeryToken))">
            <link rel="stylesheet" href="/static/leaflet/leaflet.css">
            <link rel="stylesheet" href="/static/page.css">
            <script src="/static/leaflet/leaflet.js"></script>
            <script src="/static/page.js" defer></script>
            </head><body>
            <header><b>worldpop-dhis2</b> · DHIS2 <span id="target">\(Markup.escaped(s.target))</span>
            · \(Markup.escaped(s.productDescription))
            <span id="who"></span> <button id="logout" hidden>Sign out</button></header>
            <fieldset id="signin" hidden><legend>Sign in with your DHIS2 account</legend>
            <label>Username <input id="username" autocomplete="username"></label>
            <label>Password <input id="password" type="password" autocomplete="current-password"></label>
            <button id="login">Sign in</button> <span id="signin-status" class="error"></span></fieldset>
            <main id="work"><section>
            <fieldset><legend>Preview, then import</legend>
            <label>Years <input id="years" value="\(Markup.escaped(s.defaults.years ?? ""))"
            placeholder="2020 or 2020-2025"></label>
            <label>Level(s) <input id="levels" value="\(Markup.escaped(s.defaults.levels ?? ""))" placeholder="2 or 2,3"></label>
            <label>Product <select id="product">\(options)</select></label>
            <button id="preview">Preview</button><button id="import" disabled>Import</button>
            <div id="status"></div></fieldset>
            <fieldset><legend>Runs (audit log)</legend><table id="runs"></table></fieldset>
            <p>Population data: WorldPop (www.worldpop.org), CC BY 4.0.</p>
            </section><section><div id="map"></div><table id="results"></table></section></main>
            </body></html>
            """
    }
}
