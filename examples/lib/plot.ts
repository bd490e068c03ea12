/**
 * A small SVG plotting helper for the examples: line charts (several named series, optional log y axis),
 * confusion matrices, decision-boundary heat maps and contour plots with paths (plot-2d.ts). Every function
 * is pure and returns an SVG document as a string; write it with `writeFileSync(path, svg)`.
 */
import { PALETTE, axes, divergingColor, esc, legend, legendWidth, linearScale, logScale, niceDomain, niceTicks, px, svgDocument, type Frame, type Margin } from './svg.js';

export { decisionBoundary, contourPlot, marchingSquares, sampleGrid, type Grid, type LabelledPoint, type DecisionBoundaryOptions, type ContourOptions } from './plot-2d.js';

/** A 2-D point as [x, y]. */
export type Point = readonly [number, number];

/** One named line: its points in order of x (or of time, for paths). */
export interface Series {
  name: string;
  points: readonly Point[];
  /** CSS colour; default: the next palette colour. */
  color?: string;
}

/** Options shared by the charts. */
export interface ChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  /** Total size in pixels; defaults 720 x 420. */
  width?: number;
  height?: number;
}

/** Options of `lineChart`. */
export interface LineChartOptions extends ChartOptions {
  /** Logarithmic y axis (points with y <= 0 are left out). */
  logY?: boolean;
}

/** Margins of a chart whose legend (of these names) sits to the right of the plot area. */
export function chartMargin(names: readonly string[]): Margin {
  return { top: 36, right: legendWidth(names), bottom: 52, left: 72 };
}

/**
 * Builds the path data of a polyline, starting a new piece after any point that is not finite (a diverged
 * loss) or that `keep` rejects, so gaps show as gaps instead of lines to infinity.
 */
export function pathData(points: readonly Point[], x: (v: number) => number, y: (v: number) => number, keep: (p: Point) => boolean = () => true): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    const ok = Number.isFinite(p[0]) && Number.isFinite(p[1]) && keep(p);
    if (ok) d += `${pen ? 'L' : 'M'}${px(x(p[0]))} ${px(y(p[1]))}`;
    pen = ok;
  }
  return d;
}

/**
 * A line chart of several named series with axes, ticks, axis labels and a legend.
 * @example
 * lineChart([{ name: 'train', points: [[0, 2.3], [100, 0.4]] }], { xLabel: 'step', yLabel: 'loss', logY: true });
 */
export function lineChart(series: readonly Series[], opts: LineChartOptions = {}): string {
  const { width = 720, height = 420, logY = false } = opts;
  const m = chartMargin(series.map((s) => s.name));
  const keep = (p: Point): boolean => Number.isFinite(p[0]) && Number.isFinite(p[1]) && (!logY || p[1] > 0);
  const all = series.flatMap((s) => s.points.filter(keep));
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const [x0, x1] = xs.length ? niceDomain(Math.min(...xs), Math.max(...xs)) : [0, 1];
  const f: Frame = { left: m.left, top: m.top, width: width - m.left - m.right, height: height - m.top - m.bottom, x: (v) => v, y: (v) => v };
  f.x = linearScale([x0, x1], [f.left, f.left + f.width]);
  let yTicks: number[];
  if (logY) {
    const lo = ys.length ? Math.floor(Math.log10(Math.min(...ys))) : 0;
    const hi = ys.length ? Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...ys)))) : 1;
    f.y = logScale([10 ** lo, 10 ** hi], [f.top + f.height, f.top]);
    const every = Math.ceil((hi - lo) / 8); // at most ~8 labelled decades
    yTicks = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i).filter((e) => (e - lo) % every === 0).map((e) => 10 ** e);
  } else {
    const [y0, y1] = ys.length ? niceDomain(Math.min(...ys), Math.max(...ys)) : [0, 1];
    f.y = linearScale([y0, y1], [f.top + f.height, f.top]);
    yTicks = niceTicks(y0, y1);
  }
  const colors = series.map((s, i) => s.color ?? PALETTE[i % PALETTE.length]!);
  const lines = series.map(
    (s, i) => `<path data-series="${esc(s.name)}" d="${pathData(s.points, f.x, f.y, keep)}" fill="none" stroke="${colors[i]}" stroke-width="2" stroke-linejoin="round"/>`,
  );
  const body = [
    axes(f, niceTicks(x0, x1), yTicks, opts.xLabel, opts.yLabel),
    `<g class="series">\n${lines.join('\n')}\n</g>`,
    legend(series.map((s, i) => ({ name: s.name, color: colors[i]! })), width - m.right + 16, m.top + 8),
  ];
  return svgDocument(width, height, body.join('\n'), opts.title);
}

