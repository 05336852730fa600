// Start-up: who is signed in (DHIS2's session), their org unit tree and levels, then the tabs.
import { base, dhis2 } from './api.js';
import { el } from './format.js';
import * as i18n from './i18n.js';
import * as preview from './preview.js';
import * as runs from './runs.js';

const $ = (id) => document.getElementById(id);

function tabs() {
  for (const button of document.querySelectorAll('[data-tab]')) {
    button.addEventListener('click', () => {
      for (const b of document.querySelectorAll('[data-tab]')) {
        b.setAttribute('aria-selected', String(b === button));
        $(b.dataset.tab).hidden = b !== button;
      }
      if (button.dataset.tab === 'runs') runs.load(true).catch((e) => alert(e.message));
    });
  }
}

async function start() {
  // Inside DHIS2's Global Shell (2.42+) the app is an iframe: the shell has the header bar.
  if (window.self !== window.top) document.body.classList.add('in-shell');
  $('home').href = `${base}/`;
  // `settings` whole: before 2.42 a map cannot be field-filtered.
  const me = await dhis2('me?fields=username,displayName,organisationUnits[id,name,level],settings');
  await i18n.load(me.settings?.keyUiLocale);
  $('user').textContent = me.displayName || me.username;
  const roots = me.organisationUnits || [];
  const children = roots.length
    ? (await dhis2(`organisationUnits?filter=parent.id:in:[${roots.map((r) => r.id).join(',')}]&fields=id,name,level&paging=false`))
        .organisationUnits || []
    : [];
  $('within').replaceChildren(
    ...roots.map((u) => el('option', { value: u.id, text: u.name })),
    ...children.sort((a, b) => a.name.localeCompare(b.name)).map((u) => el('option', { value: u.id, text: `— ${u.name}` })),
  );
  const top = Math.min(...roots.map((r) => r.level), 1);
  const levels = [];
  for (let level = top; level < top + 4; level++) levels.push(el('option', { value: String(level), text: i18n.t('app.level', { level }) }));
  $('levels').replaceChildren(...levels);
  $('levels').options[Math.min(1, levels.length - 1)].selected = true;
  const sets = await dhis2('dataSets?filter=code:eq:WP_POPULATION&fields=id&paging=false').catch(() => ({ dataSets: [] }));
  preview.setDataSet(sets.dataSets?.[0]?.id || '');
  tabs();
  preview.wire();
  runs.wire();
}

start().catch((error) => {
  const status = $('status');
  // Before a catalogue is loaded there is no message to translate: then English.
  const said = i18n.t('app.startFailed', { error: error.message });
  status.textContent = said === 'app.startFailed' ? `Could not start: ${error.message}` : said;
  status.className = 'status error';
});
