/**
 * @internal Helpers shared by this package's tests (not exported from the package index): a tiny float64
 * problem f(p) = Σ c_i (p_i − s_i)² with gradients from autograd, and a runner for hand-written reference
 * updates. The shift s keeps the gradient from being proportional to p, so weight decay is visible even to
 * scale-invariant optimizers.
 */
import { tensor, type DType, type Tensor } from '@nabla/autograd';
import type { Optimizer } from './optimizer.js';

/** Coefficients c and starting point p0 of the test problem. */
export const C = [1, 0.5, 3];
export const S = [0.25, 0.5, -0.125];
export const P0 = [1, -2, 0.5];

/** The gradient 2c(p − s) with plain numbers. */
export const gradOf = (p: readonly number[]): number[] => p.map((x, i) => 2 * C[i]! * (x - S[i]!));

/** The trajectory (p after each step) of `steps` optimizer steps on Σ c (p − s)², gradients by backward. */
export function runQuadratic(make: (ps: Tensor[]) => Optimizer, steps = 3, dtype: DType = 'float64'): number[][] {
  const p = tensor(P0, { dtype, requiresGrad: true });
  const c = tensor(C, { dtype });
  const shift = tensor(S, { dtype });
  const opt = make([p]);
  const out: number[][] = [];
  for (let t = 0; t < steps; t++) {
    opt.zeroGrad();
    const r = p.sub(shift);
    r.mul(r).mul(c).sum().backward();
    opt.step();
    out.push(p.toArray() as number[]);
  }
  return out;
}

/** The trajectory of a hand-written update `next(p, g, t)` (mutating p; g = 2c(p − s); t counts from 1). */
export function runReference(next: (p: number[], g: number[], t: number) => void, steps = 3): number[][] {
  const p = P0.slice();
  const out: number[][] = [];
  for (let t = 1; t <= steps; t++) {
    next(p, gradOf(p), t);
    out.push(p.slice());
  }
  return out;
}

/** Largest absolute difference between two trajectories of the same shape. */
export function maxDiff(a: number[][], b: number[][]): number {
  let d = 0;
  a.forEach((row, i) => row.forEach((x, j) => (d = Math.max(d, Math.abs(x - b[i]![j]!)))));
  return a.length === b.length ? d : Infinity;
}
