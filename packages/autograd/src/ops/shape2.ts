import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { normalizeAxis } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { concat, split } from './join.js';
import { checkTensor } from './operand.js';
import { permute, reshape } from './shape.js';
import { repeat } from './indexing.js';

function checkInt(op: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValueError(`${op}: ${what} must be an integer, got ${describe(v)}`);
  return v;
}

/** A contiguous range [start, start + len) of axis `a` (a view). */
function narrowView(t: Tensor, a: number, start: number, len: number): Tensor {
  if (start === 0 && len === t._shape[a]) return t;
  const starts = t._shape.map((_, i) => (i === a ? start : 0));
  const shape = t._shape.map((d, i) => (i === a ? len : d));
  return apply('slice', [t], { starts, steps: starts.map(() => 1), shape });
}

/**
 * The slice at `index` along `axis`, with that axis removed (torch.select; negative index counts from the end).
 * @example select(tensor([[1, 2], [3, 4]]), 1, -1) // [2, 4]
 */
export function select(x: Tensor, axis: number, index: number): Tensor {
  const t = checkTensor('select', x);
  const a = normalizeAxis('select', axis, t.ndim);
  const n = t._shape[a]!;
  const i = checkInt('select', 'index', index);
  if (i < -n || i >= n) throw new ShapeError(`select: index ${i} is out of range for axis ${a} of shape ${fmtShape(t._shape)} (valid: [${-n}, ${n - 1}])`);
  return reshape(narrowView(t, a, i < 0 ? i + n : i, 1), t._shape.filter((_, k) => k !== a));
}

/**
 * `length` entries along `axis` from `start` (negative counts from the end); a view (torch.narrow).
 * @example narrow(arange(6), 0, 2, 3) // [2, 3, 4]
 */
export function narrow(x: Tensor, axis: number, start: number, length: number): Tensor {
  const t = checkTensor('narrow', x);
  const a = normalizeAxis('narrow', axis, t.ndim);
  const n = t._shape[a]!;
  const s0 = checkInt('narrow', 'start', start);
  const len = checkInt('narrow', 'length', length);
  const s = s0 < 0 ? s0 + n : s0;
  if (s < 0 || s > n || len < 0 || s + len > n) {
    throw new ShapeError(`narrow: start ${s0} and length ${len} do not fit axis ${a} of shape ${fmtShape(t._shape)} (length ${n})`);
  }
  return narrowView(t, a, s, len);
}

/**
 * Splits into `chunks` pieces along `axis` (each ceil(n / chunks) long, the last shorter; maybe fewer pieces), as torch.chunk.
 * @example chunk(arange(5), 2) // [0, 1, 2], [3, 4]
 */
export function chunk(x: Tensor, chunks: number, axis = 0): Tensor[] {
  const t = checkTensor('chunk', x);
  if (checkInt('chunk', 'chunks', chunks) <= 0) throw new ValueError(`chunk: chunks must be a positive integer, got ${chunks}`);
  const a = normalizeAxis('chunk', axis, t.ndim);
  return split(t, Math.max(1, Math.ceil(t._shape[a]! / chunks)), a);
}

/**
 * The slices along `axis`, each with the axis removed (torch.unbind).
 * @example unbind(tensor([[1, 2], [3, 4]]), 1) // [1, 3], [2, 4]
 */
export function unbind(x: Tensor, axis = 0): Tensor[] {
  const t = checkTensor('unbind', x);
  const a = normalizeAxis('unbind', axis, t.ndim);
  return Array.from({ length: t._shape[a]! }, (_, i) => select(t, a, i));
}

/**
 * Rolls entries along `axes` by `shifts` (wrapping around); without axes the flattened tensor is rolled.
 * @example roll(tensor([1, 2, 3, 4]), 1) // [4, 1, 2, 3]
 */
export function roll(x: Tensor, shifts: number | readonly number[], axes?: number | readonly number[]): Tensor {
  const t = checkTensor('roll', x);
  const sh = typeof shifts === 'number' ? [shifts] : shifts;
  if (!Array.isArray(sh)) throw new ValueError(`roll: shifts must be a number or an array of numbers, got ${describe(shifts)}`);
  sh.forEach((s, i) => checkInt('roll', `shifts[${i}]`, s));
  if (axes === undefined) {
    if (sh.length !== 1) throw new ValueError(`roll: without axes, shifts must be one number, got [${sh.join(',')}]`);
    return reshape(roll(reshape(t, [t.size]), sh[0]!, 0), t._shape);
  }
  const ax = typeof axes === 'number' ? [axes] : axes;
  if (!Array.isArray(ax) || ax.length !== sh.length) {
    throw new ValueError(`roll: shifts [${sh.join(',')}] and axes ${describe(axes)} must have the same length`);
  }
  let out = t;
  ax.forEach((axis, k) => {
    const a = normalizeAxis('roll', axis, t.ndim);
    const n = t._shape[a]!;
    const s = n === 0 ? 0 : ((sh[k]! % n) + n) % n;
    if (s !== 0) out = concat([narrowView(out, a, n - s, s), narrowView(out, a, 0, n - s)], a);
  });
  return out;
}

/**
 * Repeats each entry `repeats` times along `axis` (a number, or one int32 count per entry); without an axis
 * the flattened tensor is used (torch.repeat_interleave).
 * @example repeatInterleave(tensor([1, 2]), 2) // [1, 1, 2, 2]
 */
