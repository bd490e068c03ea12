import { describe, expect, it } from 'vitest';
import { tensor } from '@nabla/autograd';
import { Adam, type AdamOptions } from './adam.js';
import { AdamW } from './adamw.js';
import { maxDiff, runQuadratic, runReference } from './test-utils.js';

// Reference: the Adam/AdamW algorithm boxes with plain numbers; AMSGrad keeps the max of the raw v (as
// PyTorch's implementation does) and bias-corrects it afterwards.
function adamRef(o: AdamOptions, decoupled = false) {
  const { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = decoupled ? 1e-2 : 0, amsgrad = false, maximize = false } = o;
  const [b1, b2] = betas;
  const m = [0, 0, 0];
  const v = [0, 0, 0];
  const vMax = [0, 0, 0];
  return (p: number[], g: number[], t: number) => {
    for (let i = 0; i < p.length; i++) {
      let d = maximize ? -g[i]! : g[i]!;
      if (decoupled) p[i] = p[i]! - lr * weightDecay * p[i]!;
      else d += weightDecay * p[i]!;
      m[i] = b1 * m[i]! + (1 - b1) * d;
      v[i] = b2 * v[i]! + (1 - b2) * d * d;
      vMax[i] = Math.max(vMax[i]!, v[i]!);
      const mHat = m[i]! / (1 - b1 ** t);
      const vHat = (amsgrad ? vMax[i]! : v[i]!) / (1 - b2 ** t);
      p[i] = p[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
    }
  };
}

const rows: [string, AdamOptions][] = [
  ['defaults', {}],
  ['lr and betas', { lr: 0.1, betas: [0.8, 0.9] }],
  ['eps', { lr: 0.1, eps: 0.5 }],
  ['weightDecay', { lr: 0.1, weightDecay: 0.5 }],
  // β2 = 0.5 and a large lr make v shrink after step 1, so the running max matters.
  ['amsgrad', { lr: 0.5, betas: [0.9, 0.5], amsgrad: true }],
  ['maximize', { lr: 0.1, maximize: true }],
  ['everything', { lr: 0.3, betas: [0.5, 0.6], eps: 1e-3, weightDecay: 0.2, amsgrad: true, maximize: true }],
];

describe('Adam: first three steps against the formula', () => {
  it.each(rows)('%s', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new Adam(ps, o)), runReference(adamRef(o)))).toBeLessThan(1e-12);
  });

  it.each(rows.slice(2))('option row %s changes the trajectory', (_name, o) => {
    const { amsgrad: _a, eps: _e, weightDecay: _w, maximize: _m, ...base } = o;
    expect(maxDiff(runQuadratic((ps) => new Adam(ps, o)), runQuadratic((ps) => new Adam(ps, base)))).toBeGreaterThan(1e-4);
  });

  it('adds eps after bias-correcting sqrt(v): the first step moves each coordinate by lr·g/(|g| + eps)', () => {
    const o = { lr: 0.1, eps: 0.5 };
    const [first] = runQuadratic((ps) => new Adam(ps, o), 1);
    const [ref] = runReference(adamRef(o), 1);
    expect(first).toEqual(ref!.map((x) => expect.closeTo(x, 14)));
  });
});

describe('AdamW: first three steps against the formula', () => {
  const wRows: [string, AdamOptions][] = [
    ['defaults (weightDecay 1e-2)', {}],
    ['lr', { lr: 0.1 }],
    ['weightDecay', { lr: 0.1, weightDecay: 0.5 }],
    ['amsgrad', { lr: 0.5, betas: [0.9, 0.5], amsgrad: true }],
    ['maximize', { lr: 0.1, maximize: true }],
  ];
  it.each(wRows)('%s', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new AdamW(ps, o)), runReference(adamRef(o, true)))).toBeLessThan(1e-12);
  });

  it('decays the weights outside the moments (differs from Adam with the same weightDecay)', () => {
    const o = { lr: 0.1, weightDecay: 0.5 };
    expect(maxDiff(runQuadratic((ps) => new AdamW(ps, o)), runQuadratic((ps) => new Adam(ps, o)))).toBeGreaterThan(1e-3);
  });

  it('has PyTorch\'s defaults (weightDecay 1e-2)', () => {
    const w = tensor([1], { requiresGrad: true });
    expect(new AdamW([w]).defaults).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false });
    expect(new Adam([w]).defaults).toEqual({ lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false });
  });
});
