import Foundation

/// The single page of `serve`: the DHIS2 target, a form for a preview or an import, a Leaflet map
/// (Debian's libjs-leaflet, served locally) coloured by population, the results table and the runs
/// of the audit log with their undo buttons. `?preview=1` starts a preview on load.
enum WebPage {
    static func html(_ s: ServerSettings) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>worldpop-dhis2</title>
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <link rel="stylesheet" href="/static/leaflet/leaflet.css">
        <script src="/static/leaflet/leaflet.js"></script>
        <style>
        body{font:14px system-ui,sans-serif;margin:0;color:#222}
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
        .error{color:#b00020}
        .legend{background:#fff;padding:4px 8px;line-height:18px}
        .legend i{display:inline-block;width:14px;height:14px;margin-right:6px;vertical-align:middle}
        </style></head><body>
        <header><b>worldpop-dhis2</b> · DHIS2 <span id="target">\(escape(s.target))</span> · \(escape(s.productDescription))</header>
        <main><section>
        <fieldset><legend>Preview, then import</legend>
        <label>Years <input id="years" value="\(escape(s.defaults.years ?? ""))" placeholder="2020 or 2020-2025"></label>
        <label>Level(s) <input id="levels" value="\(escape(s.defaults.levels ?? ""))" placeholder="2 or 2,3"></label>
        <label>Product <select id="product"><option value="total">total</option><option value="agesex">age/sex</option></select></label>
        <button id="preview">Preview</button><button id="import" disabled>Import</button>
        <div id="status"></div></fieldset>
        <fieldset><legend>Runs (audit log)</legend><table id="runs"></table></fieldset>
        <p>Population data: WorldPop (www.worldpop.org), CC BY 4.0.</p>
        </section><section><div id="map"></div><table id="results"></table></section></main>
        <script>
        const $ = id => document.getElementById(id);
        $("product").value = \(jsString(s.defaults.product ?? "total"));
        const map = L.map("map", {zoomSnap: 0.25}).setView([0, 0], 2);
        let layer = null, legend = null, lastRequest = null;
        const colours = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];
        function say(text, error) { $("status").textContent = text; $("status").className = error ? "error" : ""; }
        async function api(path, options) {
          const r = await fetch(path, Object.assign({credentials: "same-origin", headers: {"Content-Type": "application/json"}}, options || {}));
          const body = r.headers.get("content-type") && r.headers.get("content-type").includes("json") ? await r.json() : await r.text();
          if (!r.ok) throw new Error(body.error || r.statusText);
          return body;
        }
        function request(kind) {
          return {kind, years: $("years").value.trim(), levels: $("levels").value.trim(), product: $("product").value};
        }
        async function follow(job) {
          while (job.status === "queued" || job.status === "running") {
            const p = job.progress;
            say(job.kind + " " + job.id + ": " + (p ? p.label + " " + Math.round(p.fraction * 100) + "%" : job.status));
            await new Promise(r => setTimeout(r, 300));
            job = await api("/api/jobs/" + job.id);
          }
          if (job.status !== "succeeded") throw new Error(job.kind + " " + job.id + " failed: " + job.error);
          return job;
        }
        async function show(job) {
          const [geo, res] = await Promise.all([api(job.results.geojson), api(job.results.json)]);
          const year = res.years[res.years.length - 1];
          const key = "population_" + year;
          const values = geo.features.map(f => f.properties[key]).filter(v => v != null).sort((a, b) => a - b);
          const breaks = [1, 2, 3, 4].map(i => values[Math.floor(i * values.length / 5)] ?? 0);
          const colour = v => v == null ? "#cccccc" : colours[breaks.filter(b => v >= b).length];
          if (layer) layer.remove();
          layer = L.geoJSON(geo, {style: f => ({color: "#333", weight: 1, fillOpacity: 1, fillColor: colour(f.properties[key])}),
            onEachFeature: (f, l) => l.bindTooltip(f.properties.name + ": " + (f.properties[key] == null ? "no value" : Math.round(f.properties[key]).toLocaleString()))}).addTo(map);
          map.fitBounds(layer.getBounds(), {padding: [10, 10]});
          if (legend) legend.remove();
          legend = L.control({position: "bottomright"});
          legend.onAdd = () => { const d = L.DomUtil.create("div", "legend");
            d.innerHTML = "<b>" + year + "</b><br>" + colours.map((c, i) => "<i style='background:" + c + "'></i>" + (i ? "≥ " + Math.round(breaks[i - 1]).toLocaleString() : "lowest")).join("<br>"); return d; };
          legend.addTo(map);
          $("results").innerHTML = "<tr><th>Org unit</th><th>Year</th><th>Population</th></tr>" + res.rows.map(r =>
            "<tr><td>" + r.name.replace(/</g, "&lt;") + "</td><td>" + r.year + "</td><td class=n>" + (r.population == null ? "–" : Math.round(r.population).toLocaleString()) + "</td></tr>").join("");
          document.body.dataset.shown = job.id;
        }
        async function runs() {
          const list = await api("/api/runs");
          $("runs").innerHTML = "<tr><th>Run</th><th>Kind</th><th>Status</th><th></th></tr>" + list.slice(0, 15).map(r =>
            "<tr><td>" + r.id + "</td><td>" + r.kind + "</td><td>" + r.status + "</td><td>" +
            (r.kind !== "undo" && r.status === "succeeded" && !r.undoneBy ? "<button data-run=" + r.id + ">Undo</button>" : (r.undoneBy ? "undone" : "")) + "</td></tr>").join("");
        }
        $("runs").addEventListener("click", async e => {
          const run = e.target.dataset.run; if (!run || !confirm("Undo run " + run + "?")) return;
          try { await follow(await api("/api/runs/" + run + "/undo", {method: "POST"})); say("Run " + run + " undone."); } catch (err) { say(err.message, true); }
          runs();
        });
        $("preview").onclick = async () => {
          try { lastRequest = request("preview"); const job = await follow(await api("/api/jobs", {method: "POST", body: JSON.stringify(lastRequest)}));
            await show(job); say("Preview " + job.id + " ready: nothing was sent to DHIS2. Review, then Import."); $("import").disabled = false;
          } catch (err) { say(err.message, true); }
        };
        $("import").onclick = async () => {
          if (!lastRequest || !confirm("Import these denominators into DHIS2?")) return;
          try { const job = await follow(await api("/api/jobs", {method: "POST", body: JSON.stringify(Object.assign({}, lastRequest, {kind: "sync"}))}));
            await show(job); say("Imported: job " + job.id + ", audit run " + job.runId + ".");
          } catch (err) { say(err.message, true); }
          runs();
        };
        runs().catch(err => say(err.message, true));
        if (new URLSearchParams(location.search).get("preview") === "1") $("preview").click();
        </script></body></html>
        """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func jsString(_ s: String) -> String {
        let data = (try? JSONEncoder().encode(s)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self).replacingOccurrences(of: "</", with: "<\\/")
    }
}