export function repeatInterleave(x: Tensor, repeats: number | Tensor, axis?: number): Tensor {
  const t = checkTensor('repeatInterleave', x);
  if (axis === undefined) return repeatInterleave(reshape(t, [t.size]), repeats, 0);
  const a = normalizeAxis('repeatInterleave', axis, Math.max(t.ndim, 1));
  const x1 = t.ndim === 0 ? reshape(t, [1]) : t;
  const n = x1._shape[a]!;
  let counts: number[];
  if (typeof repeats === 'number') {
    if (checkInt('repeatInterleave', 'repeats', repeats) < 0) throw new ValueError(`repeatInterleave: repeats must be non-negative, got ${repeats}`);
    const spread = x1.unsqueeze(a + 1);
    const shape = spread._shape.map((d, i) => (i === a + 1 ? repeats : d));
    return reshape(spread.expand(shape), x1._shape.map((d, i) => (i === a ? d * repeats : d)));
  } else {
    const r = checkTensor('repeatInterleave', repeats, 'repeats');
    counts = Array.from(r._contiguousData());
    if (r.dtype !== 'int32' || r.ndim > 1 || (counts.length !== n && counts.length !== 1) || counts.some((c) => c < 0)) {
      throw new ShapeError(`repeatInterleave: repeats must be non-negative int32 counts of shape [${n}] or [1] for axis ${a} of ${fmtShape(t._shape)}, got ${r.dtype} ${fmtShape(r._shape)}`);
    }
    if (counts.length === 1) return repeatInterleave(t, counts[0]!, a);
  }
  const index = Int32Array.from(counts.flatMap((c, i) => new Array<number>(c).fill(i)));
  return apply('indexSelect', [x1, Tensor._fromData(index, [index.length], 'int32')], { axis: a });
}

/**
 * Tiles x `reps[i]` times along axis i; with fewer reps than axes, reps gets leading 1s (torch.tile).
 * @example tile(tensor([1, 2]), [2]) // [1, 2, 1, 2]
 */
export function tile(x: Tensor, reps: readonly number[]): Tensor {
  const t = checkTensor('tile', x);
  if (!Array.isArray(reps)) throw new ValueError(`tile: reps must be an array of non-negative integers, got ${describe(reps)}`);
  return repeat(t, [...new Array<number>(Math.max(0, t.ndim - reps.length)).fill(1), ...reps]);
}

/**
 * Moves axes `source` to positions `destination`, keeping the others in order (torch.movedim).
 * @example movedim(zeros([2, 3, 4]), 0, -1).shape // [3, 4, 2]
 */
export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  const t = checkTensor('movedim', x);
  const src = (typeof source === 'number' ? [source] : source).map((a) => normalizeAxis('movedim', a, t.ndim));
  const dst = (typeof destination === 'number' ? [destination] : destination).map((a) => normalizeAxis('movedim', a, t.ndim));
  if (src.length !== dst.length || new Set(src).size !== src.length || new Set(dst).size !== dst.length) {
    throw new ValueError(`movedim: source ${describe(source)} and destination ${describe(destination)} must be distinct axes of equal count (shape ${fmtShape(t._shape)})`);
  }
  const order = new Array<number>(t.ndim).fill(-1);
  src.forEach((s, k) => (order[dst[k]!] = s));
  const rest = t._shape.map((_, i) => i).filter((i) => !src.includes(i));
  for (let i = 0, r = 0; i < t.ndim; i++) if (order[i] === -1) order[i] = rest[r++]!;
  return permute(t, order);
}

/**
 * Swaps two axes (torch.swapaxes; same as `transpose(a, b)`).
 * @example swapaxes(zeros([2, 3]), 0, 1).shape // [3, 2]
 */
export const swapaxes = (x: Tensor, axis0: number, axis1: number): Tensor => checkTensor('swapaxes', x).transpose(axis0, axis1);

/**
 * Splits `axis` into `sizes` (one entry may be -1) (torch.unflatten).
 * @example unflatten(zeros([2, 6]), 1, [2, 3]).shape // [2, 2, 3]
 */
export function unflatten(x: Tensor, axis: number, sizes: readonly number[]): Tensor {
  const t = checkTensor('unflatten', x);
  const a = normalizeAxis('unflatten', axis, t.ndim);
  if (!Array.isArray(sizes) || sizes.length === 0) throw new ValueError(`unflatten: sizes must be a non-empty array, got ${describe(sizes)}`);
  const known = sizes.reduce((p, s) => (s === -1 ? p : p * s), 1);
  const filled = sizes.map((s) => (s === -1 && known > 0 ? t._shape[a]! / known : s));
  if (filled.reduce((p, s) => p * s, 1) !== t._shape[a] || filled.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new ShapeError(`unflatten: sizes [${sizes.join(',')}] do not multiply to ${t._shape[a]}, the length of axis ${a} of shape ${fmtShape(t._shape)}`);
  }
  return reshape(t, [...t._shape.slice(0, a), ...filled, ...t._shape.slice(a + 1)]);
}

/**
 * x with at least 2 axes: a 0-d tensor becomes [1, 1], a 1-D [n] becomes [1, n] (torch.atleast_2d).
 * @example atleast2d(tensor([1, 2])).shape // [1, 2]
 */
export function atleast2d(x: Tensor): Tensor {
  const t = checkTensor('atleast2d', x);
  return t.ndim >= 2 ? t : reshape(t, t.ndim === 0 ? [1, 1] : [1, t._shape[0]!]);
}
