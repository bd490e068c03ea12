import { describe, expect, it } from 'vitest';
import { NAdam, type NAdamOptions } from './nadam.js';
import { maxDiff, runQuadratic, runReference } from './test-utils.js';

// Reference: PyTorch's NAdam algorithm box with plain numbers (m̂ mixes the next momentum and the gradient).
function nadamRef(o: NAdamOptions) {
  const { lr = 2e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, momentumDecay = 4e-3, decoupledWeightDecay = false, maximize = false } = o;
  const [b1, b2] = betas;
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  let prod = 1;
  const mu = (t: number) => b1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
  return (p: number[], g: number[], t: number) => {
    prod *= mu(t);
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i]! : g[i]!;
      if (decoupledWeightDecay) p[i] = p[i]! - lr * weightDecay * p[i]!;
      else d += weightDecay * p[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * d;
      v[i] = b2 * v[i]! + (1 - b2) * d * d;
      const mHat = (mu(t + 1) * m[i]!) / (1 - prod * mu(t + 1)) + ((1 - mu(t)) * d) / (1 - prod);
      const vHat = v[i]! / (1 - b2 ** t);
      p[i] = p[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  };
}

const rows: [string, NAdamOptions][] = [
  ['defaults', {}],
  ['lr and betas', { lr: 0.1, betas: [0.8, 0.9] }],
  ['momentumDecay', { lr: 0.1, momentumDecay: 0.5 }],
  ['eps', { lr: 0.1, eps: 0.5 }],
  ['weightDecay (L2)', { lr: 0.1, weightDecay: 0.5 }],
  ['decoupledWeightDecay', { lr: 0.1, weightDecay: 0.5, decoupledWeightDecay: true }],
  ['maximize', { lr: 0.1, maximize: true }],
];

describe('NAdam: first three steps against the formula', () => {
  it.each(rows)('%s', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new NAdam(ps, o)), runReference(nadamRef(o)))).toBeLessThan(1e-12);
  });

  it.each(rows.slice(2))('option row %s changes the trajectory', (_name, o) => {
    const ref = o.decoupledWeightDecay ? { lr: 0.1, weightDecay: 0.5 } : { lr: 0.1 };
    expect(maxDiff(runQuadratic((ps) => new NAdam(ps, o)), runQuadratic((ps) => new NAdam(ps, ref)))).toBeGreaterThan(1e-4);
  });
});
