import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';

/** Product of the dimensions (1 for a 0-d shape). */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** Row-major strides of a contiguous tensor with this shape. */
export function contiguousStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Validates a user-supplied shape: an array of non-negative integers. */
export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape)) {
    throw new ValueError(`${op}: shape must be an array of non-negative integers, got ${typeof shape}`);
  }
  for (let i = 0; i < shape.length; i++) {
    const d: unknown = shape[i];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0) {
      throw new ValueError(
        `${op}: dimension ${i} of shape [${shape.map(String).join(',')}] is ${String(d)}; dimensions must be non-negative integers`,
      );
    }
  }
  return shape.slice() as number[];
}

/**
 * NumPy broadcasting: align shapes on the right; each pair of dims must be equal or one of them 1.
 * The error names the op, both shapes and the first dim that clashes.
 */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${op}: cannot broadcast shapes ${fmtShape(a)} and ${fmtShape(b)} (dim ${i}: ${da} vs ${db})`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Maps a possibly negative axis into [0, ndim), or throws naming the op, the axis and ndim. */
export function normalizeAxis(op: string, axis: number, ndim: number): number {
  if (typeof axis !== 'number' || !Number.isInteger(axis)) {
    throw new ValueError(`${op}: axis must be an integer, got ${describe(axis)}`);
  }
  if (axis < -ndim || axis >= ndim || ndim === 0) {
    const range = ndim === 0 ? 'none (the tensor is 0-d)' : `[${-ndim}, ${ndim - 1}]`;
    throw new ShapeError(`${op}: axis ${axis} is out of range for a ${ndim}-d tensor (valid: ${range})`);
  }
  return axis < 0 ? axis + ndim : axis;
}

/**
 * Normalizes `axis` (a number, a list, or undefined = all axes) into a sorted list without duplicates.
 * A 0-d tensor accepts `undefined` and the empty list only.
 */
export function normalizeAxes(op: string, axis: number | readonly number[] | undefined, ndim: number): number[] {
  if (axis === undefined) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof axis === 'number' ? [axis] : axis;
  if (!Array.isArray(list)) throw new ValueError(`${op}: axis must be a number, an array of numbers or undefined, got ${describe(axis)}`);
  const out = list.map((a) => normalizeAxis(op, a, ndim));
  const sorted = [...new Set(out)].sort((x, y) => x - y);
  if (sorted.length !== out.length) throw new ValueError(`${op}: axis [${list.join(',')}] repeats an axis`);
  return sorted;
}

/** The shape a reduction over `axes` leaves, with or without the reduced dims kept as 1. */
export function reducedShape(shape: readonly number[], axes: readonly number[], keepDims: boolean): number[] {
  const out: number[] = [];
  for (let i = 0; i < shape.length; i++) {
    if (axes.includes(i)) {
      if (keepDims) out.push(1);
    } else out.push(shape[i]!);
  }
  return out;
}

/**
 * Strides that let a tensor of (shape, strides) be read as `target` without copying, or null when the
 * memory layout does not allow it (PyTorch's computeStride): each run of old axes that is contiguous in
 * memory may be split or merged freely, and size-1 axes fit anywhere.
 */
export function viewStrides(shape: readonly number[], strides: readonly number[], target: readonly number[]): number[] | null {
  const out = new Array<number>(target.length).fill(0);
  if (shape.length === 0 || sizeOf(shape) === 0) {
    return sizeOf(shape) === 0 ? contiguousStrides(target) : out;
  }
  let viewD = target.length - 1;
  let chunkBase = strides[shape.length - 1]!;
  let tensorNumel = 1;
  let viewNumel = 1;
  for (let d = shape.length - 1; d >= 0; d--) {
    tensorNumel *= shape[d]!;
    if (d === 0 || (shape[d - 1] !== 1 && strides[d - 1] !== tensorNumel * chunkBase)) {
      while (viewD >= 0 && (viewNumel < tensorNumel || target[viewD] === 1)) {
        out[viewD] = viewNumel * chunkBase;
        viewNumel *= target[viewD]!;
        viewD--;
      }
      if (viewNumel !== tensorNumel) return null;
      if (d > 0) {
        chunkBase = strides[d - 1]!;
        tensorNumel = 1;
        viewNumel = 1;
      }
    }
  }
  return viewD === -1 ? out : null;
}
