import { describe, expect, it } from 'vitest';
import { TRUE_COEFFICIENTS, makeData, polynomial, polynomialFeatures, toCoefficients } from './data.js';
import { softThreshold } from './fit.js';
import { LINE, STRENGTHS, runSweep } from './sweep.js';

describe('regression example (quick mode)', async () => {
  const r = await runSweep({ seed: 0, steps: 1000 });

  it('recovers the line and the cubic from noisy data without a penalty', () => {
    r.line.coefficients.forEach((c, k) => expect(c).toBeCloseTo(LINE[k]!, 1));
    r.cubic.coefficients.forEach((c, k) => expect(Math.abs(c - TRUE_COEFFICIENTS[k]!)).toBeLessThan(0.06));
    expect(r.cubic.fit.mse).toBeLessThan(0.02); // noise variance 0.01
  });

  it('shrinks the weights more as the L2 strength grows', () => {
    const norms = r.tables.L2.map((f) => Math.hypot(...f.weight));
    expect(norms).toHaveLength(STRENGTHS.length);
    for (let i = 1; i < norms.length; i++) expect(norms[i]).toBeLessThan(norms[i - 1]!);
    expect(r.tables.L2.every((f) => f.weight.every((w) => w !== 0))).toBe(true); // L2 alone never zeroes
  });

  it('gives exact zeros under a large L1 penalty, keeping only the true features x, x^2, x^3', () => {
    const strongest = r.tables.L1.at(-1)!.weight;
    expect(strongest.slice(3)).toEqual([0, 0, 0, 0, 0]);
    expect(strongest.slice(0, 3).every((w) => w !== 0)).toBe(true);
    expect(r.tables['elastic net'][2]!.weight.filter((w) => w === 0).length).toBeGreaterThan(0);
  });

  it('gets no exact zeros from plain gradient descent on the L1 subgradient', () => {
    for (const fit of r.subgradient.slice(1)) expect(fit.weight.filter((w) => w === 0)).toEqual([]);
  });
});

describe('regression helpers', () => {
  it('soft-thresholds: shrinks by t and zeroes what lies within t of 0', () => {
    const w = new Float64Array([1.5, -0.2, 0.3, -2, 0]);
    softThreshold(w, 0.3);
    expect(Array.from(w)).toEqual([1.2, 0, 0, -1.7, 0].map((v) => expect.closeTo(v, 12)));
  });

  it('maps standardised weights back to polynomial coefficients', () => {
    const data = makeData({ seed: 3, count: 20, noise: 0 });
    const f = polynomialFeatures(data, 3);
    // weights equal to truth * std reproduce the truth exactly once converted back
    const w = f.std.map((s, k) => TRUE_COEFFICIENTS[k + 1]! * s);
    const bias = TRUE_COEFFICIENTS[0] + w.reduce((a, wk, k) => a + wk * (f.mean[k]! / f.std[k]!), 0);
    toCoefficients(w, bias, f).forEach((c, k) => expect(c).toBeCloseTo(TRUE_COEFFICIENTS[k]!, 12));
    expect(polynomial([1, 2, 3], 2)).toBe(17);
  });
});
