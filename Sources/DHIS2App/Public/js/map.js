// A choropleth of the org units' DHIS2 boundaries as SVG paths (equirectangular, y flipped).
import { classes, classOf, COLOURS } from './legend.js';
import { count, el } from './format.js';
import { t } from './i18n.js';

const SVG = 'http://www.w3.org/2000/svg';

function rings(geometry) {
  if (!geometry) return [];
  if (geometry.type === 'Polygon') return geometry.coordinates;
  if (geometry.type === 'MultiPolygon') return geometry.coordinates.flat();
  return [];
}

/** Draws `units` ({id, name, geometry}) coloured by `value(id)`; the legend lists the classes. */
export function drawMap(svg, legend, units, value) {
  svg.replaceChildren();
  legend.replaceChildren();
  const shapes = units.map((u) => ({ unit: u, rings: rings(u.geometry) })).filter((s) => s.rings.length);
  const points = shapes.flatMap((s) => s.rings.flat());
  if (!points.length) {
    legend.append(el('em', { text: t('app.noBoundaries') }));
    return;
  }
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  svg.setAttribute('viewBox', `${minX} ${-maxY} ${maxX - minX || 1} ${maxY - minY || 1}`);
  const ranges = classes(shapes.map((s) => value(s.unit.id)));
  for (const s of shapes) {
    const d = s.rings.map((ring) => 'M' + ring.map((p) => `${p[0]},${-p[1]}`).join('L') + 'Z').join('');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', d);
    const k = classOf(value(s.unit.id), ranges);
    path.setAttribute('fill', k < 0 ? '#d5dde5' : COLOURS[k]);
    const title = document.createElementNS(SVG, 'title');
    title.textContent = `${s.unit.name}: ${count(value(s.unit.id))}`;
    path.append(title);
    svg.append(path);
  }
  ranges.forEach((r, k) => {
    const item = el('span', { text: r.from === r.to ? count(r.from) : `${count(r.from)} – ${count(r.to)}` });
    item.style.setProperty('--swatch', COLOURS[k]);
    legend.append(item);
  });
}
