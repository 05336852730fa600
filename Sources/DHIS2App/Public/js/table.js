// The preview table: per org unit, the value DHIS2 holds now, the new one and the change,
// sortable by any column; the biggest changes (over 10 %, or new where DHIS2 had none) flagged.
import { change, count, el, share } from './format.js';
import { t } from './i18n.js';

const COLUMNS = [
  { key: 'name', label: 'app.column.orgUnit', text: true },
  { key: 'level', label: 'app.column.level' },
  { key: 'current', label: 'app.column.current' },
  { key: 'next', label: 'app.column.next' },
  { key: 'delta', label: 'app.column.delta' },
  { key: 'ratio', label: 'app.column.ratio' },
];

export const FLAG_SHARE = 0.1;

/** Rows {id, name, level, current, next} with their change. */
export function withChange(rows) {
  return rows.map((r) => {
    const delta = r.next == null || r.current == null ? null : r.next - r.current;
    const ratio = delta == null ? null : r.current === 0 ? (delta === 0 ? 0 : Infinity) : delta / r.current;
    const flagged = r.next != null && (r.current == null || Math.abs(ratio) > FLAG_SHARE);
    return { ...r, delta, ratio, flagged };
  });
}

export function renderTable(table, rows, sort) {
  const head = el('tr');
  for (const c of COLUMNS) {
    const th = el('th', { text: t(c.label) + (sort.key === c.key ? (sort.up ? ' ▲' : ' ▼') : ''), 'data-key': c.key, class: c.text ? '' : 'num' });
    head.append(th);
  }
  table.tHead.replaceChildren(head);
  const sorted = [...rows].sort((a, b) => {
    const x = a[sort.key] ?? -Infinity;
    const y = b[sort.key] ?? -Infinity;
    const order = typeof x === 'string' ? x.localeCompare(y) : Math.abs(x) - Math.abs(y);
    return sort.up ? order : -order;
  });
  const body = sorted.map((r) =>
    el(
      'tr',
      { class: r.flagged ? 'flag' : '', 'data-unit': r.id },
      el('td', { class: 'name', text: r.name, title: r.name }),
      el('td', { class: 'num', text: String(r.level) }),
      el('td', { class: 'num', text: count(r.current) }),
      el('td', { class: 'num', text: count(r.next) }),
      el('td', { class: 'num ' + (r.delta > 0 ? 'up' : r.delta < 0 ? 'down' : ''), text: change(r.delta) }),
      el('td', { class: 'num', text: r.current == null && r.next != null ? t('app.new') : share(r.ratio) }),
    ),
  );
  table.tBodies[0].replaceChildren(...body);
}
