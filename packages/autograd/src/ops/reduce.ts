import { ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { normalizeAxes, normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkInt32Values } from '../tensor/int32.js';
import { checkTensor, floatOperand, toDType } from './operand.js';
import { elementsForCheck } from '../transforms/levels.js';

/** Validates `keepDims` (plain JS callers may pass anything). */
function checkKeepDims(op: string, keepDims: unknown): boolean {
  if (typeof keepDims !== 'boolean') throw new ValueError(`${op}: keepDims must be a boolean, got ${describe(keepDims)}`);
  return keepDims;
}

/** Number of elements each output element of a reduction over `axes` combines. */
const reducedCount = (shape: readonly number[], axes: readonly number[]): number =>
  axes.reduce((n, a) => n * shape[a]!, 1);

/** Max, min and argmax of an empty set are undefined: throw rather than return -inf. */
function checkNonEmpty(op: string, x: Tensor, axes: readonly number[]): void {
  const empty = axes.find((a) => x._shape[a] === 0);
  if (empty !== undefined) {
    throw new ValueError(`${op}: cannot reduce over axis ${empty} of size 0 (input shape ${fmtShape(x._shape)}); an empty slice has no ${op}`);
  }
}

/**
 * An int32 reduction done exactly: accumulated in float64 (exact for every sum of int32 values that
 * fits 2^53), then checked: a result outside int32 is a ValueError naming it and its index, never a wrap.
 * We throw rather than promote: the result dtype stays int32 whatever the data (PyTorch promotes to
 * int64, which we do not have). No gradient is involved: int32 tensors never require grad.
 */
function int32Reduce(op: 'sum' | 'prod', t: Tensor, axes: number[], keepDims: boolean): Tensor {
  const wide = apply(op, [toDType(t, 'float64')], { axes, keepDims });
  const d = elementsForCheck(wide);
  // A product that overflowed to Infinity and then met a 0 is NaN; the exact integer product is 0.
  if (op === 'prod') for (let i = 0; i < d.length; i++) if (Number.isNaN(d[i]!)) d[i] = 0;
  checkInt32Values(op, d, wide._shape, `the int32 ${op} of input shape ${fmtShape(t._shape)} overflows; cast to float64 first`);
  return toDType(wide, 'int32');
}

/**
 * Sum over `axis` (a number, a list, or all axes when undefined); negative axes count from the end.
 * float32 sums accumulate in float64. int32 sums stay int32 and are exact: a result beyond int32 is a
 * ValueError naming it (we do not promote; PyTorch would give int64). The sum of nothing is 0.
 * @example sum(tensor([[1, 2], [3, 4]]), 0) // [4, 6]
 */
export function sum(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('sum', x);
  const axes = normalizeAxes('sum', axis, t.ndim);
  const keep = checkKeepDims('sum', keepDims);
  if (t.dtype === 'int32') return int32Reduce('sum', t, axes, keep);
  return apply('sum', [t], { axes, keepDims: keep });
}

/**
 * Arithmetic mean over `axis` (all axes when undefined): sum / count. int32 input gives float32 (PyTorch
 * refuses integer input; we convert). The mean of an empty slice is NaN (0 / 0).
 * @example mean(tensor([[1, 2], [3, 4]]), -1) // [1.5, 3.5]
 */
export function mean(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = floatOperand('mean', x);
  const axes = normalizeAxes('mean', axis, t.ndim);
  return sum(t, axes, checkKeepDims('mean', keepDims)).div(reducedCount(t._shape, axes));
}

/**
 * Maximum over `axis` (all axes when undefined), PyTorch's `amax`: the values only (use `argmax` for
 * indices). Ties split the gradient evenly; NaN propagates. An empty slice throws a ValueError.
 * @example max(tensor([[1, 5], [3, 2]]), 1) // [5, 3]
 */
export function max(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('max', x);
  const axes = normalizeAxes('max', axis, t.ndim);
  checkNonEmpty('max', t, axes);
  return apply('max', [t], { axes, keepDims: checkKeepDims('max', keepDims) });
}

/**
 * Minimum over `axis` (all axes when undefined), as -max(-x): ties split the gradient evenly.
 * @example min(tensor([4, 1, 1]))  // 1; the gradient is [0, 0.5, 0.5]
 */
export function min(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('min', x);
  const axes = normalizeAxes('min', axis, t.ndim);
  checkNonEmpty('min', t, axes);
  return apply('max', [t.neg()], { axes, keepDims: checkKeepDims('min', keepDims) }).neg();
}

/**
 * Product over `axis` (all axes when undefined); the product of nothing is 1. int32 stays int32 and is
 * exact: a product beyond int32 is a ValueError naming it (no wrap; PyTorch would promote to int64).
 * The gradient is exact when the input holds zeros.
 * @example prod(tensor([2, 0, 3])) // 0; the gradient is [0, 6, 0]
 */
export function prod(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('prod', x);
  const axes = normalizeAxes('prod', axis, t.ndim);
  const keep = checkKeepDims('prod', keepDims);
  if (t.dtype === 'int32') return int32Reduce('prod', t, axes, keep);
  return apply('prod', [t], { axes, keepDims: keep });
}

/**
 * log(sum(exp(x))) over `axis` (all axes when undefined), computed without overflow (the slice max is
 * subtracted first). A slice of all -inf (or an empty one) gives -inf with gradient 0; +inf gives +inf.
 * @example logsumexp(tensor([1e4, 1e4])) // 1e4 + ln 2
 */
export function logsumexp(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = floatOperand('logsumexp', x);
  const axes = normalizeAxes('logsumexp', axis, t.ndim);
  return apply('logsumexp', [t], { axes, keepDims: checkKeepDims('logsumexp', keepDims) });
}

function argReduce(op: 'argmax' | 'argmin', x: Tensor, axis: number | undefined, keepDims: boolean): Tensor {
  const t = checkTensor(op, x);
  const ax = axis === undefined ? null : normalizeAxis(op, axis, t.ndim);
  checkNonEmpty(op, t, ax === null ? t._shape.map((_, i) => i) : [ax]);
  return apply('argReduce', [t], { op, axis: ax, keepDims: checkKeepDims(op, keepDims) });
}

/**
 * Index (int32) of the largest element along `axis`, or in the flattened tensor when `axis` is undefined
 * (then `keepDims` keeps every axis as 1). Ties give the first index; NaN counts as the largest.
 * No gradient. @example argmax(tensor([[1, 9], [7, 7]]), 1) // [1, 0]
 */
export const argmax = (x: Tensor, axis?: number, keepDims = false): Tensor => argReduce('argmax', x, axis, keepDims);

/** Index (int32) of the smallest element along `axis` (flattened when undefined); first on ties. No gradient. */
export const argmin = (x: Tensor, axis?: number, keepDims = false): Tensor => argReduce('argmin', x, axis, keepDims);
