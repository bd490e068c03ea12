/**
 * SVG building blocks for the plotting helper (plot.ts): scales, "nice" ticks, axes, a legend and colour
 * maps. Pure functions that return numbers or SVG markup strings.
 */

/** Space around the plot area, in pixels. */
export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** The rectangle data is drawn in, and the x/y maps from data to pixels. */
export interface Frame {
  left: number;
  top: number;
  width: number;
  height: number;
  x: (v: number) => number;
  y: (v: number) => number;
}

/** Ten distinct colours (Tableau 10), cycled for series. */
export const PALETTE = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'];

/** Escapes text for use inside SVG elements and attribute values. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A pixel coordinate, rounded to 0.01 px to keep files small. */
export function px(v: number): string {
  return String(Math.round(v * 100) / 100);
}

/** Maps [d0, d1] linearly onto [r0, r1]; a zero-width domain maps to the middle of the range. */
export function linearScale([d0, d1]: readonly [number, number], [r0, r1]: readonly [number, number]): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  const k = (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Maps [d0, d1] (both > 0) onto [r0, r1] linearly in log10. */
export function logScale([d0, d1]: readonly [number, number], range: readonly [number, number]): (v: number) => number {
  const s = linearScale([Math.log10(d0), Math.log10(d1)], range);
  return (v) => s(Math.log10(v));
}

/** About `count` round tick values (steps of 1, 2 or 5 times a power of ten) covering [min, max]. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const ticks: number[] = [];
  for (let t = Math.ceil(min / step - 1e-9) * step; t <= max + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

/** [min, max] widened to the nearest round ticks, so axes start and end on a labelled value. */
export function niceDomain(min: number, max: number, count = 5): [number, number] {
  if (!(max > min)) return min === 0 ? [-1, 1] : [min - Math.abs(min) / 2, max + Math.abs(max) / 2];
  const ticks = niceTicks(min, max, count);
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : max - min;
  return [Math.min(ticks[0]!, Math.floor(min / step) * step), Math.max(ticks.at(-1)!, Math.ceil(max / step) * step)];
}

/** A tick label: plain for moderate numbers, exponent form (1e-3) for tiny or huge ones. */
export function fmtTick(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (a < 1e-3 || a >= 1e5) return v.toExponential(0).replace('e+', 'e');
  return String(Number(v.toPrecision(6)));
}

/** Axis lines, ticks, tick labels, axis titles and (unless `grid` is false) grid lines around a frame. */
export function axes(f: Frame, xTicks: readonly number[], yTicks: readonly number[], xLabel = '', yLabel = '', grid = true): string {
  const bottom = f.top + f.height;
  const parts: string[] = [`<g class="axes" font-size="11" fill="#333">`];
  for (const t of xTicks) {
    const x = px(f.x(t));
    if (grid) parts.push(`<line x1="${x}" y1="${f.top}" x2="${x}" y2="${bottom}" stroke="#eee"/>`);
    parts.push(`<line x1="${x}" y1="${bottom}" x2="${x}" y2="${bottom + 5}" stroke="#333"/>`);
    parts.push(`<text x="${x}" y="${bottom + 17}" text-anchor="middle">${esc(fmtTick(t))}</text>`);
  }
  for (const t of yTicks) {
    const y = px(f.y(t));
    if (grid) parts.push(`<line x1="${f.left}" y1="${y}" x2="${f.left + f.width}" y2="${y}" stroke="#eee"/>`);
    parts.push(`<line x1="${f.left - 5}" y1="${y}" x2="${f.left}" y2="${y}" stroke="#333"/>`);
    parts.push(`<text x="${f.left - 8}" y="${y}" text-anchor="end" dominant-baseline="middle">${esc(fmtTick(t))}</text>`);
  }
  parts.push(`<rect x="${f.left}" y="${f.top}" width="${f.width}" height="${f.height}" fill="none" stroke="#333"/>`);
  if (xLabel) parts.push(`<text x="${px(f.left + f.width / 2)}" y="${bottom + 38}" text-anchor="middle" font-size="13">${esc(xLabel)}</text>`);
  if (yLabel) {
    const cy = px(f.top + f.height / 2);
    parts.push(`<text x="${f.left - 52}" y="${cy}" text-anchor="middle" font-size="13" transform="rotate(-90 ${f.left - 52} ${cy})">${esc(yLabel)}</text>`);
  }
  parts.push('</g>');
  return parts.join('\n');
}

/** Room a legend of these names needs to the right of the plot area (about 8 px per character at 12 px). */
export function legendWidth(names: readonly string[]): number {
  return names.length === 0 ? 20 : 48 + 8 * Math.max(...names.map((n) => n.length));
}

/** A legend: one coloured swatch and name per row, starting at (x, y). */
export function legend(entries: readonly { name: string; color: string; dot?: boolean }[], x: number, y: number): string {
  const rows = entries.map((e, i) => {
    const cy = y + i * 18;
    const mark = e.dot
      ? `<circle cx="${x + 9}" cy="${cy}" r="4" fill="${e.color}" stroke="#222" stroke-width="0.5"/>`
      : `<line x1="${x}" y1="${cy}" x2="${x + 18}" y2="${cy}" stroke="${e.color}" stroke-width="3"/>`;
    return `${mark}<text x="${x + 24}" y="${cy}" dominant-baseline="middle">${esc(e.name)}</text>`;
  });
  return `<g class="legend" font-size="12" fill="#222">\n${rows.join('\n')}\n</g>`;
}

/** A complete SVG document of the given size with a white background and an optional title. */
export function svgDocument(width: number, height: number, body: string, title?: string): string {
  const heading = title ? `<text x="${px(width / 2)}" y="22" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>\n` : '';
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">\n` +
    `<rect width="${width}" height="${height}" fill="white"/>\n${heading}${body}\n</svg>\n`
  );
}

type Rgb = readonly [number, number, number];

function lerpColor(stops: readonly Rgb[], t: number): string {
  const u = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(u));
  const a = stops[i]!;
  const b = stops[i + 1]!;
  const c = a.map((v, k) => Math.round(v + (b[k]! - v) * (u - i)));
  return `rgb(${c[0]},${c[1]},${c[2]})`;
}

/** Diverging blue (0) - white (0.5) - red (1) map, for class probabilities. */
export function divergingColor(t: number): string {
  return lerpColor([[59, 76, 192], [221, 221, 221], [180, 4, 38]], t);
}

/** Sequential map from dark purple (0) through teal to yellow (1), close to viridis. */
export function sequentialColor(t: number): string {
  return lerpColor([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]], t);
}
