import type { Generator } from '@nabla/autograd';

/**
 * A Haar-random [rows, cols] matrix (row-major) with orthonormal rows (rows <= cols) or columns (rows > cols),
 * as PyTorch's `orthogonal_`: QR of a Gaussian matrix with R's diagonal made positive. Gram-Schmidt with
 * positive norms yields exactly that unique Q; the second projection pass ("twice is enough",
 * Giraud et al. 2005) keeps it orthogonal to round-off.
 */
export function orthonormalRows(rows: number, cols: number, g: Generator): Float64Array {
  const a = new Float64Array(rows * cols);
  for (let i = 0; i < a.length; i++) a[i] = g.normal();
  // Work on the tall orientation: n vectors of length m with m >= n (each vector contiguous).
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  const v = new Float64Array(m * n); // v[j * m + k]: component k of vector j
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (tall) v[j * m + i] = a[i * cols + j]!; // column j of A
      else v[i * m + j] = a[i * cols + j]!; // row i of A, i.e. column i of A^T
    }
  }
  for (let j = 0; j < n; j++) {
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        let dot = 0;
        for (let k = 0; k < m; k++) dot += v[p * m + k]! * v[j * m + k]!;
        for (let k = 0; k < m; k++) v[j * m + k]! -= dot * v[p * m + k]!;
      }
    }
    let norm = 0;
    for (let k = 0; k < m; k++) norm += v[j * m + k]! ** 2;
    norm = Math.sqrt(norm);
    for (let k = 0; k < m; k++) v[j * m + k]! /= norm;
  }
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) out[i * cols + j] = tall ? v[j * m + i]! : v[i * m + j]!;
  }
  return out;
}