/** Options of `confusionMatrix`. */
export interface ConfusionMatrixOptions {
  title?: string;
  /** Class names along both axes; default 0, 1, 2, ... */
  labels?: readonly string[];
  /** Side of one cell in pixels; default 40. */
  cellSize?: number;
}

/**
 * A confusion matrix as a grid of cells: row = true class, column = predicted class, each cell showing its
 * count and shaded by its share of the row (so a perfect classifier has a dark diagonal).
 * @example
 * confusionMatrix([[50, 2], [1, 47]], { labels: ['cat', 'dog'] });
 */
export function confusionMatrix(matrix: readonly (readonly number[])[], opts: ConfusionMatrixOptions = {}): string {
  const n = matrix.length;
  const cell = opts.cellSize ?? 40;
  const labels = opts.labels ?? matrix.map((_, i) => String(i));
  const left = 80;
  const top = 70;
  const parts: string[] = [];
  matrix.forEach((row, r) => {
    const total = row.reduce((a, b) => a + b, 0) || 1;
    row.forEach((count, c) => {
      const share = count / total;
      const x = left + c * cell;
      const y = top + r * cell;
      parts.push(`<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${divergingColor(0.5 + share / 2)}" stroke="white" data-row="${r}" data-col="${c}"/>`);
      const ink = share > 0.6 ? 'white' : '#222';
      parts.push(`<text x="${x + cell / 2}" y="${y + cell / 2}" text-anchor="middle" dominant-baseline="middle" font-size="12" fill="${ink}">${count}</text>`);
    });
  });
  labels.forEach((name, i) => {
    parts.push(`<text x="${left + i * cell + cell / 2}" y="${top - 8}" text-anchor="middle" font-size="12">${esc(name)}</text>`);
    parts.push(`<text x="${left - 8}" y="${top + i * cell + cell / 2}" text-anchor="end" dominant-baseline="middle" font-size="12">${esc(name)}</text>`);
  });
  parts.push(`<text x="${left + (n * cell) / 2}" y="${top - 28}" text-anchor="middle" font-size="13">predicted</text>`);
  const cy = top + (n * cell) / 2;
  parts.push(`<text x="${left - 40}" y="${cy}" text-anchor="middle" font-size="13" transform="rotate(-90 ${left - 40} ${cy})">true</text>`);
  return svgDocument(left + n * cell + 20, top + n * cell + 20, parts.join('\n'), opts.title);
}

/**
 * Places several SVG documents (as returned by the chart functions) side by side in one document.
 * @example
 * writeFileSync('curves.svg', sideBySide([lineChart(loss), lineChart(accuracy)]));
 */
export function sideBySide(svgs: readonly string[]): string {
  let x = 0;
  let height = 0;
  const parts = svgs.map((svg) => {
    const w = Number(/width="([\d.]+)"/.exec(svg)?.[1] ?? 0);
    const h = Number(/height="([\d.]+)"/.exec(svg)?.[1] ?? 0);
    const placed = svg.trim().replace('<svg ', `<svg x="${x}" y="0" `);
    x += w;
    height = Math.max(height, h);
    return placed;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${x}" height="${height}" viewBox="0 0 ${x} ${height}">\n${parts.join('\n')}\n</svg>\n`;
}
