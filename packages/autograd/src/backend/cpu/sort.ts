import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { ScatterReduceOp } from '../backend.js';
import { radixArgsort, radixScratch } from './radix.js';

/** A contiguous array of `shape` seen as [outer, n, inner] around `axis`. */
function around(shape: readonly number[], axis: number): [outer: number, n: number, inner: number] {
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis]!, inner];
}

/**
 * Stable argsort of a contiguous array along `axis`: NaN counts as larger than +Infinity (PyTorch's order), so
 * it comes last ascending and first descending; equal keys (-0 and +0 included) keep their original order
 * either way. Each line's values are mapped to unsigned keys that order like them (IEEE bits with the sign
 * folded; NaN to the top; descending complements them), then radix-sorted (radix.ts).
 */
export function argsort(x: TypedArray, shape: readonly number[], axis: number, descending: boolean): Int32Array {
  const [outer, n, inner] = around(shape, axis);
  const out = new Int32Array(x.length);
  const wide = x instanceof Float64Array;
  const hi = new Uint32Array(n);
  const lo = wide ? new Uint32Array(n) : null;
  const order = new Int32Array(n);
  const scratch = radixScratch(n);
  const f64 = new Float64Array(1);
  const w64 = new Uint32Array(f64.buffer);
  const f32 = new Float32Array(1);
  const w32 = new Uint32Array(f32.buffer);
  const flip = descending ? 0xffffffff : 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * n * inner + i;
      for (let j = 0; j < n; j++) {
        const v = x[base + j * inner]!;
        if (x instanceof Int32Array) hi[j] = (v ^ 0x80000000 ^ flip) >>> 0;
        else if (v !== v) {
          hi[j] = ~flip >>> 0;
          if (lo) lo[j] = ~flip >>> 0;
        } else if (lo) {
          f64[0] = v === 0 ? 0 : v; // -0 sorts with +0
          const neg = w64[1]! >>> 31;
          hi[j] = ((neg ? ~w64[1]! : w64[1]! | 0x80000000) ^ flip) >>> 0;
          lo[j] = ((neg ? ~w64[0]! : w64[0]!) ^ flip) >>> 0;
        } else {
          f32[0] = v === 0 ? 0 : v;
          const neg = w32[0]! >>> 31;
          hi[j] = ((neg ? ~w32[0]! : w32[0]! | 0x80000000) ^ flip) >>> 0;
        }
      }
      radixArgsort(hi, lo, n, order, scratch);
      for (let j = 0; j < n; j++) out[base + j * inner] = order[j]!;
    }
  }
  return out;
}

/**
 * For each value (contiguous, last axis m) the insertion point in the sorted last axis (n) of `seq`: the count of
 * entries < v (or <= v when `right`). `seq` is 1-D, or has the values' leading axes. NaN sorts last, as in `argsort`.
 */
export function searchsorted(
  seq: TypedArray, seqShape: readonly number[], values: TypedArray, valuesShape: readonly number[], right: boolean,
): Int32Array {
  const n = seqShape[seqShape.length - 1] ?? 1;
  const m = valuesShape.length === 0 ? 1 : valuesShape[valuesShape.length - 1]!;
  const out = new Int32Array(values.length);
  const shared = seqShape.length <= 1;
  for (let row = 0; row * m < values.length; row++) {
    const base = shared ? 0 : row * n;
    for (let j = 0; j < m; j++) {
      const v = values[row * m + j]!;
      let lo = 0;
      let hi = n;
      if (v !== v) {
        // NaN goes after every number (and, with right, after the NaNs too).
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          const q = seq[base + mid]!;
          if (q === q || right) lo = mid + 1;
          else hi = mid;
        }
      } else if (right) {
        // A NaN entry compares false, so it never goes before v: NaN sorts last without a test.
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (seq[base + mid]! <= v) lo = mid + 1;
          else hi = mid;
        }
      } else {
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (seq[base + mid]! < v) lo = mid + 1;
          else hi = mid;
        }
      }
      out[row * m + j] = lo;
    }
  }
  return out;
}


/**
 * out = x (contiguous, `shape`), then for every position p of `indexShape`: out[p with axis coordinate
 * index[p]] (op)= src[p], src being contiguous of `srcShape` (at least indexShape on every axis). With
 * `includeSelf` false the scattered-to positions start from the first value scattered there instead of x.
 * 'mean' divides by the number of values combined (x counting as one when included); int32 rounds toward -inf.
 */
