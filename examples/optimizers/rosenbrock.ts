/**
 * Rosenbrock's banana function f(x, y) = (1 - x)^2 + 100 (y - x^2)^2: a curved, narrow valley whose floor
 * leads slowly to the minimum f(1, 1) = 0. Easy to find the valley, hard to follow it: a classic test of
 * how an optimizer copes with ill-conditioning.
 */
import { tensor, type Tensor } from '@nabla/autograd';
import type { Optimizer } from '@nabla/optim';
import type { Point } from '../lib/plot.js';
import type { StepReporter } from '../lib/progress.js';

/** The standard start, on the far side of the valley: f(-1.5, 2) = 12.5. */
export const START: Point = [-1.5, 2];
/** The minimum. */
export const MINIMUM: Point = [1, 1];

/** f at a point, in plain numbers (for the contour plot). */
export function rosenbrock(x: number, y: number): number {
  return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
}

/** f of a [2] tensor holding (x, y), as a differentiable scalar. */
export function rosenbrockTensor(p: Tensor): Tensor {
  const [x, y] = p.split(1);
  return x!.neg().add(1).square().add(y!.sub(x!.square()).square().mul(100)).sum();
}

/** The points an optimizer visited and the loss at each. */
export interface Trajectory {
  /** Point before step 1, then after each step. */
  path: Point[];
  /** f at each point of `path`. */
  losses: number[];
  /** The step size was too large: the iterate ran off to infinity and the run stopped early. */
  diverged: boolean;
}

/**
 * Runs `steps` steps of the optimizer that `make` builds, from START, on float64 parameters.
 * @example runRosenbrock((p) => new Adam(p, { lr: 0.1 }), 500).losses.at(-1); // well below 12.5
 */
export async function runRosenbrock(make: (params: Tensor[]) => Optimizer, steps: number, progress?: StepReporter): Promise<Trajectory> {
  const p = tensor([...START], { dtype: 'float64', requiresGrad: true });
  const opt = make([p]);
  const path: Point[] = [START];
  const losses = [rosenbrock(...START)];
  let diverged = false;
  for (let step = 1; step <= steps; step++) {
    opt.zeroGrad();
    rosenbrockTensor(p).backward();
    diverged = !p.grad!.data().every(Number.isFinite);
    if (diverged) break; // the optimizer would refuse this step anyway
    opt.step();
    const [x, y] = p.data();
    path.push([x!, y!]);
    losses.push(rosenbrock(x!, y!));
    await progress?.update(step, { loss: losses.at(-1)! });
    if (progress?.stopRequested) break;
  }
  return { path, losses, diverged };
}
