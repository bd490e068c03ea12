import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { normalizeAxis, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './operand.js';
import { checkBool, checkOpts } from './options.js';

/** Sorted values and the int32 positions (along the sorted axis) they came from. */
export interface ValuesIndices {
  /** The selected (or sorted) values. */
  values: Tensor;
  /** Where each value sits along the axis (int32, no gradient). */
  indices: Tensor;
}

/** Options of `sort` and `argsort`. */
export interface SortOptions {
  /** Largest first (default false). NaN counts as the largest value. */
  descending?: boolean;
  /** Keep equal values in their original order (default true; the sort is always stable). */
  stable?: boolean;
}

/** Options of `topk`. */
export interface TopkOptions {
  /** The k largest (default true) or the k smallest. */
  largest?: boolean;
  /** Return them in sorted order (default true; they always are). */
  sorted?: boolean;
}

/** A 0-d tensor sorts as a 1-element vector along axis 0 or -1, as PyTorch allows. */
function sortAxis(op: string, t: Tensor, axis: number): number {
  if (t.ndim === 0) {
    normalizeAxis(op, axis, 1);
    return 0;
  }
  return normalizeAxis(op, axis, t.ndim);
}

function argsortOf(op: string, x: unknown, axis: number, descending: boolean): [Tensor, Tensor, number] {
  const t = checkTensor(op, x);
  const a = sortAxis(op, t, axis);
  const v = t.ndim === 0 ? t.reshape([1]) : t;
  return [v, apply('argsort', [v], { axis: a, descending }), a];
}

/**
 * Sorts along `axis` (default the last); returns `{ values, indices }` with int32 indices. Stable: equal values
 * keep their order; NaN sorts as the largest. The gradient of `values` flows back through the permutation.
 * @example sort(tensor([3, 1, 2])) // { values: [1, 2, 3], indices: [1, 2, 0] }
 */
export function sort(x: Tensor, axis = -1, opts: SortOptions = {}): ValuesIndices {
  const o = checkOpts('sort', opts);
  const desc = checkBool('sort', 'descending', o.descending, false);
  checkBool('sort', 'stable', o.stable, true);
  const [v, indices, a] = argsortOf('sort', x, axis, desc);
  const values = apply('gather', [v, indices], { axis: a });
  return x.ndim === 0 ? { values: values.reshape([]), indices: indices.reshape([]) } : { values, indices };
}

/**
 * The int32 indices that sort x along `axis` (stable; see `sort`). Its gradient is zero (no graph).
 * @example argsort(tensor([3, 1, 2]), -1, { descending: true }) // [0, 2, 1]
 */
export function argsort(x: Tensor, axis = -1, opts: SortOptions = {}): Tensor {
  const o = checkOpts('argsort', opts);
  const desc = checkBool('argsort', 'descending', o.descending, false);
  checkBool('argsort', 'stable', o.stable, true);
  const [, indices] = argsortOf('argsort', x, axis, desc);
  return x.ndim === 0 ? indices.reshape([]) : indices;
}

/** The first `k` entries of an index along axis `a`. */
function firstK(t: Tensor, a: number, k: number): Tensor {
  if (t._shape[a] === k) return t;
  const shape = t._shape.slice();
  shape[a] = k;
  return apply('slice', [t], { starts: t._shape.map(() => 0), steps: t._shape.map(() => 1), shape });
}

/**
 * The `k` largest (or smallest) entries along `axis` with their int32 indices, in sorted order.
 * @example topk(tensor([1, 5, 3, 4]), 2) // { values: [5, 4], indices: [1, 3] }
 */
export function topk(x: Tensor, k: number, axis = -1, opts: TopkOptions = {}): ValuesIndices {
  const t = checkTensor('topk', x);
  const o = checkOpts('topk', opts);
  const largest = checkBool('topk', 'largest', o.largest, true);
  checkBool('topk', 'sorted', o.sorted, true);
  const a = sortAxis('topk', t, axis);
  const n = t.ndim === 0 ? 1 : t._shape[a]!;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 0 || k > n) {
    throw new ValueError(`topk: k must be an integer in [0, ${n}] for axis ${axis} of shape ${fmtShape(t._shape)}, got ${describe(k)}`);
  }
  const [v, order] = argsortOf('topk', t, a, largest);
  const indices = firstK(order, a, k);
  const values = apply('gather', [v, indices], { axis: a });
  return t.ndim === 0 ? { values: values.reshape([]), indices: indices.reshape([]) } : { values, indices };
}

