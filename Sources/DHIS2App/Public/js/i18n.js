// The app in the signed-in DHIS2 user's language: their interface locale (/api/me
// settings.keyUiLocale: "fr", "pt_BR" …) picks a catalogue, i18n/<language>.json — the same files
// as the report's — and English fills any message a catalogue lacks.

let messages = {};
let english = {};
export let language = 'en';

async function json(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok) throw new Error(`${path}: ${response.status}`);
  return response.json();
}

/** The catalogue for a DHIS2 locale: itself, else its language ("pt_BR" → "pt"), else English. */
export function pick(locale, available) {
  if (!locale) return 'en';
  if (available.includes(locale)) return locale;
  const base = locale.split(/[_-]/)[0].toLowerCase();
  return available.includes(base) ? base : 'en';
}

/** A message with its {placeholders} filled; the key itself when no catalogue has it. */
export function t(key, values = {}) {
  const template = messages[key] ?? english[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** A value's own message (a job's kind or status) when there is one, else the value as it is. */
export const named = (prefix, value) => (messages[`${prefix}.${value}`] ?? english[`${prefix}.${value}`] ?? value);

/** A derived group's name: the translated data element name when its English one is the standard. */
export function groupName(key, name) {
  const id = `metadata.group.${key}.name`;
  return english[id] === name ? t(id) : name;
}

/** Loads the catalogue for `locale` and puts its text into the page (`data-i18n`, `data-i18n-label`). */
export async function load(locale) {
  const available = await json('i18n/languages.json');
  language = pick(locale, available);
  english = await json('i18n/en.json');
  messages = language === 'en' ? english : await json(`i18n/${language}.json`);
  document.documentElement.lang = language;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  document.title = t('app.title');
}
