/**
 * Plots over a 2-D plane: a decision-boundary heat map with labelled points, and a contour plot with
 * optimisation paths drawn over it. Both take a `Grid` of sampled values; `marchingSquares` traces contours.
 */
import type { ChartOptions, Point, Series } from './plot.js';
import { PALETTE, axes, divergingColor, esc, legend, legendWidth, linearScale, niceTicks, px, sequentialColor, svgDocument, type Frame } from './svg.js';

/**
 * Values sampled on a regular grid: `values[i][j]` is the value at x = xRange[0] + j * dx and
 * y = yRange[0] + i * dy, where dx, dy split each range into (columns - 1) and (rows - 1) steps.
 */
export interface Grid {
  xRange: readonly [number, number];
  yRange: readonly [number, number];
  values: readonly (readonly number[])[];
}

/** A point with a class label 0 or 1 (drawn blue or red). */
export interface LabelledPoint {
  x: number;
  y: number;
  label: number;
}

/**
 * Samples f on a rows x columns grid over the given ranges.
 * @example sampleGrid((x, y) => x * y, [-1, 1], [-1, 1], 50);
 */
export function sampleGrid(f: (x: number, y: number) => number, xRange: readonly [number, number], yRange: readonly [number, number], columns: number, rows = columns): Grid {
  const values = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: columns }, (_, j) => f(xRange[0] + ((xRange[1] - xRange[0]) * j) / (columns - 1), yRange[0] + ((yRange[1] - yRange[0]) * i) / (rows - 1))),
  );
  return { xRange, yRange, values };
}

function crossing(a: Point, va: number, b: Point, vb: number, level: number): Point {
  const t = (level - va) / (vb - va);
  return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
}

/**
 * The contour line where the sampled surface equals `level`, as line segments in data coordinates
 * (marching squares, with linear interpolation along cell edges; saddle cells are resolved by the cell mean).
 */
export function marchingSquares(grid: Grid, level: number): [Point, Point][] {
  const rows = grid.values.length;
  const cols = grid.values[0]?.length ?? 0;
  const at = (i: number, j: number): Point => [
    grid.xRange[0] + ((grid.xRange[1] - grid.xRange[0]) * j) / (cols - 1),
    grid.yRange[0] + ((grid.yRange[1] - grid.yRange[0]) * i) / (rows - 1),
  ];
  const segments: [Point, Point][] = [];
  for (let i = 0; i + 1 < rows; i++) {
    for (let j = 0; j + 1 < cols; j++) {
      const v = [grid.values[i]![j]!, grid.values[i]![j + 1]!, grid.values[i + 1]![j + 1]!, grid.values[i + 1]![j]!];
      const above = v.filter((x) => x >= level).length;
      if (above === 0 || above === 4) continue; // most cells: the line does not pass through
      // Corners counter-clockwise from bottom-left; edge k joins corner k and corner k + 1.
      const corners: [Point, number][] = [
        [at(i, j), v[0]!],
        [at(i, j + 1), v[1]!],
        [at(i + 1, j + 1), v[2]!],
        [at(i + 1, j), v[3]!],
      ];
      if (corners.some(([, v]) => !Number.isFinite(v))) continue;
      const cuts: (Point | null)[] = corners.map(([p, v], k) => {
        const [q, w] = corners[(k + 1) % 4]!;
        return v >= level !== w >= level ? crossing(p, v, q, w, level) : null;
      });
      const found = cuts.flatMap((c, k) => (c ? [k] : []));
      if (found.length === 2) segments.push([cuts[found[0]!]!, cuts[found[1]!]!]);
      if (found.length === 4) {
        // Saddle: if the centre sides with corner 0, the line cuts off corners 1 and 3; otherwise 0 and 2.
        const mean = corners.reduce((s, [, v]) => s + v, 0) / 4;
        const pairs = mean >= level === corners[0]![1] >= level ? [[0, 1], [2, 3]] : [[3, 0], [1, 2]];
        for (const [a, b] of pairs) segments.push([cuts[a!]!, cuts[b!]!]);
      }
    }
  }
  return segments;
}

function planeFrame(grid: Grid, width: number, height: number, right: number): Frame {
  const f: Frame = { left: 72, top: 36, width: width - 72 - right, height: height - 36 - 52, x: (v) => v, y: (v) => v };
  f.x = linearScale(grid.xRange, [f.left, f.left + f.width]);
  f.y = linearScale(grid.yRange, [f.top + f.height, f.top]);
  return f;
}

function segmentsPath(segments: readonly [Point, Point][], f: Frame): string {
  return segments.map(([a, b]) => `M${px(f.x(a[0]))} ${px(f.y(a[1]))}L${px(f.x(b[0]))} ${px(f.y(b[1]))}`).join('');
}

const clip = (f: Frame): string => `<clipPath id="plot-area"><rect x="${f.left}" y="${f.top}" width="${f.width}" height="${f.height}"/></clipPath>`;

/** Options of `decisionBoundary`. */
export interface DecisionBoundaryOptions extends ChartOptions {
  /** Names of class 0 and class 1 in the legend. */
  classNames?: readonly [string, string];
}

/**
 * A decision-boundary plot: the grid's values (class-1 probabilities in [0, 1]) as a blue-to-red heat map,
 * the 0.5 contour as a black line, and the points on top coloured by label.
 * @example decisionBoundary(sampleGrid(prob, [-2, 3], [-1.5, 2], 80), points, { title: 'two moons' });
 */
