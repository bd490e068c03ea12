import type { TypedArray } from '../../tensor/dtype.js';
import { allocate, dtypeOfArray } from '../../tensor/dtype.js';
import type { ScanOp } from '../backend.js';

/** A scan along `axis` of a contiguous array, seen as [outer, n, inner]. */
function blocks(shape: readonly number[], axis: number): [number, number, number] {
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  return [outer, shape[axis] ?? 1, inner];
}

/** log(e^a + e^b) without overflow; two equal infinities give that infinity (not inf - inf = NaN). */
function logAddExp(a: number, b: number): number {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  if (lo === hi && !Number.isFinite(lo)) return a;
  return hi + Math.log1p(Math.exp(lo - hi));
}

/**
 * Inclusive scan along `axis` of a contiguous array: running sum, product or log-sum-exp. The running
 * value is a JS number (float64) whatever the dtype, as PyTorch accumulates float32 scans in double.
 */
export function cumulative(op: ScanOp, x: TypedArray, shape: readonly number[], axis: number): TypedArray {
  const [outer, n, inner] = blocks(shape, axis);
  const out = allocate(dtypeOfArray(x)!, x.length);
  // Walk each [n, inner] block row by row (contiguous reads), carrying one running value per column.
  const acc = new Float64Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    switch (op) {
      case 'sum':
        acc.fill(0);
        for (let k = 0, p = base; k < n; k++) for (let i = 0; i < inner; i++, p++) { acc[i] = acc[i]! + x[p]!; out[p] = acc[i]!; }
        break;
      case 'prod':
        acc.fill(1);
        for (let k = 0, p = base; k < n; k++) for (let i = 0; i < inner; i++, p++) { acc[i] = acc[i]! * x[p]!; out[p] = acc[i]!; }
        break;
      case 'logsumexp':
        acc.fill(-Infinity);
        for (let k = 0, p = base; k < n; k++) for (let i = 0; i < inner; i++, p++) { acc[i] = logAddExp(acc[i]!, x[p]!); out[p] = acc[i]!; }
        break;
    }
  }
  return out;
}

/**
 * Index (int32) of the running max (or min) along `axis`, as PyTorch's cummax/cummin: a tie moves the
 * index to the later element, and a NaN, once seen, stays the value (its latest index is kept).
 */
export function cumIndex(op: 'max' | 'min', x: TypedArray, shape: readonly number[], axis: number): Int32Array {
  const [outer, n, inner] = blocks(shape, axis);
  const out = new Int32Array(x.length);
  const sign = op === 'max' ? 1 : -1;
  const best = new Float64Array(inner);
  const at = new Int32Array(inner);
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner;
    for (let k = 0, p = base; k < n; k++) {
      for (let i = 0; i < inner; i++, p++) {
        const v = x[p]! * sign;
        const b = best[i]!;
        if (k === 0 || v !== v || (b === b && v >= b)) { best[i] = v; at[i] = k; }
        out[p] = at[i]!;
      }
    }
  }
  return out;
}
