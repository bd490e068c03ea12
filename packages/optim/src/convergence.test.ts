import { describe, expect, it } from 'vitest';
import { tensor, type Tensor } from '@nabla/autograd';
import { Adadelta } from './adadelta.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import { AdamW } from './adamw.js';
import { Adamax } from './adamax.js';
import { Lion } from './lion.js';
import { NAdam } from './nadam.js';
import type { Optimizer } from './optimizer.js';
import { RAdam } from './radam.js';
import { RMSprop } from './rmsprop.js';
import { SGD } from './sgd.js';

type Make = (ps: Tensor[]) => Optimizer;

/** Runs `steps` steps minimising `loss(p)` from `p0` and returns the final loss. */
function minimise(loss: (p: Tensor) => Tensor, p0: number[], make: Make, steps: number): number {
  const p = tensor(p0, { dtype: 'float64', requiresGrad: true });
  const opt = make([p]);
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    loss(p).backward();
    opt.step();
  }
  return loss(p).item();
}

// An ill-conditioned quadratic (curvatures 2, 20, 200), minimum 0 at s.
const c = tensor([1, 10, 100], { dtype: 'float64' });
const s = tensor([0.5, -0.25, 1.5], { dtype: 'float64' });
const quadratic = (p: Tensor) => p.sub(s).square().mul(c).sum();
// Rosenbrock's banana valley, minimum 0 at (1, 1), from the classic start (-1.2, 1) where f = 24.2.
const rosenbrock = (p: Tensor) => {
  const [x, y] = p.split(1);
  return x!.neg().add(1).square().add(y!.sub(x!.square()).square().mul(100)).sum();
};

// [name, quadratic: make, steps, bound on f; Rosenbrock: make, steps, bound on f]
const rows: [string, Make, number, number, Make, number, number][] = [
  ['SGD + momentum', (ps) => new SGD(ps, { lr: 0.009, momentum: 0.9 }), 500, 1e-12, (ps) => new SGD(ps, { lr: 1e-3, momentum: 0.9 }), 3000, 1e-8],
  ['SGD + Nesterov', (ps) => new SGD(ps, { lr: 0.005, momentum: 0.9, nesterov: true }), 500, 1e-12, (ps) => new SGD(ps, { lr: 1e-3, momentum: 0.9, nesterov: true }), 3000, 1e-8],
  ['Adagrad', (ps) => new Adagrad(ps, { lr: 0.5 }), 500, 1e-12, (ps) => new Adagrad(ps, { lr: 1 }), 3000, 1e-2],
  ['RMSprop', (ps) => new RMSprop(ps, { lr: 0.01 }), 500, 1e-12, (ps) => new RMSprop(ps, { lr: 1e-3, momentum: 0.9 }), 3000, 1e-3],
  // Adadelta's unit-correcting step crawls along the curved valley: we only ask it to reach the valley floor.
  ['Adadelta', (ps) => new Adadelta(ps), 2000, 1e-12, (ps) => new Adadelta(ps, { rho: 0.99 }), 5000, 1],
  ['Adam', (ps) => new Adam(ps, { lr: 0.05 }), 500, 1e-12, (ps) => new Adam(ps, { lr: 0.02 }), 3000, 1e-5],
  ['Adam + AMSGrad', (ps) => new Adam(ps, { lr: 0.05, amsgrad: true }), 500, 1e-12, (ps) => new Adam(ps, { lr: 0.05, amsgrad: true }), 3000, 1e-5],
  // Decoupled decay pulls the optimum towards 0, so AdamW (default weightDecay 1e-2) stops slightly off the minimum.
  ['AdamW', (ps) => new AdamW(ps, { lr: 0.05 }), 500, 1e-3, (ps) => new AdamW(ps, { lr: 0.02 }), 3000, 1e-2],
  ['Adamax', (ps) => new Adamax(ps, { lr: 0.05 }), 500, 1e-12, (ps) => new Adamax(ps, { lr: 0.1 }), 3000, 1e-5],
  ['NAdam', (ps) => new NAdam(ps, { lr: 0.05 }), 500, 1e-12, (ps) => new NAdam(ps, { lr: 0.02 }), 3000, 1e-2],
  // RAdam's first steps are plain momentum SGD, so its lr must be stable for the largest curvature.
  ['RAdam', (ps) => new RAdam(ps, { lr: 0.01 }), 1500, 1e-10, (ps) => new RAdam(ps, { lr: 0.006 }), 5000, 1e-2],
  // Lion moves every coordinate by ±lr, so it settles within about lr of the minimum.
  ['Lion', (ps) => new Lion(ps, { lr: 0.01 }), 500, 1e-2, (ps) => new Lion(ps, { lr: 2e-3 }), 3000, 1e-3],
];

describe('convergence within a step budget', () => {
  it.each(rows)('%s', (_name, makeQ, stepsQ, tolQ, makeR, stepsR, tolR) => {
    const p0 = [2, -2, 1];
    expect(quadratic(tensor(p0, { dtype: 'float64' })).item()).toBeGreaterThan(50); // f(p0) = 57.875
    expect(minimise(quadratic, p0, makeQ, stepsQ)).toBeLessThan(tolQ);
    expect(minimise(rosenbrock, [-1.2, 1], makeR, stepsR)).toBeLessThan(tolR);
  });
});
