import { describe, expect, it } from 'vitest';
import { Adagrad, type AdagradOptions } from './adagrad.js';
import { maxDiff, runQuadratic, runReference } from './test-utils.js';

// Reference: PyTorch's Adagrad algorithm box with plain numbers.
function adagradRef(o: AdagradOptions) {
  const { lr = 1e-2, lrDecay = 0, weightDecay = 0, initialAccumulatorValue = 0, eps = 1e-10, maximize = false } = o;
  const s = [0, 0, 0].map(() => initialAccumulatorValue);
  return (p: number[], g: number[], t: number) => {
    const clr = lr / (1 + (t - 1) * lrDecay);
    for (let i = 0; i < p.length; i++) {
      const d = (maximize ? -g[i]! : g[i]!) + weightDecay * p[i]!;
      s[i] = s[i]! + d * d;
      p[i] = p[i]! - (clr * d) / (Math.sqrt(s[i]!) + eps);
    }
  };
}

const rows: [string, AdagradOptions][] = [
  ['defaults', {}],
  ['lr', { lr: 0.5 }],
  ['lrDecay', { lr: 0.5, lrDecay: 0.7 }],
  ['initialAccumulatorValue', { lr: 0.5, initialAccumulatorValue: 2 }],
  ['weightDecay', { lr: 0.5, weightDecay: 0.4 }],
  ['maximize', { lr: 0.5, maximize: true }],
  ['eps', { lr: 0.5, eps: 0.3 }],
];

describe('Adagrad: first three steps against the formula', () => {
  it.each(rows)('%s', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new Adagrad(ps, o)), runReference(adagradRef(o)))).toBeLessThan(1e-12);
  });

  it.each(rows.slice(2))('option row %s changes the trajectory', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new Adagrad(ps, o)), runQuadratic((ps) => new Adagrad(ps, { lr: 0.5 })))).toBeGreaterThan(1e-4);
  });
});
