"use strict";
const $ = id => document.getElementById(id);
const csrfToken = document.querySelector('meta[name="csrf-token"]').content;
const map = L.map("map", {zoomSnap: 0.25}).setView([0, 0], 2);
let layer = null, legend = null, lastRequest = null, mayImport = true;
const colours = ["#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"];

/// The page's language, as the server wrote it (the signed-in DHIS2 user's), and its catalogue:
/// the same files as the report's; English fills any message a catalogue lacks.
const language = document.documentElement.lang || "en";
let messages = {}, english = {};
const loadJSON = name => fetch("/static/i18n/" + name + ".json", {credentials: "same-origin"}).then(r => r.ok ? r.json() : {});
const catalogue = Promise.all([loadJSON("en"), loadJSON(language)]).then(([en, own]) => { english = en; messages = own; });
function t(key, values) {
  const template = messages[key] ?? english[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => values && name in values ? String(values[name]) : whole);
}
/// A job's kind or status in words, else as it is.
const named = (prefix, value) => messages[prefix + "." + value] ?? english[prefix + "." + value] ?? value;
const number = v => Math.round(v).toLocaleString(language);

/// An element holding `text` as text (never parsed as HTML).
function el(tag, text, className) {
  const e = document.createElement(tag);
  if (text != null) e.textContent = String(text);
  if (className) e.className = className;
  return e;
}
/// A table row: strings become text cells, nodes are put in cells as they are.
function tableRow(cells, tag) {
  const tr = document.createElement("tr");
  for (const c of cells) {
    const cell = c instanceof Node ? el(tag || "td") : el(tag || "td", c && c.text != null ? c.text : c, c && c.className);
    if (c instanceof Node) cell.appendChild(c);
    tr.appendChild(cell);
  }
  return tr;
}
function say(text, error) { $("status").textContent = text; $("status").className = error ? "error" : ""; }
async function api(path, options) {
  const headers = {"Content-Type": "application/json", "X-CSRF-Token": csrfToken};
  const r = await fetch(path, Object.assign({credentials: "same-origin", headers}, options || {}));
  const body = r.headers.get("content-type") && r.headers.get("content-type").includes("json") ? await r.json() : await r.text();
  if (!r.ok) throw new Error(body.error || r.statusText);
  return body;
}
function request(kind) {
  return {kind, years: $("years").value.trim(), levels: $("levels").value.trim(), product: $("product").value, language};
}
async function follow(job) {
  while (job.status === "queued" || job.status === "running") {
    const p = job.progress;
    const step = p ? p.label + " " + t("format.percent", {number: Math.round(p.fraction * 100)}) : named("app.status", job.status);
    say(t("page.progress", {kind: named("app.kind", job.kind), job: job.id, step}));
    await new Promise(r => setTimeout(r, 300));
    job = await api("/api/jobs/" + job.id);
  }
  if (job.status !== "succeeded") throw new Error(t("page.jobFailed", {kind: named("app.kind", job.kind), job: job.id, error: job.error}));
  return job;
}
const people = v => v == null ? t("report.map.noValue") : number(v);
async function show(job) {
  const [geo, res] = await Promise.all([api(job.results.geojson), api(job.results.json)]);
  const year = res.years[res.years.length - 1];
  const key = "population_" + year;
  const values = geo.features.map(f => f.properties[key]).filter(v => v != null).sort((a, b) => a - b);
  const breaks = [1, 2, 3, 4].map(i => values[Math.floor(i * values.length / 5)] ?? 0);
  const colour = v => v == null ? "#cccccc" : colours[breaks.filter(b => v >= b).length];
  if (layer) layer.remove();
  layer = L.geoJSON(geo, {style: f => ({color: "#333", weight: 1, fillOpacity: 1, fillColor: colour(f.properties[key])}),
    onEachFeature: (f, l) => l.bindTooltip(el("span", f.properties.name + ": " + people(f.properties[key])))}).addTo(map);
  map.fitBounds(layer.getBounds(), {padding: [10, 10]});
  if (legend) legend.remove();
  legend = L.control({position: "bottomright"});
  legend.onAdd = () => {
    const d = L.DomUtil.create("div", "legend");
    d.appendChild(el("b", year));
    colours.forEach((c, i) => {
      const swatch = el("i");
      swatch.style.background = c;
      d.append(document.createElement("br"), swatch, i ? "≥ " + number(breaks[i - 1]) : t("page.lowest"));
    });
    return d;
  };
  legend.addTo(map);
  $("results").replaceChildren(tableRow([t("app.column.orgUnit"), t("app.year"), t("report.map.valueLabel")], "th"),
    ...res.rows.map(r => tableRow([r.name, r.year, {text: r.population == null ? "–" : number(r.population), className: "n"}])));
  document.body.dataset.shown = job.id;
}
async function runs() {
  const list = await api("/api/runs");
  $("runs").replaceChildren(tableRow([t("page.runs.run"), t("app.runs.kind"), t("app.runs.status"), ""], "th"), ...list.slice(0, 15).map(r => {
    let action = r.undoneBy ? t("page.undone") : "";
    if (r.kind !== "undo" && r.status === "succeeded" && !r.undoneBy) {
      action = el("button", t("app.undo"));
      action.dataset.run = r.id;
    }
    return tableRow([r.id, named("app.kind", r.kind), named("app.status", r.status), action]);
  }));
}
$("runs").addEventListener("click", async e => {
  const run = e.target.dataset.run; if (!run || !confirm(t("page.undoConfirm", {run}))) return;
  try { await follow(await api("/api/runs/" + encodeURIComponent(run) + "/undo", {method: "POST"})); say(t("page.runUndone", {run})); } catch (err) { say(err.message, true); }
  runs();
});
$("preview").onclick = async () => {
  try { lastRequest = request("preview"); const job = await follow(await api("/api/jobs", {method: "POST", body: JSON.stringify(lastRequest)}));
    await show(job); say(t(mayImport ? "page.previewReadyImport" : "page.previewReady", {job: job.id}));
    $("import").disabled = !mayImport;
  } catch (err) { say(err.message, true); }
};
$("import").onclick = async () => {
  if (!lastRequest || !confirm(t("page.importConfirm"))) return;
  try { const job = await follow(await api("/api/jobs", {method: "POST", body: JSON.stringify(Object.assign({}, lastRequest, {kind: "sync"}))}));
    await show(job); say(t("page.imported", {job: job.id, run: job.runId}));
  } catch (err) { say(err.message, true); }
  runs();
};
/// With sign-in on, who is signed in (and whether they may import); the form when nobody is.
async function who() {
  const r = await fetch("/api/me", {credentials: "same-origin"});
  const me = await r.json().catch(() => ({}));
  if (r.status === 401) { $("work").hidden = true; $("signin").hidden = false; $("username").focus(); return false; }
  if (me.signIn) {
    mayImport = me.mayImport;
    $("who").textContent = t(me.mayImport ? "page.signedInAs" : "page.signedInPreviewOnly", {user: me.username});
    $("logout").hidden = false;
  }
  return true;
}
$("login").onclick = async () => {
  try { await api("/api/login", {method: "POST", body: JSON.stringify({username: $("username").value, password: $("password").value})});
    $("password").value = ""; location.reload();
  } catch (err) { $("signin-status").textContent = err.message; }
};
$("logout").onclick = async () => { await api("/api/logout", {method: "POST"}).catch(() => {}); location.reload(); };
catalogue.catch(() => {}).then(who).then(signedIn => {
  if (!signedIn) return;
  runs().catch(err => say(err.message, true));
  if (new URLSearchParams(location.search).get("preview") === "1") $("preview").click();
});
