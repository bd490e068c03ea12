import type { DType, TypedArray } from '../../tensor/dtype.js';

/** A fresh float array of `dtype` (the linear-algebra kernels work on float32 and float64 only). */
export const floatArray = (dtype: DType, n: number): TypedArray => (dtype === 'float64' ? new Float64Array(n) : new Float32Array(n));

/**
 * Cholesky factors L (lower, L L^T = A) of a contiguous [batch, n, n] array, reading only A's lower
 * triangle; the strict upper triangle of L is 0. info[b] is 0, or k + 1 when the leading minor of order
 * k + 1 is not positive definite (LAPACK potrf's convention); that batch's L is then partial.
 */
export function cholesky(a: TypedArray, batch: number, n: number, dtype: DType): { out: TypedArray; info: Int32Array } {
  const out = floatArray(dtype, batch * n * n);
  const info = new Int32Array(batch);
  const l = new Float64Array(n * n); // float64 working copy: float32 input still accumulates in float64
  for (let bi = 0; bi < batch; bi++) {
    const base = bi * n * n;
    l.fill(0);
    for (let j = 0; j < n && info[bi] === 0; j++) {
      let d = a[base + j * n + j]!;
      for (let k = 0; k < j; k++) d -= l[j * n + k]! * l[j * n + k]!;
      if (!(d > 0)) {
        info[bi] = j + 1;
        break;
      }
      const ljj = Math.sqrt(d);
      l[j * n + j] = ljj;
      for (let i = j + 1; i < n; i++) {
        let s = a[base + i * n + j]!;
        for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
        l[i * n + j] = s / ljj;
      }
    }
    out.set(l, base);
  }
  return { out, info };
}

/**
 * Solves A X = B for X by substitution, A a contiguous [batch, n, n] array of which only the lower (or,
 * when `upper`, the upper) triangle is read, B a contiguous [batch, n, k] array. With `unit` the diagonal
 * is taken as ones. A zero on the diagonal gives Inf/NaN, as LAPACK trtrs does without its check.
 */
export function triangularSolve(
  a: TypedArray, b: TypedArray, batch: number, n: number, k: number, upper: boolean, unit: boolean, dtype: DType,
): TypedArray {
  const out = floatArray(dtype, batch * n * k);
  const x = new Float64Array(n * k);
  for (let bi = 0; bi < batch; bi++) {
    const ab = bi * n * n;
    const bb = bi * n * k;
    for (let t = 0; t < n * k; t++) x[t] = b[bb + t]!;
    for (let s = 0; s < n; s++) {
      const i = upper ? n - 1 - s : s; // back substitution runs bottom-up, forward top-down
      const d = unit ? 1 : a[ab + i * n + i]!;
      const lo = upper ? i + 1 : 0;
      const hi = upper ? n : i;
      // Row i minus a_ij times solved row j: whole rows at a time, so every inner loop is contiguous.
      for (let j = lo; j < hi; j++) {
        const f = a[ab + i * n + j]!;
        if (f === 0) continue;
        for (let c = 0; c < k; c++) x[i * k + c]! -= f * x[j * k + c]!;
      }
      for (let c = 0; c < k; c++) x[i * k + c]! /= d;
    }
    out.set(x, bb);
  }
  return out;
}

/**
 * LU factorisation with partial pivoting (row swaps), in place on a float64 [n, n] matrix at `lu`.
 * Returns the permutation's sign, or 0 when a pivot is exactly zero (the first such column in `zeroAt`).
 */
