import type { DType, TypedArray } from '../../tensor/dtype.js';
import { floatArray } from './linalg-factor.js';

const EPS = 2.220446049250313e-16;
/** Sweeps after which the Jacobi iterations stop even unconverged (NaN input never converges). */
export const MAX_SWEEPS = 100;

/**
 * Householder QR of a contiguous [batch, m, n] array with LAPACK geqrf's reflectors (R's diagonal is
 * -sign(a_jj) * |column|, so R_jj may be negative). Q is [batch, m, qCols] and R [batch, rRows, n], where
 * qCols = rRows = m when `complete`, else min(m, n).
 */
export function qr(a: TypedArray, batch: number, m: number, n: number, complete: boolean, dtype: DType): { q: TypedArray; r: TypedArray } {
  return qrWith(householder, a, batch, m, n, complete, dtype);
}

/**
 * Householder QR of one matrix in place: w (m x n, row-major) becomes R in its upper triangle, vs (k x m)
 * and taus (k) receive the reflectors, and e (m x qc, set to the identity's first qc columns) becomes Q.
 * The wasm backend passes its own (the same arithmetic in wasm/assembly/linalg.ts) to `qrWith`.
 */
export type QrFactor = (w: Float64Array, vs: Float64Array, taus: Float64Array, e: Float64Array, m: number, n: number, qc: number) => void;

/** `qr` with the factorisation of one matrix given (copying in and out stays in TypeScript). */
export function qrWith(factor: QrFactor, a: TypedArray, batch: number, m: number, n: number, complete: boolean, dtype: DType): { q: TypedArray; r: TypedArray } {
  const k = Math.min(m, n);
  const qc = complete ? m : k;
  const q = floatArray(dtype, batch * m * qc);
  const r = floatArray(dtype, batch * qc * n);
  const w = new Float64Array(m * n);
  const vs = new Float64Array(k * m); // reflector j: v[j..m) with v_j = 1
  const taus = new Float64Array(k);
  const e = new Float64Array(m * qc);
  for (let bi = 0; bi < batch; bi++) {
    for (let t = 0; t < m * n; t++) w[t] = a[bi * m * n + t]!;
    vs.fill(0);
    e.fill(0);
    for (let i = 0; i < qc; i++) e[i * qc + i] = 1;
    factor(w, vs, taus, e, m, n, qc);
    q.set(e, bi * m * qc);
    for (let i = 0; i < qc; i++) for (let c = 0; c < n; c++) r[bi * qc * n + i * n + c] = i < m && c >= i ? w[i * n + c]! : 0;
  }
  return { q, r };
}

/** sqrt(a^2 + b^2) without overflow or underflow (the larger magnitude factored out), in a fixed order. */
function pythag(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x === Infinity || y === Infinity) return Infinity; // as Math.hypot, even beside NaN
  if (x !== x || y !== y) return NaN;
  const big = x > y ? x : y;
  if (big === 0) return 0;
  const small = x > y ? y : x;
  const ratio = small / big;
  return big * Math.sqrt(1 + ratio * ratio);
}

/** The TypeScript QrFactor: LAPACK geqrf's reflectors, then Q = H_0 ... H_{k-1} applied to e. */
export function householder(w: Float64Array, vs: Float64Array, taus: Float64Array, e: Float64Array, m: number, n: number, qc: number): void {
  const k = Math.min(m, n);
  for (let j = 0; j < k; j++) {
    const alpha = w[j * n + j]!;
    let xnorm = 0;
    for (let i = j + 1; i < m; i++) xnorm = pythag(xnorm, w[i * n + j]!);
    vs[j * m + j] = 1;
    if (xnorm === 0) {
      taus[j] = 0; // already upper triangular in this column: H = I, as dlarfg does
      continue;
    }
    const beta = -(alpha >= 0 ? 1 : -1) * pythag(alpha, xnorm);
    taus[j] = (beta - alpha) / beta;
    for (let i = j + 1; i < m; i++) {
      vs[j * m + i] = w[i * n + j]! / (alpha - beta);
      w[i * n + j] = 0;
    }
    w[j * n + j] = beta;
    applyReflector(w, n, vs, j * m, j, m, taus[j]!, j + 1, n);
  }
  for (let j = k - 1; j >= 0; j--) applyReflector(e, qc, vs, j * m, j, m, taus[j]!, 0, qc);
}