export function decisionBoundary(grid: Grid, points: readonly LabelledPoint[], opts: DecisionBoundaryOptions = {}): string {
  const { width = 640, height = 520, classNames = ['class 0', 'class 1'] } = opts;
  const f = planeFrame(grid, width, height, legendWidth(classNames));
  const rows = grid.values.length;
  const cols = grid.values[0]?.length ?? 0;
  const cw = f.width / Math.max(1, cols - 1);
  const ch = f.height / Math.max(1, rows - 1);
  const cells: string[] = [];
  grid.values.forEach((row, i) => {
    // Quantise to 20 shades and merge runs of equal shade, which keeps an 80 x 80 map to a few KB.
    for (let j = 0; j < cols; ) {
      const shade = Math.round((row[j] ?? 0) * 20) / 20;
      let k = j + 1;
      while (k < cols && Math.round((row[k] ?? 0) * 20) / 20 === shade) k++;
      const x = f.left + (j - 0.5) * cw;
      const y = f.top + f.height - (i + 0.5) * ch;
      cells.push(`<rect x="${px(x)}" y="${px(y)}" width="${px((k - j) * cw + 0.5)}" height="${px(ch + 0.5)}" fill="${divergingColor(shade)}"/>`);
      j = k;
    }
  });
  const boundary = `<path class="boundary" d="${segmentsPath(marchingSquares(grid, 0.5), f)}" fill="none" stroke="black" stroke-width="1.5"/>`;
  const colors = [divergingColor(0), divergingColor(1)];
  const dots = points.map(
    (p) => `<circle cx="${px(f.x(p.x))}" cy="${px(f.y(p.y))}" r="3" fill="${colors[p.label ? 1 : 0]}" stroke="#222" stroke-width="0.5"/>`,
  );
  const body = [
    clip(f),
    `<g clip-path="url(#plot-area)">\n<g shape-rendering="crispEdges" opacity="0.75">\n${cells.join('\n')}\n</g>\n${boundary}\n${dots.join('\n')}\n</g>`,
    axes(f, niceTicks(grid.xRange[0], grid.xRange[1]), niceTicks(grid.yRange[0], grid.yRange[1]), opts.xLabel ?? 'x', opts.yLabel ?? 'y', false),
    legend(classNames.map((name, k) => ({ name, color: colors[k]!, dot: true })), f.left + f.width + 16, f.top + 8),
  ];
  return svgDocument(width, height, body.join('\n'), opts.title);
}

/** Options of `contourPlot`. */
export interface ContourOptions extends ChartOptions {
  /** Values to draw contour lines at; default 10 round values across the grid's range. */
  levels?: readonly number[];
  /** Marked points, such as the minimum, drawn as a cross with a label. */
  marks?: readonly { name: string; point: Point }[];
}

/**
 * Contour lines of a sampled surface (coloured dark to light by level) with paths drawn over them, each path
 * starting at a hollow circle and ending at a filled one.
 * @example contourPlot(sampleGrid(rosenbrock, [-2, 2], [-1, 3], 120), paths, { levels: [1, 10, 100] });
 */
export function contourPlot(grid: Grid, paths: readonly Series[], opts: ContourOptions = {}): string {
  const { width = 720, height = 560 } = opts;
  const f = planeFrame(grid, width, height, legendWidth(paths.map((s) => s.name)));
  const finite = grid.values.flat().filter(Number.isFinite);
  const levels = opts.levels ?? niceTicks(Math.min(...finite), Math.max(...finite), 10);
  const contours = levels.map(
    (level, k) =>
      `<path data-level="${level}" d="${segmentsPath(marchingSquares(grid, level), f)}" fill="none" stroke="${sequentialColor(k / Math.max(1, levels.length - 1))}" stroke-width="1"/>`,
  );
  const colors = paths.map((s, i) => s.color ?? PALETTE[i % PALETTE.length]!);
  const lines = paths.map((s, i) => {
    const pts = s.points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
    const first = pts[0];
    const last = pts.at(-1);
    const ends = first && last
      ? `<circle cx="${px(f.x(first[0]))}" cy="${px(f.y(first[1]))}" r="4" fill="white" stroke="${colors[i]}" stroke-width="2"/>` +
        `<circle cx="${px(f.x(last[0]))}" cy="${px(f.y(last[1]))}" r="4" fill="${colors[i]}"/>`
      : '';
    const d = pts.map((p, k) => `${k ? 'L' : 'M'}${px(f.x(p[0]))} ${px(f.y(p[1]))}`).join('');
    return `<path data-series="${esc(s.name)}" d="${d}" fill="none" stroke="${colors[i]}" stroke-width="2" stroke-opacity="0.9"/>${ends}`;
  });
  const marks = (opts.marks ?? []).map(({ name, point: [x, y] }) => {
    const cx = f.x(x);
    const cy = f.y(y);
    return `<path d="M${px(cx - 6)} ${px(cy - 6)}L${px(cx + 6)} ${px(cy + 6)}M${px(cx - 6)} ${px(cy + 6)}L${px(cx + 6)} ${px(cy - 6)}" stroke="black" stroke-width="2.5"/><text x="${px(cx + 9)}" y="${px(cy - 9)}" font-size="12">${esc(name)}</text>`;
  });
  const body = [
    clip(f),
    `<g clip-path="url(#plot-area)">\n${contours.join('\n')}\n${lines.join('\n')}\n${marks.join('\n')}\n</g>`,
    axes(f, niceTicks(grid.xRange[0], grid.xRange[1]), niceTicks(grid.yRange[0], grid.yRange[1]), opts.xLabel ?? 'x', opts.yLabel ?? 'y', false),
    legend(paths.map((s, i) => ({ name: s.name, color: colors[i]! })), f.left + f.width + 16, f.top + 8),
  ];
  return svgDocument(width, height, body.join('\n'), opts.title);
}
