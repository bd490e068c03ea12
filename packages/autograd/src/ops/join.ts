import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { promoteTypes } from '../tensor/dtype.js';
import { normalizeAxis, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { toDType } from './operand.js';
import { slice, type SliceRange } from './indexing.js';
import { unsqueeze } from './shape.js';

function checkList(op: string, tensors: unknown): Tensor[] {
  if (!Array.isArray(tensors) || tensors.length === 0) {
    throw new ValueError(`${op}: expected a non-empty array of Tensors, got ${describe(tensors)}`);
  }
  return tensors.map((t: unknown, i) => {
    if (!(t instanceof Tensor)) throw new ValueError(`${op}: tensors[${i}] must be a Tensor, got ${describe(t)}`);
    return t;
  });
}

/**
 * Joins tensors along an existing `axis` (torch.cat). All must have the same rank and agree on every
 * other axis; dtypes are promoted. Each input's gradient is its block of g.
 * @example concat([ones([2, 3]), zeros([1, 3])], 0) // shape [3, 3]
 */
export function concat(tensors: readonly Tensor[], axis = 0): Tensor {
  const xs = checkList('concat', tensors);
  const first = xs[0]!;
  const shapes = xs.map((t) => fmtShape(t._shape)).join(', ');
  xs.forEach((t, i) => {
    if (t.ndim === 0) throw new ShapeError(`concat: tensor ${i} is 0-d and cannot be concatenated (shapes: ${shapes}); use stack`);
  });
  const a = normalizeAxis('concat', axis, first.ndim);
  xs.forEach((t, i) => {
    if (t.ndim !== first.ndim) {
      throw new ShapeError(`concat: tensor ${i} has shape ${fmtShape(t._shape)} but tensor 0 has shape ${fmtShape(first._shape)}; all need rank ${first.ndim}`);
    }
    const d = t._shape.findIndex((n, k) => k !== a && n !== first._shape[k]);
    if (d >= 0) {
      throw new ShapeError(
        `concat: tensor ${i} has shape ${fmtShape(t._shape)} but tensor 0 has shape ${fmtShape(first._shape)}; ` +
          `all dims except axis ${a} must match (dim ${d}: ${t._shape[d]} vs ${first._shape[d]})`,
      );
    }
  });
  const dtype = xs.reduce((dt, t) => promoteTypes(dt, t.dtype), first.dtype);
  return apply('concat', xs.map((t) => toDType(t, dtype)), { axis: a });
}

/**
 * Joins same-shape tensors along a new `axis` (in [-ndim-1, ndim]); unsqueeze then concat.
 * @example stack([tensor([1, 2]), tensor([3, 4])], 1) // [[1, 3], [2, 4]]
 */
export function stack(tensors: readonly Tensor[], axis = 0): Tensor {
  const xs = checkList('stack', tensors);
  const first = xs[0]!;
  xs.forEach((t, i) => {
    if (!sameShape(t._shape, first._shape)) {
      throw new ShapeError(`stack: tensor ${i} has shape ${fmtShape(t._shape)} but tensor 0 has shape ${fmtShape(first._shape)}; all must be equal`);
    }
  });
  const a = normalizeAxis('stack', axis, first.ndim + 1);
  return concat(xs.map((t) => unsqueeze(t, a)), a);
}

/**
 * Splits x along `axis` into views (torch.split): `sizes` is a chunk length (the last chunk may be shorter)
 * or a list of lengths summing to the axis length.
 * @example split(arange(5), 2) // [0, 1], [2, 3], [4]
 * @example split(x, [1, 3], 1) // x.shape[1] must be 4
 */
export function split(x: Tensor, sizes: number | readonly number[], axis = 0): Tensor[] {
  if (!(x instanceof Tensor)) throw new ValueError(`split: input must be a Tensor, got ${describe(x)}`);
  const a = normalizeAxis('split', axis, x.ndim);
  const n = x._shape[a]!;
  let lengths: number[];
  if (typeof sizes === 'number') {
    if (!Number.isInteger(sizes) || sizes <= 0) throw new ValueError(`split: chunk size must be a positive integer, got ${sizes}`);
    // An empty axis still gives one (empty) chunk, as PyTorch.
    lengths = Array.from({ length: Math.max(1, Math.ceil(n / sizes)) }, (_, i) => Math.min(sizes, n - i * sizes));
  } else if (Array.isArray(sizes)) {
    sizes.forEach((s, i) => {
      if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) {
        throw new ValueError(`split: sizes[${i}] is ${describe(s)}; sizes must be non-negative integers`);
      }
    });
    const total = sizes.reduce((p, s) => p + s, 0);
    if (total !== n) {
      throw new ShapeError(`split: sizes [${sizes.join(',')}] sum to ${total} but axis ${a} of shape ${fmtShape(x._shape)} has length ${n}`);
    }
    lengths = sizes.slice();
  } else {
    throw new ValueError(`split: sizes must be a number or an array of numbers, got ${describe(sizes)}`);
  }
  let at = 0;
  return lengths.map((len) => {
    const ranges: SliceRange[] = x._shape.map((): SliceRange => []);
    ranges[a] = [at, at + len];
    at += len;
    return slice(x, ranges);
  });
}