/** x[rows lo..hi, cols c0..c1) -= tau v (v^T x): one Householder reflection of a row-major matrix with `cols` columns. */
function applyReflector(x: Float64Array, cols: number, v: Float64Array, vOff: number, lo: number, hi: number, tau: number, c0: number, c1: number): void {
  if (tau === 0) return;
  for (let c = c0; c < c1; c++) {
    let s = 0;
    for (let i = lo; i < hi; i++) s += v[vOff + i]! * x[i * cols + c]!;
    s *= tau;
    if (s === 0) continue;
    for (let i = lo; i < hi; i++) x[i * cols + c]! -= s * v[vOff + i]!;
  }
}

/**
 * Symmetric eigendecomposition of a contiguous [batch, n, n] array by cyclic Jacobi rotations (accurate to
 * high relative precision), reading only the lower (or `upper`) triangle. Eigenvalues ascend, as LAPACK
 * syevd's do; vectors are the columns of [batch, n, n].
 */
export function eigh(a: TypedArray, batch: number, n: number, upper: boolean, dtype: DType): { values: TypedArray; vectors: TypedArray } {
  return eighWith(eighSweeps, a, batch, n, upper, dtype);
}

/**
 * The sweep loop of cyclic Jacobi: rotates the symmetric w (n x n) towards diagonal form, in place, until
 * every off-diagonal entry is negligible next to its diagonal pair; vt (n x n) accumulates V^T. The wasm
 * backend passes its own (the same arithmetic in wasm/assembly/linalg.ts) to `eighWith`.
 */
export type EighSweeps = (w: Float64Array, vt: Float64Array, n: number) => void;

/** `eigh` with the sweep loop given (reading the triangle and sorting stay in TypeScript). */
export function eighWith(
  sweeps: EighSweeps, a: TypedArray, batch: number, n: number, upper: boolean, dtype: DType,
): { values: TypedArray; vectors: TypedArray } {
  const values = floatArray(dtype, batch * n);
  const vectors = floatArray(dtype, batch * n * n);
  const w = new Float64Array(n * n);
  const vt = new Float64Array(n * n); // V transposed
  for (let bi = 0; bi < batch; bi++) {
    const base = bi * n * n;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j <= i; j++) {
        const x = upper ? a[base + j * n + i]! : a[base + i * n + j]!;
        w[i * n + j] = x;
        w[j * n + i] = x;
      }
    }
    vt.fill(0);
    for (let i = 0; i < n; i++) vt[i * n + i] = 1;
    sweeps(w, vt, n);
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => w[x * n + x]! - w[y * n + y]! || x - y);
    order.forEach((src, dst) => {
      values[bi * n + dst] = w[src * n + src]!;
      for (let i = 0; i < n; i++) vectors[base + i * n + dst] = vt[src * n + i]!;
    });
  }
  return { values, vectors };
}

/** The TypeScript sweep loop (see EighSweeps). */
export function eighSweeps(w: Float64Array, vt: Float64Array, n: number): void {
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let qq = p + 1; qq < n; qq++) {
        const apq = w[p * n + qq]!;
        if (apq === 0 || Math.abs(apq) <= EPS * Math.sqrt(Math.abs(w[p * n + p]! * w[qq * n + qq]!))) continue;
        rotated = true;
        // Rutishauser's rotation: t = tan(phi) is the smaller root, so |phi| <= pi/4 and the update is stable.
        const theta = (w[qq * n + qq]! - w[p * n + p]!) / (2 * apq);
        const t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(w, n, p, qq, c, s, true);
        rotate(w, n, p, qq, c, s, false);
        rotate(vt, n, p, qq, c, s, true); // V's columns p, q are vt's rows: contiguous
      }
    }
    if (!rotated) break;
  }
}

