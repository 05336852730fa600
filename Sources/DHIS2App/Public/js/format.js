// Text only: every name comes from DHIS2 data and is set with textContent, never as markup.

const numbers = new Intl.NumberFormat(document.documentElement.lang || 'en', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(document.documentElement.lang || 'en', { maximumFractionDigits: 1, signDisplay: 'exceptZero' });

export const count = (n) => (n == null ? '–' : numbers.format(Math.round(n)));
export const change = (n) => (n == null ? '–' : (n > 0 ? '+' : '') + numbers.format(Math.round(n)));
export const share = (n) => (n == null || !isFinite(n) ? '–' : `${percent.format(n * 100)} %`);

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
