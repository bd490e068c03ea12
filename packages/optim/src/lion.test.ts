import { describe, expect, it } from 'vitest';
import { tensor } from '@nabla/autograd';
import { Lion, type LionOptions } from './lion.js';
import { maxDiff, runQuadratic, runReference } from './test-utils.js';

// Reference: Algorithm 2 of the Lion paper with plain numbers.
function lionRef(o: LionOptions) {
  const { lr = 1e-4, betas = [0.9, 0.99], weightDecay = 0, maximize = false } = o;
  const [b1, b2] = betas;
  const m = [0, 0, 0];
  return (p: number[], g: number[]) => {
    for (let i = 0; i < p.length; i++) {
      const d = maximize ? -g[i]! : g[i]!;
      const c = b1 * m[i]! + (1 - b1) * d;
      p[i] = p[i]! - lr * (Math.sign(c) + weightDecay * p[i]!);
      m[i] = b2 * m[i]! + (1 - b2) * d;
    }
  };
}

const rows: [string, LionOptions][] = [
  ['defaults', {}],
  ['lr', { lr: 0.3 }],
  ['betas', { lr: 0.3, betas: [0.99, 0.1] }],
  ['weightDecay', { lr: 0.3, weightDecay: 0.5 }],
  ['maximize', { lr: 0.3, maximize: true }],
];

describe('Lion: first three steps against the formula', () => {
  it.each(rows)('%s', (_name, o) => {
    expect(maxDiff(runQuadratic((ps) => new Lion(ps, o)), runReference(lionRef(o)))).toBeLessThan(1e-12);
  });

  it.each(rows.slice(2))('option row %s changes the trajectory', (_name, o) => {
    // Five steps: the betas only matter once a gradient changes sign (coordinate 2 overshoots s at step 2).
    expect(maxDiff(runQuadratic((ps) => new Lion(ps, o), 5), runQuadratic((ps) => new Lion(ps, { lr: 0.3 }), 5))).toBeGreaterThan(1e-4);
  });

  it('moves every coordinate by exactly ±lr (without weight decay), and has the paper\'s defaults', () => {
    const [first] = runQuadratic((ps) => new Lion(ps, { lr: 0.25 }), 1);
    expect(first).toEqual([0.75, -1.75, 0.25]);
    expect(new Lion([tensor([1], { requiresGrad: true })]).defaults).toEqual({ lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0, maximize: false });
  });
});
