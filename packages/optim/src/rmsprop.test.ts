import { describe, expect, it } from 'vitest';
import { RMSprop, rmspropUpdate, type RMSpropOptions } from './rmsprop.js';
import { maxDiff, runQuadratic, runReference } from './test-utils.js';

// Reference: PyTorch's RMSprop algorithm box with plain numbers.
function rmspropRef(o: RMSpropOptions) {
  const { lr = 1e-2, alpha = 0.99, eps = 1e-8, weightDecay = 0, momentum = 0, centered = false, maximize = false } = o;
  const v = [0, 0, 0];
  const gAvg = [0, 0, 0];
  const b = [0, 0, 0];
  return (p: number[], g: number[]) => {
    for (let i = 0; i < p.length; i++) {
      const d = (maximize ? -g[i]! : g[i]!) + weightDecay * p[i]!;
      v[i] = alpha * v[i]! + (1 - alpha) * d * d;
      let vt = v[i]!;
      if (centered) {
        gAvg[i] = alpha * gAvg[i]! + (1 - alpha) * d;
        vt -= gAvg[i]! ** 2;
      }
      if (momentum > 0) {
        b[i] = momentum * b[i]! + d / (Math.sqrt(vt) + eps);
        p[i] = p[i]! - lr * b[i]!;
      } else {
        p[i] = p[i]! - (lr * d) / (Math.sqrt(vt) + eps);
      }
    }
  };
}

const rows: [string, RMSpropOptions][] = [
  ['defaults', {}],
  ['alpha', { alpha: 0.9 }],
  ['momentum', { momentum: 0.9 }],
  ['centered', { centered: true }],
  ['centered + momentum', { centered: true, momentum: 0.5 }],
  ['weightDecay', { weightDecay: 0.5 }],
  ['maximize', { maximize: true }],
  ['eps', { eps: 0.1 }],
];

describe('RMSprop: first three steps against the formula', () => {
  it.each(rows)('%s', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new RMSprop(ps, o)), runReference(rmspropRef(o)))).toBeLessThan(1e-12);
  });

  it.each(rows.slice(1))('option row %s changes the trajectory', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new RMSprop(ps, o)), runQuadratic((ps) => new RMSprop(ps)))).toBeGreaterThan(1e-5);
  });

  it('clamps the centered variance at 0 instead of taking the square root of a rounding-negative number', () => {
    // v − ḡ² with v = ḡ² exactly minus one ulp: PyTorch would give NaN; we divide by eps instead.
    const p = new Float64Array([1]);
    const gAvg = new Float64Array([0.1]);
    const v = new Float64Array([0.01]);
    rmspropUpdate(p, [0.1], { v, gAvg, buf: null }, { lr: 1e-3, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: true, maximize: false });
    expect(Number.isFinite(p[0]!)).toBe(true);
  });
});
