import { allocate, type DType, type TypedArray } from '../../tensor/dtype.js';
import type { Strided } from '../backend.js';
import { matmul as cpuMatmul } from '../cpu/matmul.js';
import { gemmIsLarge, runGemm } from './gemm-parallel.js';
import { prewake } from './threads/pool.js';
import { type Output, type Staged, allocElems, output, resetWorkspace, stage } from './workspace.js';

/**
 * Below this many multiply-adds (batch m n k) the TypeScript kernel runs instead. Measured (CPU time, median of
 * 11): wasm is 1.5-2x faster already at 4 x 4 x 4 (the TypeScript kernel allocates its pack buffers per call),
 * ~3x at 8^3, ~6x at 32^3; at 2 x 2 x 2 the two are within noise.
 */
export const MATMUL_SMALL = 64;

/**
 * Batched C = A B on the wasm GEMM (packed blocks, 4 x 8 f32x4 / 4 x 4 f64x2 register tiles), split across
 * threads when large (see runGemm). float64 and int32 (computed in float64, then stored with ToInt32 as an
 * Int32Array store does) sum in the TypeScript kernel's order, so they agree with it bit for bit; float32 sums
 * in float32 instead of float64. Results do not depend on the thread count.
 */
export function matmul(a: Strided, b: Strided, batch: number, m: number, k: number, n: number, dtype: DType): TypedArray {
  const size = batch * m * n;
  if (size === 0 || k === 0) return allocate(dtype, size);
  if (size * k < MATMUL_SMALL) return cpuMatmul(a, b, batch, m, k, n, dtype);
  if (gemmIsLarge(batch, m, k, n)) prewake(); // a no-op on one thread (no workers to wake)
  const work = dtype === 'int32' ? 'float64' : dtype;
  resetWorkspace();
  const sa = stage(a, [batch, m, k], work, 'matmul');
  const sb = stage(b, [batch, k, n], work, 'matmul');
  const out = allocElems(work, size, 'matmul');
  // int32 results are copied out of the float64 workspace with ToInt32, as an Int32Array store does.
  const result = output(dtype, out, size, work);
  gemm(work, sa, sb, out, batch, m, k, n, result);
  return result.data;
}

/**
 * C[batch, m, n] = A B on operands already in the workspace (read through their strides), into `out` (and
 * `result`, see runGemm). The two rewrites below change how the product runs, never one bit of C.
 */
export function gemm(work: 'float32' | 'float64', a: Staged, b: Staged, out: number, batch: number, m: number, k: number, n: number, result: Output | null): void {
  // A batch of products with one shared B is one tall product when A's matrices sit one after another.
  const [sab, sam, sak] = a.strides as [number, number, number];
  if (batch > 1 && b.strides[0] === 0 && (m === 1 || sab === m * sam)) {
    a = { ptr: a.ptr, strides: [0, m === 1 ? sab : sam, sak] };
    m *= batch;
    batch = 1;
  }
  // A matrix-vector product (n = 1) runs as its transpose, x^T A^T, with the same [batch, m] output bytes: A is
  // then packed as plain B panels instead of 4x-wide pre-broadcast A panels (~3x less memory traffic). Each
  // output element is still the same sum in the same order.
  if (n === 1 && m > 1) {
    const [sbb, sbk, sbn] = b.strides as [number, number, number];
    const [tab, tam, tak] = a.strides as [number, number, number];
    [a, b] = [{ ptr: b.ptr, strides: [sbb, sbn, sbk] }, { ptr: a.ptr, strides: [tab, tak, tam] }];
    [m, n] = [1, m];
  }
  const strides = (s: readonly number[]): [number, number, number] => [s[0]!, s[1]!, s[2]!];
  const bytes = work === 'float32' ? 4 : 8;
  runGemm(work === 'float32' ? 'gemm_f32' : 'gemm_f64', bytes, a.ptr, strides(a.strides), b.ptr, strides(b.strides), out, batch, m, k, n, result);
}
