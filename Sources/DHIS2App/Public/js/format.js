// Text only: every name comes from DHIS2 data and is set with textContent, never as markup.
// Numbers as the user's language writes them ("1 234" in French), through Intl.
import { language, t } from './i18n.js';

const formats = new Map();
function formatter(kind) {
  const key = `${language}|${kind}`;
  if (!formats.has(key)) {
    const options = kind === 'share' ? { maximumFractionDigits: 1, signDisplay: 'exceptZero' } : { maximumFractionDigits: 0 };
    formats.set(key, new Intl.NumberFormat(language, options));
  }
  return formats.get(key);
}

export const count = (n) => (n == null ? '–' : formatter('count').format(Math.round(n)));
export const change = (n) => (n == null ? '–' : (n > 0 ? '+' : '') + formatter('count').format(Math.round(n)));
export const share = (n) => (n == null || !isFinite(n) ? '–' : t('format.percent', { number: formatter('share').format(n * 100) }));

/** An element with text (and attributes), children appended. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'text') node.textContent = value;
    else if (name === 'class') node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}
