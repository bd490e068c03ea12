import { describe, expect, it } from 'vitest';
import { chartMargin, confusionMatrix, contourPlot, decisionBoundary, lineChart, marchingSquares, sampleGrid, sideBySide } from './plot.js';
import { esc, fmtTick, legendWidth, niceTicks } from './svg.js';

/** Checks the tag structure: every opened element is closed in order, attributes are quoted, no stray '<' or '&'. */
function expectWellFormed(svg: string): void {
  const stack: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/g;
  let last = 0;
  for (let m = tag.exec(svg); m; m = tag.exec(svg)) {
    const text = svg.slice(last, m.index);
    expect(text, `text before <${m[2]}>`).not.toMatch(/[<>]|&(?!amp;|lt;|gt;|quot;)/);
    last = tag.lastIndex;
    const [, closing, name, , selfClosing] = m;
    if (closing) expect(stack.pop(), `closing </${name}>`).toBe(name);
    else if (!selfClosing) stack.push(name!);
  }
  expect(svg.slice(last).trim()).toBe('');
  expect(stack).toEqual([]);
  expect(svg.trimStart().startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
}

/** The [x, y] pairs of an SVG path's M/L commands. */
function pathPoints(d: string): [number, number][] {
  return [...d.matchAll(/[ML](-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);
}

function seriesPath(svg: string, name: string): string {
  const m = new RegExp(`data-series="${name}" d="([^"]*)"`).exec(svg);
  if (!m) throw new Error(`no path for series ${name}`);
  return m[1]!;
}

describe('lineChart', () => {
  const width = 720;
  const height = 420;
  const m = chartMargin(['a']);

  it('is well-formed SVG naming every series, the title and the axis labels', () => {
    const svg = lineChart(
      [
        { name: 'adam', points: [[0, 2], [1, 1]] },
        { name: 'sgd & momentum', points: [[0, 3], [1, 2]] },
      ],
      { title: 'losses <per step>', xLabel: 'step', yLabel: 'loss' },
    );
    expectWellFormed(svg);
    for (const text of ['adam', 'sgd &amp; momentum', 'losses &lt;per step&gt;', '>step<', '>loss<']) expect(svg).toContain(text);
  });

  it('maps the data range onto the plot area corners (linear axes)', () => {
    const svg = lineChart([{ name: 'a', points: [[0, 0], [5, 5], [10, 10]] }], { width, height });
    expect(pathPoints(seriesPath(svg, 'a'))).toEqual([
      [m.left, height - m.bottom],
      [(m.left + width - m.right) / 2, (m.top + height - m.bottom) / 2],
      [width - m.right, m.top],
    ]);
  });

  it('spaces decades evenly on a log y axis and leaves out non-positive values', () => {
    const svg = lineChart([{ name: 'a', points: [[0, 0.1], [1, 1], [2, 10], [3, 0]] }], { width, height, logY: true });
    const pts = pathPoints(seriesPath(svg, 'a'));
    expect(pts).toHaveLength(3);
    expect(pts.map((p) => p[1])).toEqual([height - m.bottom, (m.top + height - m.bottom) / 2, m.top]);
  });

  it('breaks the line at non-finite points instead of drawing to infinity', () => {
    const d = seriesPath(lineChart([{ name: 'a', points: [[0, 1], [1, 2], [2, Number.NaN], [3, 2], [4, 1]] }]), 'a');
    expect(d.match(/M/g)).toHaveLength(2);
    expect(pathPoints(d)).toHaveLength(4);
  });
});

describe('ticks and text', () => {
  it('picks round tick steps of 1, 2 or 5 times a power of ten', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6000000000000001, 0.8, 1].map((v) => expect.closeTo(v, 12)));
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80]);
    expect(niceTicks(-3, 3, 6)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
  });
  it('formats tiny and huge ticks with exponents and escapes markup characters', () => {
    expect([fmtTick(1e-4), fmtTick(0.25), fmtTick(1e6), fmtTick(0)]).toEqual(['1e-4', '0.25', '1e6', '0']);
    expect(esc('a<b & "c">')).toBe('a&lt;b &amp; &quot;c&quot;&gt;');
  });
});

describe('marchingSquares', () => {
  it('traces the line x = 0.3 of the surface f(x, y) = x exactly', () => {
    const segments = marchingSquares(sampleGrid((x) => x, [-1, 1], [-1, 1], 11), 0.3);
    expect(segments).toHaveLength(10);
    for (const p of segments.flat()) expect(p[0]).toBeCloseTo(0.3, 12);
  });
  it('traces the unit circle of x^2 + y^2 to within the grid spacing', () => {
    const segments = marchingSquares(sampleGrid((x, y) => x * x + y * y, [-2, 2], [-2, 2], 81), 1);
    expect(segments.length).toBeGreaterThan(60);
    for (const [x, y] of segments.flat()) expect(Math.abs(Math.hypot(x, y) - 1)).toBeLessThan(0.01);
  });
});

describe('2-D plots', () => {
  it('decisionBoundary draws every point and the 0.5 boundary where the probability crosses it', () => {
    const grid = sampleGrid((x) => 1 / (1 + Math.exp(-4 * x)), [-2, 2], [-1, 1], 41, 21);
    const points = [{ x: -1, y: 0, label: 0 }, { x: 1, y: 0.5, label: 1 }, { x: 1.5, y: -0.5, label: 1 }];
    const svg = decisionBoundary(grid, points, { title: 'test', classNames: ['no', 'yes'] });
    expectWellFormed(svg);
    expect(svg.match(/<circle /g)).toHaveLength(points.length + 2); // the points and two legend swatches
    const boundary = pathPoints(/class="boundary" d="([^"]*)"/.exec(svg)![1]!);
    expect(boundary.length).toBeGreaterThan(0);
    const middle = (72 + (640 - legendWidth(['no', 'yes']))) / 2; // x = 0 lies halfway across the plot area
    for (const [bx] of boundary) expect(bx).toBeCloseTo(middle, 1);
  });

  it('contourPlot draws one path per level and names every optimisation path', () => {
    const grid = sampleGrid((x, y) => x * x + y * y, [-2, 2], [-2, 2], 41);
    const svg = contourPlot(grid, [{ name: 'sgd', points: [[1.5, 1.5], [0.5, 0.5], [0, 0]] }], { levels: [0.5, 1, 2], marks: [{ name: 'minimum', point: [0, 0] }] });
    expectWellFormed(svg);
    expect(svg.match(/data-level=/g)).toHaveLength(3);
    expect(svg).toContain('data-series="sgd"');
    expect(svg).toContain('minimum');
  });
});

describe('confusionMatrix and sideBySide', () => {
  it('draws an n x n grid of cells with their counts', () => {
    const svg = confusionMatrix([[5, 1, 0], [0, 7, 2], [1, 0, 9]], { labels: ['a', 'b', 'c'], title: 'cm' });
    expectWellFormed(svg);
    expect(svg.match(/data-row=/g)).toHaveLength(9);
    for (const count of ['>5<', '>7<', '>9<', '>2<']) expect(svg).toContain(count);
  });
  it('places charts next to each other in one document as wide as both (300 + 140)', () => {
    const a = lineChart([{ name: 'a', points: [[0, 1]] }], { width: 300, height: 200 });
    const b = confusionMatrix([[1]]);
    const svg = sideBySide([a, b]);
    expectWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="440" height="200"/);
    expect(svg).toContain('<svg x="300" y="0"');
  });
});
