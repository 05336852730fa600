// Classes that never repeat: breaks are taken from the distinct values, so a legend cannot read
// "≥ 0, ≥ 0, ≥ 185" when many units hold the same value.

export const COLOURS = ['#eff3ff', '#bdd7e7', '#6baed6', '#3182bd', '#08519c'];

/** Up to five classes over the values: [{from, to}], each holding at least one value. */
export function classes(values) {
  const distinct = [...new Set(values.filter((v) => v != null && isFinite(v)))].sort((a, b) => a - b);
  if (distinct.length === 0) return [];
  const n = Math.min(COLOURS.length, distinct.length);
  const out = [];
  for (let k = 0; k < n; k++) {
    const first = distinct[Math.floor((k * distinct.length) / n)];
    const last = distinct[Math.floor(((k + 1) * distinct.length) / n) - 1];
    out.push({ from: first, to: last });
  }
  return out;
}

export function classOf(value, ranges) {
  if (value == null) return -1;
  for (let k = ranges.length - 1; k >= 0; k--) if (value >= ranges[k].from) return k;
  return 0;
}