function luInPlace(lu: Float64Array, n: number, perm: Int32Array): { sign: number; zeroAt: number } {
  let sign = 1;
  let zeroAt = -1;
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let j = 0; j < n; j++) {
    let p = j;
    let best = Math.abs(lu[j * n + j]!);
    for (let i = j + 1; i < n; i++) {
      const v = Math.abs(lu[i * n + j]!);
      if (v > best) {
        best = v;
        p = i;
      }
    }
    if (p !== j) {
      for (let c = 0; c < n; c++) {
        const t = lu[j * n + c]!;
        lu[j * n + c] = lu[p * n + c]!;
        lu[p * n + c] = t;
      }
      const t = perm[j]!;
      perm[j] = perm[p]!;
      perm[p] = t;
      sign = -sign;
    }
    const piv = lu[j * n + j]!;
    if (piv === 0) {
      if (zeroAt < 0) zeroAt = j;
      continue; // LAPACK getrf keeps going so U is complete; the caller reports the singularity
    }
    for (let i = j + 1; i < n; i++) {
      const f = (lu[i * n + j]! /= piv);
      if (f === 0) continue;
      for (let c = j + 1; c < n; c++) lu[i * n + c]! -= f * lu[j * n + c]!;
    }
  }
  return { sign: zeroAt >= 0 ? 0 : sign, zeroAt };
}

/**
 * Solves A X = B (A [batch, n, n], B [batch, n, k], contiguous) by LU with partial pivoting. info[b] is 0,
 * or j + 1 when U's diagonal entry j is exactly zero (A singular; LAPACK getrf's convention).
 */
export function luSolve(a: TypedArray, b: TypedArray, batch: number, n: number, k: number, dtype: DType): { out: TypedArray; info: Int32Array } {
  const out = floatArray(dtype, batch * n * k);
  const info = new Int32Array(batch);
  const lu = new Float64Array(n * n);
  const perm = new Int32Array(n);
  const x = new Float64Array(n * k);
  for (let bi = 0; bi < batch; bi++) {
    for (let t = 0; t < n * n; t++) lu[t] = a[bi * n * n + t]!;
    const { zeroAt } = luInPlace(lu, n, perm);
    if (zeroAt >= 0) {
      info[bi] = zeroAt + 1;
      continue;
    }
    for (let i = 0; i < n; i++) for (let c = 0; c < k; c++) x[i * k + c] = b[bi * n * k + perm[i]! * k + c]!;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        const f = lu[i * n + j]!;
        for (let c = 0; c < k; c++) x[i * k + c]! -= f * x[j * k + c]!;
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      for (let j = i + 1; j < n; j++) {
        const f = lu[i * n + j]!;
        for (let c = 0; c < k; c++) x[i * k + c]! -= f * x[j * k + c]!;
      }
      const d = lu[i * n + i]!;
      for (let c = 0; c < k; c++) x[i * k + c]! /= d;
    }
    out.set(x, bi * n * k);
  }
  return { out, info };
}

/**
 * Determinant data of a contiguous [batch, n, n] array from one LU with partial pivoting: det, its sign
 * (0 for a singular matrix) and log|det| (-Infinity when singular). The empty 0 x 0 matrix has det 1.
 */
export function luDet(a: TypedArray, batch: number, n: number, dtype: DType): { det: TypedArray; sign: TypedArray; logabsdet: TypedArray } {
  const det = floatArray(dtype, batch);
  const sign = floatArray(dtype, batch);
  const logabsdet = floatArray(dtype, batch);
  const lu = new Float64Array(n * n);
  const perm = new Int32Array(n);
  for (let bi = 0; bi < batch; bi++) {
    for (let t = 0; t < n * n; t++) lu[t] = a[bi * n * n + t]!;
    let s = luInPlace(lu, n, perm).sign;
    let logabs = 0;
    let prod = s;
    for (let i = 0; i < n; i++) {
      const d = lu[i * n + i]!;
      if (d < 0) s = -s;
      logabs += Math.log(Math.abs(d));
      prod *= d;
    }
    det[bi] = prod;
    sign[bi] = s === 0 || Number.isNaN(prod) ? (Number.isNaN(prod) ? NaN : 0) : s;
    logabsdet[bi] = s === 0 ? -Infinity : logabs;
  }
  return { det, sign, logabsdet };
}
