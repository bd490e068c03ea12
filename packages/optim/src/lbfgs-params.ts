import { ShapeError, Tensor, ValueError, describe, fmtShape } from '@nabla/autograd';
import { checkGradKind } from './validate.js';

/** What LBFGS's `step` calls: clears the gradients, computes the loss, calls `backward()` and returns the loss. */
export type LBFGSClosure<L extends Tensor | number = Tensor | number> = () => L;

/** The loss a closure returned, as a number (a one-element Tensor or a number). */
export function checkLoss(out: unknown): number {
  if (typeof out === 'number') return out;
  if (out instanceof Tensor && out.size === 1) return out.item();
  const got = out instanceof Tensor ? `a Tensor of shape ${fmtShape(out.shape)}` : describe(out);
  throw new ValueError(`LBFGS.step: the closure must return the loss (a one-element Tensor or a number), got ${got}`);
}

/** Whether LBFGS moves this parameter (frozen ones are skipped, as PyTorch skips them via their null grad). */
const trainable = (p: Tensor): boolean => p.requiresGrad;

/**
 * The gradients of all parameters as one float64 vector, in parameter order; a missing gradient (or a frozen
 * parameter) counts as zeros. With `strict`, a NaN or ±Infinity entry throws (nothing has changed yet).
 */
export function flatGrad(op: string, params: readonly Tensor[], strict: boolean): Float64Array {
  const out = new Float64Array(params.reduce((n, p) => n + p.size, 0));
  let off = 0;
  params.forEach((p, pi) => {
    const grad = p.grad;
    if (grad !== null && trainable(p)) {
      checkGradKind(`${op}: gradient of param ${pi}`, p, grad);
      if (!p.sameShape(grad)) throw new ShapeError(`${op}: gradient of param ${pi} has shape ${fmtShape(grad.shape)} but the parameter has shape ${fmtShape(p.shape)}`);
      const g = grad._contiguousData();
      for (let i = 0; i < g.length; i++) {
        if (strict && g[i]! - g[i]! !== 0) {
          throw new ValueError(`${op}: gradient of param ${pi} (shape ${fmtShape(p.shape)}) contains ${g[i]} at flat index ${i}; no parameter or optimizer state was changed`);
        }
        out[off + i] = g[i]!;
      }
    }
    off += p.size;
  });
  return out;
}

/** Copies of the parameters' values (float64). */
export function readParams(params: readonly Tensor[]): Float64Array[] {
  return params.map((p) => Float64Array.from(p._contiguousData()));
}

/** Writes saved values back into the parameters (call under noGrad). */
export function writeParams(params: readonly Tensor[], values: readonly Float64Array[]): void {
  params.forEach((p, i) => p.mutate((data) => data.set(values[i]!)));
}

/** θ ← θ + t d over the flat parameter vector, skipping frozen parameters (call under noGrad). */
export function addDirection(params: readonly Tensor[], t: number, d: Float64Array): void {
  let off = 0;
  for (const p of params) {
    const start = off;
    if (trainable(p)) p.mutate((data) => {
      for (let i = 0; i < data.length; i++) data[i] = data[i]! + t * d[start + i]!;
    });
    off += p.size;
  }
}
