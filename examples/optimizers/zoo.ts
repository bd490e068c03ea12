/**
 * The optimizers compared, each with a learning rate per task, picked from the grid 1e-4, 3e-4, ..., 0.3, 1
 * as the one with the lowest final loss (Rosenbrock: after 2000 steps; digits: after 100 and 1000 steps),
 * so the comparison is of tuned methods, not of one shared rate that suits some and breaks others.
 */
import type { Tensor } from '@nabla/autograd';
import { Adagrad, Adam, AdamW, Lion, RMSprop, SGD, type Optimizer } from '@nabla/optim';

/** One contender: how to build it for the Rosenbrock and for the digits task. */
export interface Contender {
  name: string;
  /** The update rule in one line, for the printed table. */
  rule: string;
  rosenbrock: (params: Tensor[]) => Optimizer;
  digits: (params: Tensor[]) => Optimizer;
}

/** SGD, momentum, Nesterov, Adam, AdamW, RMSprop, Adagrad and Lion, in that order. */
export const CONTENDERS: readonly Contender[] = [
  { name: 'SGD', rule: 'θ -= lr g', rosenbrock: (p) => new SGD(p, { lr: 1e-3 }), digits: (p) => new SGD(p, { lr: 0.3 }) },
  {
    name: 'momentum',
    rule: 'b = 0.9 b + g; θ -= lr b',
    rosenbrock: (p) => new SGD(p, { lr: 1e-3, momentum: 0.9 }),
    digits: (p) => new SGD(p, { lr: 0.1, momentum: 0.9 }),
  },
  {
    name: 'Nesterov',
    rule: 'b = 0.9 b + g; θ -= lr (g + 0.9 b)',
    rosenbrock: (p) => new SGD(p, { lr: 1e-3, momentum: 0.9, nesterov: true }),
    digits: (p) => new SGD(p, { lr: 0.1, momentum: 0.9, nesterov: true }),
  },
  { name: 'Adam', rule: 'θ -= lr m̂ / (√v̂ + ε)', rosenbrock: (p) => new Adam(p, { lr: 0.1 }), digits: (p) => new Adam(p, { lr: 1e-2 }) },
  {
    name: 'AdamW',
    rule: 'θ -= lr λ θ (decoupled decay), then Adam',
    rosenbrock: (p) => new AdamW(p, { lr: 0.1, weightDecay: 1e-2 }),
    digits: (p) => new AdamW(p, { lr: 1e-2, weightDecay: 1e-2 }),
  },
  { name: 'RMSprop', rule: 'v = 0.99 v + 0.01 g²; θ -= lr g / (√v + ε)', rosenbrock: (p) => new RMSprop(p, { lr: 3e-3 }), digits: (p) => new RMSprop(p, { lr: 1e-2 }) },
  { name: 'Adagrad', rule: 's += g²; θ -= lr g / (√s + ε)', rosenbrock: (p) => new Adagrad(p, { lr: 1 }), digits: (p) => new Adagrad(p, { lr: 0.1 }) },
  { name: 'Lion', rule: 'θ -= lr sign(0.9 m + 0.1 g); m = 0.99 m + 0.01 g', rosenbrock: (p) => new Lion(p, { lr: 3e-3 }), digits: (p) => new Lion(p, { lr: 1e-3 }) },
];
