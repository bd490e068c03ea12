import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { broadcastShapes, checkShape, normalizeAxes, normalizeAxis, sameShape, sizeOf } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './operand.js';

/**
 * The same elements in a new shape (a view when the tensor is contiguous). One dimension may be -1 and
 * is then inferred. @example arange(6).reshape([2, -1]) // shape [2, 3]
 */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkTensor('reshape', x);
  if (!Array.isArray(shape)) throw new ValueError(`reshape: shape must be an array, got ${typeof shape}`);
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new ShapeError(`reshape: only one dimension can be -1, got ${fmtShape(shape)} for a tensor of shape ${fmtShape(t._shape)}`);
  const known = checkShape('reshape', shape.map((d) => (d === -1 ? 1 : d)));
  let target = known;
  if (unknown === 1) {
    const rest = sizeOf(known);
    if (rest === 0 || t.size % rest !== 0) {
      throw new ShapeError(`reshape: cannot reshape a tensor of shape ${fmtShape(t._shape)} (${t.size} elements) into ${fmtShape(shape)}`);
    }
    target = shape.map((d) => (d === -1 ? t.size / rest : d));
  }
  if (sizeOf(target) !== t.size) {
    throw new ShapeError(
      `reshape: cannot reshape a tensor of shape ${fmtShape(t._shape)} (${t.size} elements) into ${fmtShape(shape)} (${sizeOf(target)} elements)`,
    );
  }
  return sameShape(target, t._shape) ? t : apply('reshape', [t], { shape: target });
}

/**
 * Broadcasts x to `shape` without copying (size-1 axes stretch, new axes are added on the left); -1 keeps
 * a dimension. The gradient is summed back over the stretched axes.
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkTensor('expand', x);
  if (!Array.isArray(shape)) throw new ValueError(`expand: shape must be an array, got ${typeof shape}`);
  const lead = shape.length - t.ndim;
  if (lead < 0) throw new ShapeError(`expand: target ${fmtShape(shape)} has fewer dimensions than the input ${fmtShape(t._shape)}`);
  const target = checkShape('expand', shape.map((d, i) => (d === -1 && i >= lead ? t._shape[i - lead]! : d)));
  for (let i = 0; i < t.ndim; i++) {
    const d = t._shape[i]!;
    if (d !== 1 && d !== target[i + lead]) {
      throw new ShapeError(`expand: cannot expand shape ${fmtShape(t._shape)} to ${fmtShape(shape)} (dim ${i + lead}: ${d} vs ${target[i + lead]})`);
    }
  }
  return sameShape(target, t._shape) ? t : apply('expand', [t], { shape: target });
}

/** Broadcasts x to `shape` by NumPy's rules (an alias of `expand` that also checks the result is `shape`). */
export function broadcastTo(x: Tensor, shape: readonly number[]): Tensor {
  const t = checkTensor('broadcastTo', x);
  const s = checkShape('broadcastTo', shape);
  const out = broadcastShapes('broadcastTo', t._shape, s);
  if (!sameShape(out, s)) throw new ShapeError(`broadcastTo: cannot broadcast shape ${fmtShape(t._shape)} to ${fmtShape(s)}`);
  return expand(t, s);
}

/** Reorders the axes (a view). @example x.permute(2, 0, 1) // [H, W, C] -> [C, H, W] */
export function permute(x: Tensor, axes: number[]): Tensor {
  const t = checkTensor('permute', x);
  if (!Array.isArray(axes) || axes.length !== t.ndim) {
    throw new ShapeError(`permute: expected ${t.ndim} axes for a tensor of shape ${fmtShape(t._shape)}, got ${Array.isArray(axes) ? `[${axes.map((a) => (typeof a === 'number' ? a : describe(a))).join(',')}]` : describe(axes)}`);
  }
  const norm = axes.map((a) => normalizeAxis('permute', a, t.ndim));
  if (new Set(norm).size !== norm.length) throw new ShapeError(`permute: axes [${axes.join(',')}] repeat an axis`);
  return norm.every((a, i) => a === i) ? t : apply('permute', [t], { axes: norm });
}

/** Swaps two axes (a view); by default the last two, i.e. the matrix transpose. */
export function transpose(x: Tensor, d0 = -2, d1 = -1): Tensor {
  const t = checkTensor('transpose', x);
  if (t.ndim < 2 && d0 === -2 && d1 === -1) return t;
  const a = normalizeAxis('transpose', d0, t.ndim);
  const b = normalizeAxis('transpose', d1, t.ndim);
  const axes = t._shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(t, axes);
}

/** Merges axes start..end (inclusive) into one. */
export function flatten(x: Tensor, start = 0, end = -1): Tensor {
  const t = checkTensor('flatten', x);
  if (t.ndim === 0) return reshape(t, [1]);
  const s = normalizeAxis('flatten', start, t.ndim);
  const e = normalizeAxis('flatten', end, t.ndim);
  if (s > e) throw new ShapeError(`flatten: start axis ${start} comes after end axis ${end} for shape ${fmtShape(t._shape)}`);
  const merged = t._shape.slice(s, e + 1).reduce((p, d) => p * d, 1);
  return reshape(t, [...t._shape.slice(0, s), merged, ...t._shape.slice(e + 1)]);
}

/** Removes size-1 axes (all of them, or the given ones; a given axis that is not size 1 is left, as PyTorch). */
export function squeeze(x: Tensor, axis?: number | number[]): Tensor {
  const t = checkTensor('squeeze', x);
  const axes = axis === undefined ? t._shape.map((_, i) => i) : normalizeAxes('squeeze', axis, t.ndim);
  return reshape(t, t._shape.filter((d, i) => !(d === 1 && axes.includes(i))));
}

/** Inserts a size-1 axis at `axis` (in [-ndim-1, ndim]). */
export function unsqueeze(x: Tensor, axis: number): Tensor {
  const t = checkTensor('unsqueeze', x);
  const a = normalizeAxis('unsqueeze', axis, t.ndim + 1);
  return reshape(t, [...t._shape.slice(0, a), 1, ...t._shape.slice(a)]);
}
