import Foundation

/// The single page of `serve`: the DHIS2 target, a form for a preview or an import, a Leaflet map
/// (Debian's libjs-leaflet, served locally) coloured by population, the results table and the runs
/// of the audit log with their undo buttons. `?preview=1` starts a preview on load.
///
/// The HTML holds no script and no style: they are the files `/static/page.js` and
/// `/static/page.css`, so that the Content-Security-Policy can forbid inline script. Everything
/// shown from DHIS2 (org unit names …) is put in the page as text by the script, never as HTML.
enum WebPage {
    static func html(_ s: ServerSettings, antiForgeryToken: String) -> String {
        let product = s.defaults.product ?? "total"
        let options = [("total", "total"), ("agesex", "age/sex")].map { value, label in
            "<option value=\"\(value)\"\(value == product ? " selected" : "")>\(label)</option>"
        }.joined()
        return """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>worldpop-dhis2</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="csrf-token" content="\(escape(antiForgeryToken))">
        <link rel="stylesheet" href="/static/leaflet/leaflet.css">
        <link rel="stylesheet" href="/static/page.css">
        <script src="/static/leaflet/leaflet.js"></script>
        <script src="/static/page.js" defer></script>
        </head><body>
        <header><b>worldpop-dhis2</b> · DHIS2 <span id="target">\(escape(s.target))</span> · \(escape(s.productDescription))
        <span id="who"></span> <button id="logout" hidden>Sign out</button></header>
        <fieldset id="signin" hidden><legend>Sign in with your DHIS2 account</legend>
        <label>Username <input id="username" autocomplete="username"></label>
        <label>Password <input id="password" type="password" autocomplete="current-password"></label>
        <button id="login">Sign in</button> <span id="signin-status" class="error"></span></fieldset>
        <main id="work"><section>
        <fieldset><legend>Preview, then import</legend>
        <label>Years <input id="years" value="\(escape(s.defaults.years ?? ""))" placeholder="2020 or 2020-2025"></label>
        <label>Level(s) <input id="levels" value="\(escape(s.defaults.levels ?? ""))" placeholder="2 or 2,3"></label>
        <label>Product <select id="product">\(options)</select></label>
        <button id="preview">Preview</button><button id="import" disabled>Import</button>
        <div id="status"></div></fieldset>
        <fieldset><legend>Runs (audit log)</legend><table id="runs"></table></fieldset>
        <p>Population data: WorldPop (www.worldpop.org), CC BY 4.0.</p>
        </section><section><div id="map"></div><table id="results"></table></section></main>
        </body></html>
        """
    }

    /// For text and double-quoted attribute values.
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&#39;")
    }

    static let css = """
        body{font:14px system-ui,sans-serif;margin:0;color:#222}
        [hidden]{display:none !important}
        header{background:#1d5288;color:#fff;padding:8px 16px}
        header b{font-size:16px}
        main{display:grid;grid-template-columns:340px 1fr;gap:12px;padding:12px}
        #map{height:520px;border:1px solid #ccc;background:#eef2f5}
        fieldset{border:1px solid #ccc;margin:0 0 12px}
        label{display:block;margin:4px 0}
        input,select{width:140px}
        button{margin:6px 6px 0 0;padding:4px 12px}
        table{border-collapse:collapse;width:100%;font-size:13px}
        td,th{border-bottom:1px solid #ddd;padding:2px 6px;text-align:left}
        td.n{text-align:right}
        #status{margin:8px 0;min-height:1.4em}
        #signin{max-width:320px;margin:16px}
        #who{float:right}
        .error{color:#b00020}
        .legend{background:#fff;padding:4px 8px;line-height:18px}
        .legend i{display:inline-block;width:14px;height:14px;margin-right:6px;vertical-align:middle}

        """
}
