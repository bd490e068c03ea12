import { ValueError, describe } from '../errors.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { where } from './elementwise.js';
import { checkTensor, floatOperand } from './operand.js';
import { max, min, sum } from './reduce.js';

function keep(op: string, keepDims: unknown): boolean {
  if (typeof keepDims !== 'boolean') throw new ValueError(`${op}: keepDims must be a boolean, got ${describe(keepDims)}`);
  return keepDims;
}

/**
 * 1 (int32) where every element over `axis` (all axes when omitted) is nonzero, else 0; NaN counts as
 * nonzero and an empty slice gives 1, as PyTorch. @example all(tensor([[1, 0], [2, 3]]), 1) // [0, 1]
 */
export function all(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('all', x);
  const axes = normalizeAxes('all', axis, t.ndim);
  return sum(t.eq(0), axes, keep('all', keepDims)).eq(0);
}

/**
 * 1 (int32) where some element over `axis` (all axes when omitted) is nonzero, else 0; an empty slice
 * gives 0. @example any(tensor([[1, 0], [0, 0]]), 1) // [1, 0]
 */
export function any(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('any', x);
  const axes = normalizeAxes('any', axis, t.ndim);
  return sum(t.ne(0), axes, keep('any', keepDims)).gt(0);
}

/**
 * Number (int32) of nonzero elements over `axis` (all axes when omitted); NaN counts.
 * @example countNonzero(tensor([[1, 0], [2, 3]]), 0) // [2, 1]
 */
export function countNonzero(x: Tensor, axis?: number | number[]): Tensor {
  const t = checkTensor('countNonzero', x);
  return sum(t.ne(0), normalizeAxes('countNonzero', axis, t.ndim));
}

/**
 * Sum over `axis` treating NaN as 0 (all axes when omitted); NaN elements get gradient 0.
 * @example nansum(tensor([1, NaN, 2])) // 3
 */
export function nansum(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('nansum', x);
  const axes = normalizeAxes('nansum', axis, t.ndim);
  const k = keep('nansum', keepDims);
  return t.dtype === 'int32' ? sum(t, axes, k) : sum(where(t.ne(t), 0, t), axes, k);
}

/**
 * Mean over `axis` of the elements that are not NaN (NaN where a slice has none).
 * @example nanmean(tensor([1, NaN, 2])) // 1.5
 */
export function nanmean(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = floatOperand('nanmean', x);
  const axes = normalizeAxes('nanmean', axis, t.ndim);
  const k = keep('nanmean', keepDims);
  const isNum = t.eq(t);
  return sum(where(isNum, t, 0), axes, k).div(sum(isNum, axes, k).astype(t.dtype));
}

/**
 * Maximum over `axis` (all axes when omitted), PyTorch's amax: the gradient is split evenly among ties.
 * @example amax(tensor([[1, 5], [5, 2]])) // 5; the gradient is [[0, 0.5], [0.5, 0]]
 */
export function amax(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('amax', x);
  return max(t, normalizeAxes('amax', axis, t.ndim), keep('amax', keepDims));
}

/** Minimum over `axis` (all axes when omitted), PyTorch's amin: ties split the gradient evenly. @example amin(tensor([3, 1, 1])) // 1 */
export function amin(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('amin', x);
  return min(t, normalizeAxes('amin', axis, t.ndim), keep('amin', keepDims));
}