export function scatterReduce(
  x: TypedArray, shape: readonly number[], src: TypedArray, srcShape: readonly number[], index: Int32Array,
  indexShape: readonly number[], axis: number, op: ScatterReduceOp, includeSelf: boolean, dtype: DType,
): TypedArray {
  const out = dtype === 'float32' ? Float64Array.from(x) : x.slice();
  const count = new Int32Array(op === 'mean' || !includeSelf ? x.length : 0);
  if (op === 'mean' && includeSelf) count.fill(1);
  const nd = indexShape.length;
  const outStrides = rowMajor(shape);
  const srcStrides = rowMajor(srcShape);
  const coord = new Array<number>(nd).fill(0);
  const inner = indexShape[nd - 1]!;
  const ss = srcStrides[nd - 1]!;
  const os = nd - 1 === axis ? 0 : outStrides[nd - 1]!;
  const as = outStrides[axis]!;
  let s = 0;
  let o = 0; // offsets of the current row in src and (without the axis coordinate) in out
  for (let p = 0; p < index.length && inner > 0; p += inner) {
    if (!includeSelf && op !== 'assign') combineFresh(op, out, count, src, index, p, inner, s, ss, o, os, as);
    else combineRow(op, out, count, src, index, p, inner, s, ss, o, os, as);
    for (let a = nd - 2; a >= 0; a--) {
      coord[a]!++;
      s += srcStrides[a]!;
      if (a !== axis) o += outStrides[a]!;
      if (coord[a]! < indexShape[a]!) break;
      s -= coord[a]! * srcStrides[a]!;
      if (a !== axis) o -= coord[a]! * outStrides[a]!;
      coord[a] = 0;
    }
  }
  if (op === 'mean') {
    for (let i = 0; i < out.length; i++) {
      const c = count[i]!;
      if (c > 1) out[i] = dtype === 'int32' ? Math.floor(out[i]! / c) : out[i]! / c;
    }
  }
  if (dtype !== 'float32') return out;
  return Float32Array.from(out);
}

type Acc = Float64Array | Int32Array;

/** One row of index entries: a loop per op, so each stays monomorphic (x included in the reduction). */
function combineRow(
  op: ScatterReduceOp, out: TypedArray, count: Int32Array, src: TypedArray, index: Int32Array,
  p0: number, n: number, s: number, ss: number, o: number, os: number, as: number,
): void {
  const acc = out as Acc;
  switch (op) {
    case 'assign':
      for (let j = 0; j < n; j++, s += ss, o += os) acc[o + index[p0 + j]! * as] = src[s]!;
      return;
    case 'sum':
      for (let j = 0; j < n; j++, s += ss, o += os) acc[o + index[p0 + j]! * as]! += src[s]!;
      return;
    case 'mean':
      for (let j = 0; j < n; j++, s += ss, o += os) {
        const d = o + index[p0 + j]! * as;
        acc[d]! += src[s]!;
        count[d]!++;
      }
      return;
    case 'prod':
      for (let j = 0; j < n; j++, s += ss, o += os) acc[o + index[p0 + j]! * as]! *= src[s]!;
      return;
    case 'amax':
      for (let j = 0; j < n; j++, s += ss, o += os) {
        const d = o + index[p0 + j]! * as;
        const v = src[s]!;
        if (v > acc[d]! || v !== v) acc[d] = v; // NaN wins, as in PyTorch
      }
      return;
    case 'amin':
      for (let j = 0; j < n; j++, s += ss, o += os) {
        const d = o + index[p0 + j]! * as;
        const v = src[s]!;
        if (v < acc[d]! || v !== v) acc[d] = v;
      }
  }
}

/** includeSelf false: the first value written to a position replaces x there; later ones combine with it. */
function combineFresh(
  op: ScatterReduceOp, out: TypedArray, count: Int32Array, src: TypedArray, index: Int32Array,
  p0: number, n: number, s: number, ss: number, o: number, os: number, as: number,
): void {
  for (let j = 0; j < n; j++, s += ss, o += os) {
    const d = o + index[p0 + j]! * as;
    const v = src[s]!;
    if (count[d]! === 0) out[d] = v;
    else if (op === 'sum' || op === 'mean') out[d]! += v;
    else if (op === 'prod') out[d]! *= v;
    else if (op === 'amax') out[d] = v > out[d]! || v !== v ? v : out[d]!;
    else out[d] = v < out[d]! || v !== v ? v : out[d]!;
    count[d]!++;
  }
}

function rowMajor(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}
