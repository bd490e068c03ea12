import type { TypedArray } from '../../tensor/dtype.js';
import { allocate, dtypeOfArray } from '../../tensor/dtype.js';
import { contiguousStrides } from '../../tensor/shape.js';
import type { ReduceOp } from '../backend.js';
import { contiguous } from './layout.js';

/** A reduction seen as [outer, r, inner] over a contiguous `src`: the r axis is the one reduced. */
interface Blocks {
  src: TypedArray;
  outer: number;
  r: number;
  inner: number;
}

/**
 * Views the reduction as [outer, r, inner]: the reduced axes must be one contiguous block, so other axis
 * sets are first moved to the end by a permuting copy.
 */
function toBlocks(x: TypedArray, shape: readonly number[], axes: readonly number[]): Blocks {
  let src = x;
  let dims = shape.slice();
  let red = axes.slice();
  const isBlock = red.every((a, i) => i === 0 || a === red[i - 1]! + 1);
  if (!isBlock) {
    const keep = dims.map((_, i) => i).filter((i) => !red.includes(i));
    const perm = [...keep, ...red];
    const strides = contiguousStrides(dims);
    src = contiguous({ data: x, offset: 0, strides: perm.map((p) => strides[p]!) }, perm.map((p) => dims[p]!), dtypeOfArray(x)!);
    dims = perm.map((p) => dims[p]!);
    red = red.map((_, i) => keep.length + i);
  }
  const first = red[0] ?? dims.length;
  const last = red[red.length - 1] ?? dims.length - 1;
  let outer = 1, r = 1, inner = 1;
  for (let i = 0; i < dims.length; i++) {
    if (i < first) outer *= dims[i]!;
    else if (i <= last) r *= dims[i]!;
    else inner *= dims[i]!;
  }
  return { src, outer, r, inner };
}

/** acc[i] = max over k of src[base + k * inner + i]; NaN wins, as in PyTorch. */
function rowMax(src: TypedArray, base: number, r: number, inner: number, acc: Float64Array): void {
  acc.fill(-Infinity);
  for (let k = 0; k < r; k++) {
    const row = base + k * inner;
    for (let i = 0; i < inner; i++) { const v = src[row + i]!; if (v > acc[i]! || v !== v) acc[i] = v; }
  }
}

/**
 * Reduces over the sorted `axes`. The accumulator is a JS number (float64), which keeps float32 sums of a
 * million terms accurate to ~1e-9 relative.
 */
export function reduce(op: ReduceOp, x: TypedArray, shape: readonly number[], axes: readonly number[]): TypedArray {
  const { src, outer, r, inner } = toBlocks(x, shape, axes);
  const out = allocate(dtypeOfArray(x)!, outer * inner);
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * r * inner;
    const init = op === 'sum' ? 0 : op === 'prod' ? 1 : op === 'max' ? -Infinity : Infinity;
    acc.fill(init);
    for (let k = 0; k < r; k++) {
      const row = base + k * inner;
      switch (op) {
        case 'sum': for (let i = 0; i < inner; i++) acc[i]! += src[row + i]!; break;
        case 'prod': for (let i = 0; i < inner; i++) acc[i]! *= src[row + i]!; break;
        // NaN propagates through max/min, as in PyTorch.
        case 'max': for (let i = 0; i < inner; i++) { const v = src[row + i]!; if (v > acc[i]! || v !== v) acc[i] = v; } break;
        case 'min': for (let i = 0; i < inner; i++) { const v = src[row + i]!; if (v < acc[i]! || v !== v) acc[i] = v; } break;
      }
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i]!;
  }
  return out;
}

/**
 * log(sum(exp(x))) over the sorted `axes`, as m + log(sum(exp(x - m))) with m the slice max, so finite
 * inputs never overflow. When m is not finite the answer is m itself: all -inf (or empty) gives -inf,
 * any +inf gives +inf, NaN gives NaN.
 */
export function logsumexp(x: TypedArray, shape: readonly number[], axes: readonly number[]): TypedArray {
  const { src, outer, r, inner } = toBlocks(x, shape, axes);
  const out = allocate(dtypeOfArray(x)!, outer * inner);
  const m = new Float64Array(inner);
  const s = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * r * inner;
    rowMax(src, base, r, inner, m);
    s.fill(0);
    for (let k = 0; k < r; k++) {
      const row = base + k * inner;
      for (let i = 0; i < inner; i++) s[i]! += Math.exp(src[row + i]! - m[i]!);
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = Number.isFinite(m[i]!) ? m[i]! + Math.log(s[i]!) : m[i]!;
  }
  return out;
}

/**
 * Softmax (or log-softmax when `log`) along one axis of a contiguous array. The slice max is subtracted
 * first, so logits of +-1e4 do not overflow; a slice of all -inf gives NaN (-inf - -inf), as PyTorch.
 */
export function softmax(x: TypedArray, shape: readonly number[], axis: number, log: boolean): TypedArray {
  const { src, outer, r, inner } = toBlocks(x, shape, [axis]);
  const out = allocate(dtypeOfArray(x)!, outer * r * inner);
  const m = new Float64Array(inner);
  const s = new Float64Array(inner);
  const e = new Float64Array(r * inner); // exp(x - m) of one outer block, kept in float64 until the divide
  for (let o = 0; o < outer; o++) {
    const base = o * r * inner;
    rowMax(src, base, r, inner, m);
    s.fill(0);
    for (let k = 0; k < r; k++) {
      const row = base + k * inner;
      for (let i = 0; i < inner; i++) { const v = Math.exp(src[row + i]! - m[i]!); e[row - base + i] = v; s[i]! += v; }
    }
    if (log) for (let i = 0; i < inner; i++) s[i] = m[i]! + Math.log(s[i]!); // log-softmax = x - (m + log s)
    for (let k = 0; k < r; k++) {
      const row = base + k * inner;
      if (log) for (let i = 0; i < inner; i++) out[row + i] = src[row + i]! - s[i]!;
      else for (let i = 0; i < inner; i++) out[row + i] = e[row - base + i]! / s[i]!;
    }
  }
  return out;
}

/** Index of the first max (min) along `axis`; NaN counts as the max, as in PyTorch. */
export function argReduce(op: 'argmax' | 'argmin', x: TypedArray, shape: readonly number[], axis: number): Int32Array {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  const r = shape[axis]!;
  const out = new Int32Array(outer * inner);
  const better = op === 'argmax' ? (v: number, b: number) => v > b : (v: number, b: number) => v < b;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let best = x[o * r * inner + i]!;
      let bi = 0;
      for (let k = 1; k < r && best === best; k++) {
        const v = x[(o * r + k) * inner + i]!;
        if (v !== v || better(v, best)) { best = v; bi = k; }
      }
      out[o * inner + i] = bi;
    }
  }
  return out;
}
