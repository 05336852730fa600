// Preview: serve computes (nothing is sent to DHIS2), the app shows the new values beside what
// DHIS2 holds now; Import runs the same request as a sync job.
import { dhis2, serve, serveURL, waitForJob } from './api.js';
import { count, el } from './format.js';
import { groupName, language, t } from './i18n.js';
import { drawMap } from './map.js';
import { renderTable, withChange } from './table.js';

const $ = (id) => document.getElementById(id);
let state = { request: null, job: null, doc: null, units: [], sort: { key: 'ratio', up: false } };

function say(text, error = false) {
  $('status').textContent = text;
  $('status').className = 'status' + (error ? ' error' : '');
}

export function request() {
  return {
    years: $('years').value.trim(),
    levels: [...$('levels').selectedOptions].map((o) => o.value).join(','),
    product: $('product').value,
    within: $('within').value || undefined,
  };
}

async function start(kind) {
  const job = await serve('api/jobs', { method: 'POST', body: JSON.stringify({ kind, ...state.request, language }) });
  return waitForJob(job.id, (running) => {
    const p = running.progress;
    const step = p ? `${p.label} ${t('format.percent', { number: Math.round((p.fraction || 0) * 100) })}` : running.status;
    say(t(kind === 'sync' ? 'app.progress.import' : 'app.progress.compute', { step }));
  });
}

async function loadResults() {
  const year = $('year').value || '';
  const doc = await serve(`api/jobs/${state.job.id}/results?format=json&page=1&pageSize=5000${year ? `&year=${year}` : ''}`);
  state.doc = doc;
  if (!$('year').options.length) {
    $('year').replaceChildren(...doc.years.map((y) => el('option', { value: String(y), text: String(y) })));
    $('year').value = String(doc.years[doc.years.length - 1]);
    return loadResults();
  }
  const measures = [['total', t('app.product.total')], ...Object.entries(doc.groupNames || {}).map(([k, name]) => [k, groupName(k, name)])];
  if ($('measure').options.length !== measures.length) {
    $('measure').replaceChildren(...measures.map(([k, name]) => el('option', { value: k, text: name })));
  }
  show();
}

function rowsFor(measure) {
  return state.doc.rows.map((r) => ({
    id: r.id,
    name: r.name,
    level: r.level,
    current: measure === 'total' ? r.current : r.currentGroups?.[measure],
    next: measure === 'total' ? r.population : r.groups?.[measure],
  }));
}

function show() {
  const rows = withChange(rowsFor($('measure').value || 'total'));
  renderTable($('table'), rows, state.sort);
  const byId = new Map(rows.map((r) => [r.id, r.next]));
  drawMap($('map'), $('legend'), state.units, (id) => byId.get(id));
  const flagged = rows.filter((r) => r.flagged).length;
  say(t('app.summary', { units: count(rows.length), flagged: count(flagged) }));
}

async function boundaries() {
  const r = state.request;
  const filters = [`filter=level:in:[${r.levels}]`];
  if (r.within) filters.push(`filter=path:like:${r.within}`);
  const answer = await dhis2(`organisationUnits?${filters.join('&')}&fields=id,name,geometry&paging=false`);
  return answer.organisationUnits || [];
}

export async function preview(event) {
  event?.preventDefault();
  state.request = request();
  $('run-preview').disabled = true;
  $('year').replaceChildren();
  try {
    say(t('app.computing'));
    const [job, units] = await Promise.all([start('preview'), boundaries()]);
    state.job = job;
    state.units = units;
    $('report').href = serveURL(`api/jobs/${job.id}/results?format=html`);
    $('bands').href = serveURL(`api/jobs/${job.id}/results?format=csv`);
    $('bands').hidden = state.request.product === 'total';
    $('result').hidden = false;
    await loadResults();
  } catch (error) {
    say(t('app.previewFailed', { error: error.message }), true);
  } finally {
    $('run-preview').disabled = false;
  }
}

export async function importValues() {
  $('run-import').disabled = true;
  try {
    const job = await start('sync');
    // What DHIS2 holds now, read with the user's own session: the values really arrived.
    const stored = await dhis2(
      `dataValueSets?dataSet=${encodeURIComponent(WORLDPOP_DATA_SET)}&period=${state.request.years.split(/[ ,]/)[0]}` +
        `&orgUnit=${state.request.within || state.units[0]?.id || ''}&children=true`,
    ).catch(() => null);
    const n = stored?.dataValues?.length;
    say(n == null ? t('app.imported', { run: job.runId }) : t('app.importedHeld', { run: job.runId, count: count(n) }));
    document.dispatchEvent(new CustomEvent('runs-changed'));
  } catch (error) {
    say(t('app.importFailed', { error: error.message }), true);
  } finally {
    $('run-import').disabled = false;
  }
}

/** The WorldPop data set's UID (deterministic in worldpop-dhis2: `PopulationMetadata.dataSetID`). */
export let WORLDPOP_DATA_SET = '';
export function setDataSet(id) {
  WORLDPOP_DATA_SET = id;
}

export function wire() {
  $('choose').addEventListener('submit', preview);
  $('run-import').addEventListener('click', importValues);
  $('year').addEventListener('change', () => loadResults().catch((e) => say(e.message, true)));
  $('measure').addEventListener('change', show);
  $('table').addEventListener('click', (event) => {
    const key = event.target.closest('th')?.dataset.key;
    if (!key) return;
    state.sort = { key, up: state.sort.key === key ? !state.sort.up : false };
    show();
  });
}
