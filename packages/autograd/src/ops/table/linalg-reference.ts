import type { Tensor } from '../../tensor/tensor.js';
import type { RefResult } from './harness.js';

/**
 * Plain-JS linear algebra on number[][], written independently of the kernels (Laplace expansion,
 * adjugates, Gram-Schmidt, closed-form eigenvalues), for the linalg rows' forward references.
 */
export type Mat = number[][];

/** The batch of matrices in t ([...batch, m, n]), each as number[][]. */
export function mats(t: Tensor): Mat[] {
  const [m, n] = t.shape.slice(-2) as [number, number];
  const d = Array.from(t.data());
  const out: Mat[] = [];
  for (let b = 0; b * m * n < d.length; b++) {
    out.push(Array.from({ length: m }, (_, i) => d.slice(b * m * n + i * n, b * m * n + (i + 1) * n)));
  }
  return out;
}

/** Joins per-batch results back into a RefResult of shape [...batch, ...inner]. */
export function fromMats(batch: readonly number[], xs: (Mat | number[] | number)[], inner: readonly number[]): RefResult {
  return { shape: [...batch, ...inner], data: xs.flatMap((x) => (Array.isArray(x) ? x.flat() : [x])) };
}

export const transpose = (a: Mat): Mat => (a[0] ?? []).map((_, j) => a.map((r) => r[j]!));
export const mul = (a: Mat, b: Mat): Mat => a.map((r) => (b[0] ?? []).map((_, j) => r.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
export const addDiag = (a: Mat, d: (i: number) => number): Mat => a.map((r, i) => r.map((v, j) => (i === j ? v + d(i) : v)));

const minor = (a: Mat, i: number, j: number): Mat => a.filter((_, r) => r !== i).map((r) => r.filter((_, c) => c !== j));

/** Determinant by cofactor expansion along the first row. */
export function det(a: Mat): number {
  if (a.length === 0) return 1;
  return a[0]!.reduce((s, v, j) => s + (j % 2 ? -1 : 1) * v * det(minor(a, 0, j)), 0);
}

/** Inverse as adjugate / det. */
export const inv = (a: Mat): Mat => {
  const d = det(a);
  return a.map((_, i) => a.map((__, j) => ((i + j) % 2 ? -1 : 1) * det(minor(a, j, i)) / d));
};

/** Cholesky by the Cholesky-Banachiewicz (row by row) order. */
export function cholesky(a: Mat): Mat {
  const n = a.length;
  const l: Mat = a.map(() => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i]![j]!;
      for (let k = 0; k < j; k++) s -= l[i]![k]! * l[j]![k]!;
      l[i]![j] = i === j ? Math.sqrt(s) : s / l[j]![j]!;
    }
  }
  return l;
}

/** Modified Gram-Schmidt QR with a positive diagonal of R (m >= n here; full column rank). */
export function qr(a: Mat): { q: Mat; r: Mat } {
  const m = a.length;
  const n = a[0]!.length;
  const k = Math.min(m, n);
  const cols = transpose(a);
  const q: number[][] = [];
  const r: Mat = Array.from({ length: k }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    let v = cols[j]!.slice();
    for (let i = 0; i < Math.min(j, k); i++) {
      const d = q[i]!.reduce((s, x, t) => s + x * v[t]!, 0);
      r[i]![j] = d;
      v = v.map((x, t) => x - d * q[i]![t]!);
    }
    if (j < k) {
      const nv = Math.hypot(...v);
      r[j]![j] = nv;
      q.push(v.map((x) => x / nv));
    }
  }
  return { q: transpose(q), r };
}

/** Eigenvalues (ascending) of a symmetric matrix of order <= 3, in closed form (trigonometric for 3). */
export function symEigvals(a: Mat): number[] {
  const n = a.length;
  if (n === 1) return [a[0]![0]!];
  if (n === 2) {
    const [p, q, r] = [a[0]![0]!, a[0]![1]!, a[1]![1]!];
    const h = Math.hypot((p - r) / 2, q);
    return [(p + r) / 2 - h, (p + r) / 2 + h];
  }
  const tr = a[0]![0]! + a[1]![1]! + a[2]![2]!;
  const m = tr / 3;
  const b = addDiag(a, () => -m);
  const p = Math.sqrt(b.flat().reduce((s, v) => s + v * v, 0) / 6);
  const c = b.map((r) => r.map((v) => v / p));
  const phi = Math.acos(Math.max(-1, Math.min(1, det(c) / 2))) / 3;
  const e1 = m + 2 * p * Math.cos(phi);
  const e3 = m + 2 * p * Math.cos(phi + (2 * Math.PI) / 3);
  return [e3, tr - e1 - e3, e1];
}

/** Singular values (descending) of a matrix with min(m, n) <= 3, as square roots of the Gram matrix's eigenvalues. */
export function singularValues(a: Mat): number[] {
  const g = a.length >= a[0]!.length ? mul(transpose(a), a) : mul(a, transpose(a));
  return symEigvals(g).map((v) => Math.sqrt(Math.max(v, 0))).reverse();
}
