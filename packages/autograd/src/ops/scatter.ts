import type { ScatterReduceOp } from '../backend/backend.js';
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { normalizeAxis } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { fillWith } from '../creation/fill.js';
import { checkTensor, toDType } from './operand.js';
import { where } from './elementwise.js';
import { checkBool, checkOpts } from './options.js';
import { checkIndexRange } from './index-range.js';

/** Validates torch.scatter's operands; returns the normalized axis and src cut to index's shape, in x's dtype. */
function scatterOperands(op: string, x: Tensor, axis: number, index: unknown, src: unknown): [number, Tensor, Tensor] {
  const idx = checkTensor(op, index, 'index');
  const s = typeof src === 'number' ? null : checkTensor(op, src, 'src');
  const shapes = `input ${fmtShape(x._shape)}, index ${fmtShape(idx._shape)}${s ? `, src ${fmtShape(s._shape)}` : ''}`;
  if (x.ndim === 0) throw new ShapeError(`${op}: input must have at least 1 dimension (${shapes})`);
  const a = normalizeAxis(op, axis, x.ndim);
  if (idx.ndim !== x.ndim || (s && s.ndim !== x.ndim)) throw new ShapeError(`${op}: input, index and src must have the same number of dimensions (${shapes})`);
  idx._shape.forEach((d, i) => {
    if ((i !== a && d > x._shape[i]!) || (s && d > s._shape[i]!)) {
      throw new ShapeError(`${op}: index is larger than ${s && d > s._shape[i]! ? 'src' : 'input'} at dim ${i} (${shapes}; index may exceed input only along axis ${a})`);
    }
  });
  checkIndexRange(op, idx, x._shape[a]!, `axis ${a}`, shapes);
  let v: Tensor;
  if (s === null) v = fillWith(op, idx._shape, src as number, { dtype: x.dtype });
  else {
    v = toDType(s, x.dtype);
    if (!idx._shape.every((d, i) => d === s._shape[i])) {
      v = apply('slice', [v], { starts: idx._shape.map(() => 0), steps: idx._shape.map(() => 1), shape: idx._shape.slice() });
    }
  }
  return [a, idx, v];
}

/**
 * Out-of-place torch.scatter: a copy of x with `src` (a tensor, or one number) written at `index` along `axis`:
 * out[i][index[i][j]] = src[i][j] for axis 1. With repeated indices the last write wins.
 * @example scatter(zeros([2, 3]), 1, tensor([[2], [0]], { dtype: 'int32' }), 5) // [[0, 0, 5], [5, 0, 0]]
 */
export function scatter(x: Tensor, axis: number, index: Tensor, src: Tensor | number): Tensor {
  const t = checkTensor('scatter', x);
  const [a, idx, v] = scatterOperands('scatter', t, axis, index, src);
  return apply('scatterReduce', [t, v, idx], { axis: a, op: 'assign', includeSelf: true });
}

/**
 * Out-of-place torch.scatter_add: a copy of x with `src` added at `index` along `axis` (repeats add up).
 * @example scatterAdd(zeros([3]), 0, tensor([0, 0, 2], { dtype: 'int32' }), ones([3])) // [2, 0, 1]
 */
export function scatterAdd(x: Tensor, axis: number, index: Tensor, src: Tensor): Tensor {
  const t = checkTensor('scatterAdd', x);
  const [a, idx, v] = scatterOperands('scatterAdd', t, axis, index, checkTensor('scatterAdd', src, 'src'));
  return t.add(apply('scatterAdd', [v, idx], { axis: a, shape: t._shape.slice() }));
}

/** The reductions of `scatterReduce`. */
export type ScatterReduction = 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

/**
 * Out-of-place torch.scatter_reduce: combines `src` into a copy of x at `index` along `axis` with `reduce`.
 * With `includeSelf: false` x's values at the written positions are left out. Gradients as PyTorch's:
 * amax/amin split among ties, mean divides by the count, prod uses the product of the others.
 * @example scatterReduce(tensor([1, 1]), 0, tensor([0, 0, 1], { dtype: 'int32' }), tensor([3, 4, 5]), 'amax') // [4, 5]
 */
export function scatterReduce(x: Tensor, axis: number, index: Tensor, src: Tensor, reduce: ScatterReduction, opts: { includeSelf?: boolean } = {}): Tensor {
  const t = checkTensor('scatterReduce', x);
  if (!['sum', 'prod', 'mean', 'amax', 'amin'].includes(reduce)) {
    throw new ValueError(`scatterReduce: reduce must be 'sum', 'prod', 'mean', 'amax' or 'amin', got ${describe(reduce)}`);
  }
  const includeSelf = checkBool('scatterReduce', 'includeSelf', checkOpts('scatterReduce', opts).includeSelf, true);
  const [a, idx, v] = scatterOperands('scatterReduce', t, axis, index, checkTensor('scatterReduce', src, 'src'));
  return apply('scatterReduce', [t, v, idx], { axis: a, op: reduce as ScatterReduceOp, includeSelf });
}

