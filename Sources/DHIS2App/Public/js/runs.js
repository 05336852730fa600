// The runs of serve's audit log, newest first, a page at a time: who ran them, their report, and
// Undo for a completed import.
import { serve, serveURL, waitForJob } from './api.js';
import { el } from './format.js';
import { language, named, t } from './i18n.js';

const $ = (id) => document.getElementById(id);
const PAGE = 20;
let page = 1;

function row(job) {
  const cells = [
    el('td', { class: 'num', text: String(job.id) }),
    el('td', { text: named('app.kind', job.kind) }),
    el('td', { text: named('app.status', job.status) }),
    el('td', { text: job.request?.requestedBy || job.trigger }),
    el('td', { text: new Date(job.createdAt).toLocaleString(language) }),
    el('td', { text: [job.request?.years, job.request?.product].filter(Boolean).join(' · ') }),
  ];
  const actions = el('td');
  if (job.results?.html) actions.append(el('a', { href: serveURL(job.results.html.replace(/^\//, '')), target: '_blank', rel: 'noopener', text: t('app.report') }));
  if (job.kind === 'sync' && job.status === 'succeeded' && job.runId) {
    const undo = el('button', { type: 'button', text: t('app.undo'), 'data-run': String(job.runId) });
    undo.addEventListener('click', () => undoRun(job.runId, undo));
    actions.append(' ', undo);
  }
  cells.push(actions);
  return el('tr', { 'data-job': String(job.id) }, ...cells);
}

async function undoRun(run, button) {
  if (!confirm(t('app.undoConfirm', { run }))) return;
  button.disabled = true;
  try {
    const job = await serve(`api/runs/${run}/undo`, { method: 'POST', body: '{}' });
    await waitForJob(job.id);
    button.textContent = t('app.undone');
    await load(true);
  } catch (error) {
    button.disabled = false;
    alert(t('app.undoFailed', { error: error.message }));
  }
}

export async function load(fresh = false) {
  if (fresh) page = 1;
  const jobs = await serve(`api/jobs?page=${page}&pageSize=${PAGE}`);
  const head = el('tr', {}, ...['job', 'kind', 'status', 'by', 'when', 'what'].map((k) => el('th', { text: t(`app.runs.${k}`) })), el('th'));
  $('runs-table').tHead.replaceChildren(head);
  const rows = jobs.map(row);
  if (fresh || page === 1) $('runs-table').tBodies[0].replaceChildren(...rows);
  else $('runs-table').tBodies[0].append(...rows);
  $('older').hidden = jobs.length < PAGE;
}

export function wire() {
  $('older').addEventListener('click', () => {
    page += 1;
    load().catch((e) => alert(e.message));
  });
  document.addEventListener('runs-changed', () => load(true).catch(() => {}));
}
