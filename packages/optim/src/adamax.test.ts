import { describe, expect, it } from 'vitest';
import { Adamax, type AdamaxOptions } from './adamax.js';
import { maxDiff, runQuadratic, runReference } from './test-utils.js';

// Reference: PyTorch's Adamax algorithm box with plain numbers.
function adamaxRef(o: AdamaxOptions) {
  const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, maximize = false } = o;
  const [b1, b2] = betas;
  const m = [0, 0, 0];
  const u = [0, 0, 0];
  return (p: number[], g: number[], t: number) => {
    for (let i = 0; i < p.length; i++) {
      const d = (maximize ? -g[i]! : g[i]!) + weightDecay * p[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * d;
      u[i] = Math.max(b2 * u[i]!, Math.abs(d) + eps);
      p[i] = p[i]! - ((lr / (1 - b1 ** t)) * m[i]!) / u[i]!;
    }
  };
}

const rows: [string, AdamaxOptions][] = [
  ['defaults', {}],
  ['lr', { lr: 0.3 }],
  ['betas', { lr: 0.3, betas: [0.5, 0.6] }],
  ['eps', { lr: 0.3, eps: 0.5 }],
  ['weightDecay', { lr: 0.3, weightDecay: 0.5 }],
  ['maximize', { lr: 0.3, maximize: true }],
];

describe('Adamax: first three steps against the formula', () => {
  it.each(rows)('%s', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new Adamax(ps, o)), runReference(adamaxRef(o)))).toBeLessThan(1e-12);
  });

  it.each(rows.slice(2))('option row %s changes the trajectory', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new Adamax(ps, o)), runQuadratic((ps) => new Adamax(ps, { lr: 0.3 })))).toBeGreaterThan(1e-4);
  });
});