/** Validates a 1-D index along `axis` and src of x's shape with `index.size` at the axis (torch.index_*). */
function indexOperands(op: string, x: Tensor, axis: number, index: unknown, src?: unknown): [number, Tensor, Tensor | null] {
  const idx = checkTensor(op, index, 'index');
  const s = src === undefined ? null : checkTensor(op, src, 'src');
  const shapes = `input ${fmtShape(x._shape)}, index ${fmtShape(idx._shape)}${s ? `, src ${fmtShape(s._shape)}` : ''}`;
  const a = x.ndim === 0 ? (normalizeAxis(op, axis, 1), 0) : normalizeAxis(op, axis, x.ndim);
  if (idx.ndim > 1) throw new ShapeError(`${op}: index must be 1-D (${shapes})`);
  const n = x.ndim === 0 ? 1 : x._shape[a]!;
  checkIndexRange(op, idx, n, `axis ${a}`, shapes);
  if (s) {
    const want = x.ndim === 0 ? [idx.size] : x._shape.map((d, i) => (i === a ? idx.size : d));
    const ok = s.ndim === want.length ? s._shape.every((d, i) => d === want[i]) : s.ndim === 0 && idx.size === 1 && x.ndim === 0;
    if (!ok) throw new ShapeError(`${op}: src must have shape ${fmtShape(want)} (input's shape with index's length at axis ${a}) (${shapes})`);
  }
  return [a, idx.reshape([idx.size]), s ? toDType(s, x.dtype) : null];
}

/** A 1-D index spread along `axis` of `shape` (the full index torch.scatter wants). */
function spread(index: Tensor, axis: number, shape: readonly number[]): Tensor {
  return index.reshape(shape.map((_, i) => (i === axis ? index.size : 1))).expand(shape);
}

/**
 * Out-of-place torch.index_add: a copy of x with `alpha * src` added at the positions `index` along `axis`.
 * @example indexAdd(zeros([3, 2]), 0, tensor([2, 0], { dtype: 'int32' }), ones([2, 2])) // rows 2 and 0 get +1
 */
export function indexAdd(x: Tensor, axis: number, index: Tensor, src: Tensor, opts: { alpha?: number } = {}): Tensor {
  const t = checkTensor('indexAdd', x);
  const alpha = checkOpts('indexAdd', opts).alpha ?? 1;
  if (typeof alpha !== 'number') throw new ValueError(`indexAdd: alpha must be a number, got ${describe(alpha)}`);
  const [a, idx, s] = indexOperands('indexAdd', t, axis, index, src);
  const x1 = t.ndim === 0 ? t.reshape([1]) : t;
  const s1 = (alpha === 1 ? s! : s!.mul(alpha)).reshape(x1._shape.map((d, i) => (i === a ? idx.size : d)));
  return x1.add(apply('indexAdd', [s1, idx], { axis: a, size: x1._shape[a]! })).reshape(t._shape);
}

/**
 * Out-of-place torch.index_copy: a copy of x whose slices `index[i]` along `axis` are replaced by src's slice i.
 * @example indexCopy(zeros([3]), 0, tensor([2], { dtype: 'int32' }), tensor([7])) // [0, 0, 7]
 */
export function indexCopy(x: Tensor, axis: number, index: Tensor, src: Tensor): Tensor {
  const t = checkTensor('indexCopy', x);
  const [a, idx, s] = indexOperands('indexCopy', t, axis, index, src);
  const x1 = t.ndim === 0 ? t.reshape([1]) : t;
  const s1 = s!.reshape(x1._shape.map((d, i) => (i === a ? idx.size : d)));
  return apply('scatterReduce', [x1, s1, spread(idx, a, s1._shape)], { axis: a, op: 'assign', includeSelf: true }).reshape(t._shape);
}

/**
 * Out-of-place torch.index_fill: a copy of x whose slices `index` along `axis` are set to `value` (a number, or
 * a 0-d tensor, which then gets the gradient summed over the filled entries).
 * @example indexFill(ones([2, 3]), 1, tensor([0, 2], { dtype: 'int32' }), -1) // [[-1, 1, -1], [-1, 1, -1]]
 */
export function indexFill(x: Tensor, axis: number, index: Tensor, value: number | Tensor): Tensor {
  const t = checkTensor('indexFill', x);
  if (typeof value !== 'number' && !(value instanceof Tensor && value.ndim === 0)) {
    throw new ValueError(`indexFill: value must be a number or a 0-d Tensor, got ${value instanceof Tensor ? `shape ${fmtShape(value._shape)}` : describe(value)} (input ${fmtShape(t._shape)})`);
  }
  const [a, idx] = indexOperands('indexFill', t, axis, index);
  const x1 = t.ndim === 0 ? t.reshape([1]) : t;
  const shape = x1._shape.map((d, i) => (i === a ? idx.size : d));
  if (value instanceof Tensor) {
    const mask = apply('scatterReduce', [fillWith('indexFill', x1._shape, 0, { dtype: 'int32' }), fillWith('indexFill', shape, 1, { dtype: 'int32' }), spread(idx, a, shape)],
      { axis: a, op: 'assign', includeSelf: true });
    return where(mask, toDType(value, t.dtype), x1).reshape(t._shape);
  }
  const v = fillWith('indexFill', shape, value, { dtype: t.dtype });
  return apply('scatterReduce', [x1, v, spread(idx, a, shape)], { axis: a, op: 'assign', includeSelf: true }).reshape(t._shape);
}