/** Applies the plane rotation (c, s) to columns p, q (or, with `rows`, rows p, q) of a row-major n x n matrix. */
function rotate(x: Float64Array, n: number, p: number, q: number, c: number, s: number, rows: boolean): void {
  for (let k = 0; k < n; k++) {
    const ip = rows ? p * n + k : k * n + p;
    const iq = rows ? q * n + k : k * n + q;
    const xp = x[ip]!;
    const xq = x[iq]!;
    x[ip] = c * xp - s * xq;
    x[iq] = s * xp + c * xq;
  }
}

/**
 * SVD of a contiguous [batch, m, n] array by one-sided (Hestenes) Jacobi, which keeps small singular values
 * to high relative accuracy where bidiagonalisation would lose them. U is [batch, m, full ? m : k], S
 * [batch, k] descending, Vh [batch, full ? n : k, n], k = min(m, n); columns for zero singular values, and
 * the extra ones of the full SVD, complete U and V to orthonormal bases.
 */
export function svd(a: TypedArray, batch: number, m: number, n: number, full: boolean, dtype: DType): { u: TypedArray; s: TypedArray; vh: TypedArray } {
  return svdWith(jacobiSweeps, a, batch, m, n, full, dtype);
}

/**
 * The sweep loop of one-sided Jacobi: rotates column pairs of w (rows x cols, column-major) until all are
 * orthogonal to working precision, accumulating the rotations in r (cols x cols, column-major), in place.
 * The wasm backend passes its own (the same arithmetic in wasm/assembly/linalg.ts) to `svdWith`.
 */
export type JacobiSweeps = (w: Float64Array, r: Float64Array, rows: number, cols: number) => void;

/** `svd` with the sweep loop given (the rest, sorting and completing the bases, stays in TypeScript). */
export function svdWith(
  sweeps: JacobiSweeps, a: TypedArray, batch: number, m: number, n: number, full: boolean, dtype: DType,
): { u: TypedArray; s: TypedArray; vh: TypedArray } {
  const k = Math.min(m, n);
  const uc = full ? m : k;
  const vr = full ? n : k;
  const u = floatArray(dtype, batch * m * uc);
  const s = floatArray(dtype, batch * k);
  const vh = floatArray(dtype, batch * vr * n);
  const tall = m >= n;
  const rows = tall ? m : n;
  const cols = tall ? n : m;
  const w = new Float64Array(rows * cols);
  for (let bi = 0; bi < batch; bi++) {
    // Work on A (tall) or A^T (wide), so the rotated columns are the short side.
    // Column-major, so the column pairs the rotations touch are contiguous.
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) w[tall ? j * rows + i : i * rows + j] = a[bi * m * n + i * n + j]!;
    const { left, sv, right } = hestenes(w, rows, cols, full, sweeps);
    const lc = full ? rows : cols;
    for (let j = 0; j < k; j++) s[bi * k + j] = sv[j]!;
    // A = L S R^T: for a tall A, U = L and V = R; for a wide one (we factored A^T), U = R and V = L.
    const U = tall ? left : right;
    const V = tall ? right : left;
    const vCols = tall ? cols : lc;
    const uCols = tall ? lc : cols;
    for (let i = 0; i < m; i++) for (let j = 0; j < uc; j++) u[bi * m * uc + i * uc + j] = U[i * uCols + j]!;
    for (let j = 0; j < vr; j++) for (let i = 0; i < n; i++) vh[bi * vr * n + j * n + i] = V[i * vCols + j]!;
  }
  return { u, s, vh };
}

/**
 * One-sided Jacobi on a rows x cols matrix w (rows >= cols, column-major), in place: rotates column pairs until all are
 * orthogonal to working precision. Returns L (rows x (full ? rows : cols)), the descending singular values
 * and R (cols x cols) with w = L diag(sv) R^T.
 */
