import type { DType, TypedArray } from '../../tensor/dtype.js';
import { allocate } from '../../tensor/dtype.js';
import type { Strided } from '../backend.js';

/**
 * Batched C = A B with A [batch, m, k] and B [batch, k, n] given as strided views, so a transposed
 * operand is read in place rather than copied. The loop order i-p-j streams rows of B and C.
 */
export function matmul(a: Strided, b: Strided, batch: number, m: number, k: number, n: number, dtype: DType): TypedArray {
  const out = allocate(dtype, batch * m * n);
  const [sab, sam, sak] = a.strides as [number, number, number];
  const [sbb, sbk, sbn] = b.strides as [number, number, number];
  const A = a.data;
  const B = b.data;
  const row = new Float64Array(n);
  for (let bi = 0; bi < batch; bi++) {
    const aBase = a.offset + bi * sab;
    const bBase = b.offset + bi * sbb;
    for (let i = 0; i < m; i++) {
      row.fill(0);
      for (let p = 0; p < k; p++) {
        const av = A[aBase + i * sam + p * sak]!;
        const bRow = bBase + p * sbk;
        for (let j = 0; j < n; j++) row[j]! += av * B[bRow + j * sbn]!;
      }
      out.set(row, (bi * m + i) * n);
    }
  }
  return out;
}
