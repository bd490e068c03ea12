import type { Tensor } from '@nabla/autograd';
import { oneOf } from '../check.js';

/** How a loss combines its per-element values: their mean (default), their sum, or none (the values). */
export type Reduction = 'mean' | 'sum' | 'none';

/** @internal Reads a reduction option. */
export const checkReduction = (op: string, r: unknown): Reduction => oneOf(op, 'reduction', r, ['mean', 'sum', 'none'], 'mean');

/** @internal Applies a reduction to per-element losses (the mean of zero elements is NaN, as PyTorch). */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === 'none') return loss;
  return reduction === 'sum' ? loss.sum() : loss.mean();
}
