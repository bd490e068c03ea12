import { describe, expect, it } from 'vitest';
import { cubicInterpolate, dot, strongWolfe } from './line-search.js';

describe('cubicInterpolate', () => {
  it('finds the exact minimiser of a cubic from two points and slopes', () => {
    // f(x) = x³ − 3x: minimum at x = 1; f(0) = 0, f'(0) = −3; f(2) = 2, f'(2) = 9.
    expect(cubicInterpolate(0, 0, -3, 2, 2, 9)).toBeCloseTo(1, 14);
    expect(cubicInterpolate(2, 2, 9, 0, 0, -3)).toBeCloseTo(1, 14); // either order
    // f(x) = (x − 0.3)² + 2: exact for quadratics too.
    expect(cubicInterpolate(-1, 3.69, -2.6, 1, 2.49, 1.4)).toBeCloseTo(0.3, 14);
  });
  it('clamps to the bounds, and returns their midpoint when the cubic has no minimum', () => {
    expect(cubicInterpolate(0, 0, -3, 2, 2, 9, [1.5, 4])).toBe(1.5);
    // Both slopes negative and steepening (d1² < g1 g2): no local minimum between them.
    expect(cubicInterpolate(0, 0, -1, 1, -2, -5, [2, 4])).toBe(3);
  });
});

describe('strongWolfe', () => {
  /** A 1-d objective along d = [1] from x = 0, with its evaluation count. */
  const along = (f: (x: number) => number, df: (x: number) => number) => {
    let calls = 0;
    const obj = (t: number, d: Float64Array) => {
      calls++;
      return { loss: f(t * d[0]!), grad: Float64Array.of(df(t * d[0]!)) };
    };
    return { obj, calls: () => calls };
  };
  const cases: [string, (x: number) => number, (x: number) => number, number][] = [
    ['a quadratic reached in one step', (x) => (x - 3) ** 2, (x) => 2 * (x - 3), 1],
    ['a quartic needing extrapolation', (x) => (x - 20) ** 4 / 1e4, (x) => (4 * (x - 20) ** 3) / 1e4, 0.5],
    ['an overshoot needing zoom', (x) => Math.log(Math.cosh(x - 0.7)), (x) => Math.tanh(x - 0.7), 10],
  ];
  it.each(cases)('%s: the accepted step satisfies both strong Wolfe conditions', (_n, f, df, t0) => {
    const { obj, calls } = along(f, df);
    const d = Float64Array.of(1);
    const g0 = Float64Array.of(df(0));
    const gtd = dot(g0, d);
    const r = strongWolfe(obj, t0, d, f(0), g0, gtd);
    expect(r.loss).toBeLessThanOrEqual(f(0) + 1e-4 * r.t * gtd); // sufficient decrease
    expect(Math.abs(dot(r.grad, d))).toBeLessThanOrEqual(-0.9 * gtd); // curvature
    expect(r.loss).toBe(f(r.t));
    expect(r.evals).toBe(calls());
    expect(r.evals).toBeLessThanOrEqual(25);
  });
  it('gives up after maxLs evaluations on an unbounded descent, returning the best point seen', () => {
    const { obj } = along((x) => -x, () => -1);
    const r = strongWolfe(obj, 1, Float64Array.of(1), 0, Float64Array.of(-1), -1, { maxLs: 5 });
    expect(r.evals).toBe(6);
    expect(r.t).toBeGreaterThan(1);
    expect(r.loss).toBe(-r.t);
  });
});
