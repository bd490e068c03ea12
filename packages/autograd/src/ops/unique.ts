import { ValueError, describe } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { allocate } from '../tensor/dtype.js';
import { normalizeAxis } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './operand.js';
import { checkBool, checkOpts } from './options.js';

/** Options of `unique`. */
export interface UniqueOptions {
  /** Sort the unique values ascending (default true; they are always sorted). */
  sorted?: boolean;
  /** Also return, for each input element (or slice along `axis`), the int32 position of its value in the result. */
  returnInverse?: boolean;
  /** Also return how often each unique value (or slice) occurs (int32). */
  returnCounts?: boolean;
  /** Find unique slices along this axis instead of unique elements of the flattened tensor. */
  axis?: number;
}

/** What `unique` returns when `returnInverse` or `returnCounts` is set. */
export interface UniqueResult {
  /** The distinct values (or slices), ascending. */
  values: Tensor;
  /** Present with `returnInverse`: x's shape (or `[x.shape[axis]]` with an axis). */
  inverse?: Tensor;
  /** Present with `returnCounts`: one count per unique value. */
  counts?: Tensor;
}

/**
 * The distinct values of x in ascending order (of the flattened tensor, or distinct slices along `axis` in
 * lexicographic order). With `returnInverse` / `returnCounts` it returns `{ values, inverse, counts }`.
 * No gradient: the result is a new tensor outside the graph. Like PyTorch, each NaN counts as distinct.
 * @example unique(tensor([2, 1, 2, 3])) // [1, 2, 3]
 * @example unique(tensor([2, 1, 2]), { returnCounts: true }).counts // [1, 2]
 */
export function unique(x: Tensor, opts?: UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
export function unique(x: Tensor, opts: UniqueOptions): UniqueResult;
export function unique(x: Tensor, opts: UniqueOptions = {}): Tensor | UniqueResult {
  const t = checkTensor('unique', x);
  const o = checkOpts('unique', opts);
  checkBool('unique', 'sorted', o.sorted, true);
  const wantInverse = checkBool('unique', 'returnInverse', o.returnInverse, false);
  const wantCounts = checkBool('unique', 'returnCounts', o.returnCounts, false);
  if (o.axis !== undefined && typeof o.axis !== 'number') throw new ValueError(`unique: axis must be an integer or undefined, got ${describe(o.axis)}`);
  const axis = o.axis === undefined ? undefined : normalizeAxis('unique', o.axis, t.ndim);
  // Rows to deduplicate: each element (flattened), or each slice along axis (moved first, flattened).
  const moved = axis === undefined ? t.reshape([t.size, 1]) : t.transpose(0, axis);
  const n = axis === undefined ? t.size : t._shape[axis]!;
  const width = n === 0 ? 0 : moved.size / n;
  const data = moved.detach()._contiguousData();
  const cmp = (a: number, b: number): number => {
    for (let j = 0; j < width; j++) {
      const p = data[a * width + j]!;
      const q = data[b * width + j]!;
      if (p < q || (q !== q && p === p)) return -1;
      if (p > q || (p !== p && q === q)) return 1;
    }
    return a - b;
  };
  const same = (a: number, b: number): boolean => {
    for (let j = 0; j < width; j++) if (data[a * width + j] !== data[b * width + j]) return false;
    return true;
  };
  // Single elements go through the argsort kernel (radix, stable, NaN last); slices compare lexicographically.
  const order =
    axis === undefined
      ? (apply('argsort', [Tensor._fromData(data, [n], t.dtype)], { axis: 0, descending: false })._contiguousData() as Int32Array)
      : Int32Array.from({ length: n }, (_, i) => i).sort(cmp);
  const inverse = new Int32Array(n);
  const firsts: number[] = [];
  const counts: number[] = [];
  order.forEach((r, k) => {
    if (k === 0 || !same(order[k - 1]!, r)) {
      firsts.push(r);
      counts.push(0);
    }
    inverse[r] = firsts.length - 1;
    counts[counts.length - 1]!++;
  });
  const out = allocate(t.dtype, firsts.length * width);
  firsts.forEach((r, k) => out.set(data.subarray(r * width, (r + 1) * width), k * width));
  const rest = axis === undefined ? [] : moved._shape.slice(1);
  let values = Tensor._fromData(out, [firsts.length, ...rest], t.dtype);
  if (axis !== undefined) values = apply('permute', [values], { axes: swap(t.ndim, axis) });
  else values = values.reshape([firsts.length]);
  if (!wantInverse && !wantCounts) return values;
  const result: UniqueResult = { values };
  if (wantInverse) result.inverse = Tensor._fromData(inverse, axis === undefined ? t._shape.slice() : [n], 'int32');
  if (wantCounts) result.counts = Tensor._fromData(Int32Array.from(counts), [counts.length], 'int32');
  return result;
}

function swap(ndim: number, axis: number): number[] {
  const axes = Array.from({ length: ndim }, (_, i) => i);
  axes[0] = axis;
  axes[axis] = 0;
  return axes;
}