function hestenes(w: Float64Array, rows: number, cols: number, full: boolean, sweeps: JacobiSweeps): { left: Float64Array; sv: Float64Array; right: Float64Array } {
  const r = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) r[i * cols + i] = 1;
  sweeps(w, r, rows, cols);
  const norms = Array.from({ length: cols }, (_, j) => {
    let acc = 0;
    for (let i = 0; i < rows; i++) acc = Math.hypot(acc, w[j * rows + i]!);
    return acc;
  });
  const order = norms.map((_, j) => j).sort((x, y) => norms[y]! - norms[x]! || x - y);
  const lc = full ? rows : cols;
  const left = new Float64Array(rows * lc);
  const right = new Float64Array(cols * cols);
  const sv = new Float64Array(cols);
  const filled: number[] = [];
  order.forEach((src, dst) => {
    const nv = norms[src]!;
    sv[dst] = nv;
    for (let i = 0; i < cols; i++) right[i * cols + dst] = r[src * cols + i]!;
    if (nv > 0 && acceptColumn(left, rows, lc, dst, filled, w, src, nv)) filled.push(dst);
  });
  completeBasis(left, rows, lc, filled);
  return { left, sv, right };
}

/**
 * Writes w's column src / nv into left's column dst, re-orthogonalised against the columns already taken
 * (larger singular values). A column that was only rounding noise (a numerically zero singular value) loses
 * most of its length there and is rejected, to be replaced by completeBasis; a genuinely small singular
 * value's column is orthogonal already (Jacobi's relative convergence test) and keeps its length.
 */
function acceptColumn(left: Float64Array, rows: number, lc: number, dst: number, filled: readonly number[], w: Float64Array, src: number, nv: number): boolean {
  const v = new Float64Array(rows);
  for (let i = 0; i < rows; i++) v[i] = w[src * rows + i]! / nv;
  for (let pass = 0; pass < 2; pass++) {
    for (const f of filled) {
      let d = 0;
      for (let i = 0; i < rows; i++) d += left[i * lc + f]! * v[i]!;
      for (let i = 0; i < rows; i++) v[i]! -= d * left[i * lc + f]!;
    }
  }
  let len = 0;
  for (let i = 0; i < rows; i++) len = Math.hypot(len, v[i]!);
  if (!(len > 0.5)) return false;
  for (let i = 0; i < rows; i++) left[i * lc + dst] = v[i]! / len;
  return true;
}

/** The TypeScript sweep loop (see JacobiSweeps). */
export function jacobiSweeps(w: Float64Array, r: Float64Array, rows: number, cols: number): void {
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      for (let q = p + 1; q < cols; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < rows; i++) {
          const xp = w[p * rows + i]!;
          const xq = w[q * rows + i]!;
          alpha += xp * xp;
          beta += xq * xq;
          gamma += xp * xq;
        }
        if (gamma === 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = c * t;
        rotateCols(w, rows, p, q, c, sn);
        rotateCols(r, cols, p, q, c, sn);
      }
    }
    if (!rotated) break;
  }
}

/** Rotates columns p and q of a column-major matrix with `rows` rows. */
function rotateCols(x: Float64Array, rows: number, p: number, q: number, c: number, s: number): void {
  const po = p * rows;
  const qo = q * rows;
  for (let i = 0; i < rows; i++) {
    const xp = x[po + i]!;
    const xq = x[qo + i]!;
    x[po + i] = c * xp - s * xq;
    x[qo + i] = s * xp + c * xq;
  }
}

/**
 * Fills the columns of x (rows x cols, orthonormal at the indices in `filled`) that are not in `filled`:
 * each takes the unit vector with the largest part orthogonal to the columns so far (Gram-Schmidt applied
 * twice), normalised, so x ends with orthonormal columns.
 */
function completeBasis(x: Float64Array, rows: number, cols: number, filled: number[]): void {
  const done = new Set(filled);
  const v = new Float64Array(rows);
  const best = new Float64Array(rows);
  for (let j = 0; j < cols; j++) {
    if (done.has(j)) continue;
    let bestNorm = -1;
    for (let cand = 0; cand < rows; cand++) {
      v.fill(0);
      v[cand] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const f of done) {
          let d = 0;
          for (let i = 0; i < rows; i++) d += x[i * cols + f]! * v[i]!;
          for (let i = 0; i < rows; i++) v[i]! -= d * x[i * cols + f]!;
        }
      }
      let nv = 0;
      for (let i = 0; i < rows; i++) nv = Math.hypot(nv, v[i]!);
      if (nv > bestNorm) {
        bestNorm = nv;
        best.set(v);
      }
    }
    for (let i = 0; i < rows; i++) x[i * cols + j] = best[i]! / bestNorm;
    done.add(j);
  }
}