/**
 * The k-th smallest entry (k counts from 1) along `axis`, with its int32 index; `keepDims` keeps the axis.
 * @example kthvalue(tensor([3, 1, 2]), 2) // { values: 2, indices: 2 }
 */
export function kthvalue(x: Tensor, k: number, axis = -1, keepDims = false): ValuesIndices {
  const t = checkTensor('kthvalue', x);
  const a = sortAxis('kthvalue', t, axis);
  const n = t.ndim === 0 ? 1 : t._shape[a]!;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > n) {
    throw new ValueError(`kthvalue: k must be an integer in [1, ${n}] for axis ${axis} of shape ${fmtShape(t._shape)}, got ${describe(k)}`);
  }
  checkBool('kthvalue', 'keepDims', keepDims, false);
  const [v, order] = argsortOf('kthvalue', t, a, false);
  const starts = v._shape.map((_, i) => (i === a ? k - 1 : 0));
  const shape = v._shape.map((d, i) => (i === a ? 1 : d));
  const indices = apply('slice', [order], { starts, steps: starts.map(() => 1), shape });
  const values = apply('gather', [v, indices], { axis: a });
  const out = keepDims ? (t.ndim === 0 ? [] : shape) : shape.filter((_, i) => i !== a);
  return { values: values.reshape(out), indices: indices.reshape(out) };
}

/** Options of `searchsorted` and `bucketize`. */
export interface SearchOptions {
  /** Return the last valid insertion point (count of entries <= v) instead of the first (< v). Default false. */
  right?: boolean;
}

/**
 * Where each of `values` would go in the sorted last axis of `sortedSeq` (1-D, or with values' leading axes),
 * as int32 positions: the count of entries < v (<= v with `right`). No gradient.
 * @example searchsorted(tensor([1, 3, 5]), tensor([3, 6])) // [1, 3]
 */
export function searchsorted(sortedSeq: Tensor, values: Tensor | number, opts: SearchOptions = {}): Tensor {
  const seq = checkTensor('searchsorted', sortedSeq, 'sortedSeq');
  const right = checkBool('searchsorted', 'right', checkOpts('searchsorted', opts).right, false);
  const v = typeof values === 'number' ? Tensor._fromData(Float64Array.of(values), [], 'float64') : checkTensor('searchsorted', values, 'values');
  if (seq.ndim === 0) throw new ShapeError(`searchsorted: sortedSeq must have at least 1 dimension, got ${fmtShape(seq._shape)} (values ${fmtShape(v._shape)})`);
  if (seq.ndim > 1 && (v.ndim !== seq.ndim || !sameShape(seq._shape.slice(0, -1), v._shape.slice(0, -1)))) {
    throw new ShapeError(
      `searchsorted: sortedSeq ${fmtShape(seq._shape)} must be 1-D or share all but the last axis with values ${fmtShape(v._shape)}`,
    );
  }
  return apply('searchsorted', [seq, v], { right });
}

/**
 * The bucket of each element of x between sorted 1-D `boundaries` (int32): the count of boundaries < x
 * (<= x with `right`), i.e. `searchsorted(boundaries, x)`. No gradient.
 * @example bucketize(tensor([0.5, 2, 9]), tensor([1, 2, 5])) // [0, 1, 3]
 */
export function bucketize(x: Tensor | number, boundaries: Tensor, opts: SearchOptions = {}): Tensor {
  const b = checkTensor('bucketize', boundaries, 'boundaries');
  if (b.ndim !== 1) throw new ShapeError(`bucketize: boundaries must be 1-D, got ${fmtShape(b._shape)}`);
  const right = checkBool('bucketize', 'right', checkOpts('bucketize', opts).right, false);
  const t = typeof x === 'number' ? x : checkTensor('bucketize', x);
  return searchsorted(b, t, { right });
}
