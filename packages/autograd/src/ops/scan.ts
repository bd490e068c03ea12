import { fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { checkInt32Values } from '../tensor/int32.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor, floatOperand, toDType } from './operand.js';
import { elementsForCheck } from '../transforms/levels.js';

/** A 0-d tensor scans as one element along axis 0 or -1, as PyTorch allows. */
function scanAxis(op: string, t: Tensor, axis: number): number {
  return normalizeAxis(op, axis, Math.max(t.ndim, 1));
}
const as1d = (t: Tensor): Tensor => (t.ndim === 0 ? t.reshape([1]) : t);
const back = (out: Tensor, t: Tensor): Tensor => (t.ndim === 0 ? out.reshape([]) : out);

/** int32 scans run in float64 (exact up to 2^53) and must fit int32 (no wrap; PyTorch would give int64). */
function intScan(op: 'cumsum' | 'cumprod', t: Tensor, axis: number): Tensor {
  const wide = apply(op, [toDType(t, 'float64')], { axis });
  checkInt32Values(op, elementsForCheck(wide), wide._shape, `the int32 ${op} of input shape ${fmtShape(t._shape)} overflows; cast to float64 first`);
  return toDType(wide, 'int32');
}

function runScan(op: 'cumsum' | 'cumprod', x: unknown, axis: number): Tensor {
  const t = checkTensor(op, x);
  const ax = scanAxis(op, t, axis);
  const flat = as1d(t);
  return back(t.dtype === 'int32' ? intScan(op, flat, ax) : apply(op, [flat], { axis: ax }), t);
}

/**
 * Running sum along `axis`: out_j = x_0 + ... + x_j. float32 accumulates in float64; int32 stays int32 and
 * is exact (a sum beyond int32 is a ValueError). @example cumsum(tensor([1, 2, 3]), 0) // [1, 3, 6]
 */
export const cumsum = (x: Tensor, axis: number): Tensor => runScan('cumsum', x, axis);

/**
 * Running product along `axis`. The gradient is exact when the input holds zeros.
 * @example cumprod(tensor([1, 2, 3]), 0) // [1, 2, 6]
 */
export const cumprod = (x: Tensor, axis: number): Tensor => runScan('cumprod', x, axis);

/**
 * log(cumsum(exp(x))) along `axis`, computed without overflow (pairwise log-add-exp); -inf entries
 * contribute nothing. @example logcumsumexp(tensor([0, 0]), 0) // [0, 0.6931]
 */
export function logcumsumexp(x: Tensor, axis: number): Tensor {
  const t = floatOperand('logcumsumexp', x);
  return back(apply('logcumsumexp', [as1d(t)], { axis: scanAxis('logcumsumexp', t, axis) }), t);
}

/** Values and int32 indices (the same shape as ops/sort.ts's ValuesIndices). */
interface ValuesIndices {
  values: Tensor;
  indices: Tensor;
}

function cumExtreme(op: 'cummax' | 'cummin', x: unknown, axis: number): ValuesIndices {
  const t = checkTensor(op, x);
  const ax = scanAxis(op, t, axis);
  const flat = as1d(t);
  const indices = apply('cumIndex', [flat], { op: op === 'cummax' ? 'max' : 'min', axis: ax });
  // The values are a gather at the indices, so the gradient goes to the element that holds each running max.
  return { values: back(flat.gather(ax, indices), t), indices: back(indices, t) };
}

/**
 * Running maximum along `axis` and the int32 index where it was reached (a tie moves the index to the later
 * element, and NaN propagates, as PyTorch). The gradient flows to those indices.
 * @example cummax(tensor([1, 3, 2]), 0) // { values: [1, 3, 3], indices: [0, 1, 1] }
 */
export const cummax = (x: Tensor, axis: number): ValuesIndices => cumExtreme('cummax', x, axis);

/**
 * Running minimum along `axis` and its int32 index, like cummax.
 * @example cummin(tensor([3, 1, 2]), 0) // { values: [3, 1, 1], indices: [0, 1, 1] }
 */
export const cummin = (x: Tensor, axis: number): ValuesIndices => cumExtreme('cummin', x, axis);
