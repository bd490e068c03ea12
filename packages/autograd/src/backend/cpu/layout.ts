import type { DType, TypedArray } from '../../tensor/dtype.js';
import { allocate } from '../../tensor/dtype.js';
import type { Strided } from '../backend.js';

/** True when the view walks its array in row-major order over `shape` (size-1 dims may have any stride). */
export function isRowMajor(x: Strided, shape: readonly number[]): boolean {
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    if (shape[i] !== 1 && x.strides[i] !== s) return false;
    s *= shape[i]!;
  }
  return true;
}

/** True when every element of the view is the same array slot (a broadcast scalar). */
export function isScalarView(x: Strided, shape: readonly number[]): boolean {
  for (let i = 0; i < shape.length; i++) if (shape[i] !== 1 && x.strides[i] !== 0) return false;
  return true;
}

/**
 * Copies a strided view into a contiguous array. The innermost axis is a tight loop with a hoisted
 * stride; the outer axes advance an odometer, so any rank works without recursion.
 */
export function contiguous(x: Strided, shape: readonly number[], dtype: DType): TypedArray {
  let size = 1;
  for (const d of shape) size *= d;
  const out = allocate(dtype, size);
  if (size === 0) return out;
  const src = x.data;
  if (isRowMajor(x, shape)) {
    for (let i = 0; i < size; i++) out[i] = src[x.offset + i]!;
    return out;
  }
  const nd = shape.length;
  const inner = shape[nd - 1]!;
  const innerStride = x.strides[nd - 1]!;
  const idx = new Array<number>(Math.max(nd - 1, 0)).fill(0);
  let base = x.offset;
  for (let o = 0; o < size; o += inner) {
    for (let j = 0, p = base; j < inner; j++, p += innerStride) out[o + j] = src[p]!;
    // Advance the odometer over the outer axes.
    for (let a = nd - 2; a >= 0; a--) {
      idx[a]!++;
      base += x.strides[a]!;
      if (idx[a]! < shape[a]!) break;
      base -= idx[a]! * x.strides[a]!;
      idx[a] = 0;
    }
  }
  return out;
}

/** Float to int32 truncates toward zero (as PyTorch does); the typed array's store does the rounding. */
export function cast(x: TypedArray, dtype: DType): TypedArray {
  const out = allocate(dtype, x.length);
  if (dtype === 'int32') for (let i = 0; i < x.length; i++) out[i] = Math.trunc(x[i]!);
  else out.set(x);
  return out;
}
