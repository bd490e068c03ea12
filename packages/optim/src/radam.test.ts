import { describe, expect, it } from 'vitest';
import { RAdam, type RAdamOptions } from './radam.js';
import { maxDiff, runQuadratic, runReference } from './test-utils.js';

// Reference: PyTorch's RAdam algorithm box with plain numbers.
function radamRef(o: RAdamOptions) {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0, decoupledWeightDecay = false, maximize = false } = o;
  const [b1, b2] = betas;
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  const rhoInf = 2 / (1 - b2) - 1;
  return (p: number[], g: number[], t: number) => {
    const rho = rhoInf - (2 * t * b2 ** t) / (1 - b2 ** t);
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i]! : g[i]!;
      if (decoupledWeightDecay) p[i] = p[i]! - lr * weightDecay * p[i]!;
      else d += weightDecay * p[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * d;
      v[i] = b2 * v[i]! + (1 - b2) * d * d;
      const mHat = m[i]! / (1 - b1 ** t);
      if (rho > 5) {
        const l = Math.sqrt(1 - b2 ** t) / (Math.sqrt(v[i]!) + eps);
        const r = Math.sqrt(((rho - 4) * (rho - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rho));
        p[i] = p[i]! - lr * mHat * l * r;
      } else {
        p[i] = p[i]! - lr * mHat;
      }
    }
  };
}

// Eight steps: with β2 = 0.999 the variance becomes tractable (ρ_t > 5) at step 6, so both branches run.
const rows: [string, RAdamOptions][] = [
  ['defaults', {}],
  ['lr and betas', { lr: 0.05, betas: [0.8, 0.99] }],
  ['eps', { lr: 0.05, eps: 0.5 }],
  ['weightDecay (L2)', { lr: 0.05, weightDecay: 0.5 }],
  ['decoupledWeightDecay', { lr: 0.05, weightDecay: 0.5, decoupledWeightDecay: true }],
  ['maximize', { lr: 0.05, maximize: true }],
];

describe('RAdam: first eight steps against the formula', () => {
  it.each(rows)('%s', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new RAdam(ps, o), 8), runReference(radamRef(o), 8))).toBeLessThan(1e-12);
  });

  it('switches to the rectified update once ρ_t > 5 (step 6 with β2 = 0.999)', () => {
    const got = runQuadratic((ps) => new RAdam(ps, { lr: 0.05 }), 8);
    // With β2 = 0.5, ρ∞ = 3 and the update is never rectified: plain bias-corrected momentum SGD.
    const sgdLike = runReference(radamRef({ lr: 0.05, betas: [0.9, 0.5] }), 8);
    expect(maxDiff(got.slice(0, 5), sgdLike.slice(0, 5))).toBeLessThan(1e-12);
    expect(maxDiff(got.slice(5), sgdLike.slice(5))).toBeGreaterThan(1e-3);
  });

  it.each(rows.slice(3))('option row %s changes the trajectory', (_name, o) => {
    const ref = o.decoupledWeightDecay ? { lr: 0.05, weightDecay: 0.5 } : { lr: 0.05 };
    expect(maxDiff(runQuadratic((ps) => new RAdam(ps, o), 8), runQuadratic((ps) => new RAdam(ps, ref), 8))).toBeGreaterThan(1e-4);
  });
});
