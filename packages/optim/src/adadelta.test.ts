import { describe, expect, it } from 'vitest';
import { Adadelta, type AdadeltaOptions } from './adadelta.js';
import { maxDiff, runQuadratic, runReference } from './test-utils.js';

// Reference: PyTorch's Adadelta algorithm box with plain numbers.
function adadeltaRef(o: AdadeltaOptions) {
  const { lr = 1, rho = 0.9, eps = 1e-6, weightDecay = 0, maximize = false } = o;
  const v = [0, 0, 0];
  const u = [0, 0, 0];
  return (p: number[], g: number[]) => {
    for (let i = 0; i < p.length; i++) {
      const d = (maximize ? -g[i]! : g[i]!) + weightDecay * p[i]!;
      v[i] = rho * v[i]! + (1 - rho) * d * d;
      const delta = (Math.sqrt(u[i]! + eps) / Math.sqrt(v[i]! + eps)) * d;
      u[i] = rho * u[i]! + (1 - rho) * delta * delta;
      p[i] = p[i]! - lr * delta;
    }
  };
}

const rows: [string, AdadeltaOptions][] = [
  ['defaults', {}],
  ['lr', { lr: 0.5 }],
  ['rho', { rho: 0.5 }],
  ['eps', { eps: 1e-2 }],
  ['weightDecay', { weightDecay: 0.5 }],
  ['maximize', { maximize: true }],
];

describe('Adadelta: first three steps against the formula', () => {
  it.each(rows)('%s', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new Adadelta(ps, o)), runReference(adadeltaRef(o)))).toBeLessThan(1e-12);
  });

  it.each(rows.slice(1))('option row %s changes the trajectory', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new Adadelta(ps, o)), runQuadratic((ps) => new Adadelta(ps)))).toBeGreaterThan(1e-6);
  });
});
