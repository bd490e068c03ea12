// The sweep loop of the one-sided (Hestenes) Jacobi SVD, the same arithmetic in the same order as the
// TypeScript kernel (src/backend/cpu/linalg-spectral.ts, jacobiSweeps), so the results are bit-identical.
// Scalar on purpose: f64x2 dot products would reassociate the sums (measured: 2e-13 differences on 64 x 64,
// past the 1e-14 parity rule); the scalar loop is already 2-2.5x faster than the JavaScript one.

const EPS: f64 = 2.220446049250313e-16;

/** Rotates the two contiguous f64 vectors at x and y of length n by (c, s): x' = c x - s y, y' = s x + c y. */
@inline function rotatePair(x: usize, y: usize, n: i32, c: f64, s: f64): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3;
    const a = load<f64>(x + o);
    const b = load<f64>(y + o);
    store<f64>(x + o, c * a - s * b);
    store<f64>(y + o, s * a + c * b);
  }
}

/**
 * Sweeps of plane rotations over the column pairs of w (rows x cols, column-major f64) until every pair is
 * orthogonal to working precision or `maxSweeps` ran; r (cols x cols, column-major) accumulates the rotations.
 */
export function jacobiSweeps_f64(w: usize, r: usize, rows: i32, cols: i32, maxSweeps: i32): void {
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < cols - 1; p++) {
      const wp = w + ((<usize>p * <usize>rows) << 3);
      for (let q = p + 1; q < cols; q++) {
        const wq = w + ((<usize>q * <usize>rows) << 3);
        let alpha: f64 = 0;
        let beta: f64 = 0;
        let gamma: f64 = 0;
        for (let i = 0; i < rows; i++) {
          const o = <usize>i << 3;
          const xp = load<f64>(wp + o);
          const xq = load<f64>(wq + o);
          alpha += xp * xp;
          beta += xq * xq;
          gamma += xp * xq;
        }
        if (gamma == 0 || Math.abs(gamma) <= EPS * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1.0 : -1.0) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const sn = c * t;
        rotatePair(wp, wq, rows, c, sn);
        rotatePair(r + ((<usize>p * <usize>cols) << 3), r + ((<usize>q * <usize>cols) << 3), cols, c, sn);
      }
    }
    if (!rotated) return;
  }
}

/** Rotates two f64 vectors at x and y, each n elements `step` bytes apart, by (c, s), in element order. */
@inline function rotateStrided(x: usize, y: usize, n: i32, step: usize, c: f64, s: f64): void {
  for (let i = 0; i < n; i++) {
    const o = <usize>i * step;
    const a = load<f64>(x + o);
    const b = load<f64>(y + o);
    store<f64>(x + o, c * a - s * b);
    store<f64>(y + o, s * a + c * b);
  }
}

/**
 * Cyclic Jacobi sweeps on the symmetric n x n f64 matrix at w (row-major), in place, as eighSweeps in
 * src/backend/cpu/linalg-spectral.ts (same order, bit-identical); vt (n x n) accumulates V^T.
 */
export function eighSweeps_f64(w: usize, vt: usize, n: i32, maxSweeps: i32): void {
  const row = <usize>n << 3;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = load<f64>(w + <usize>p * row + (<usize>q << 3));
        const app = load<f64>(w + <usize>p * row + (<usize>p << 3));
        const aqq = load<f64>(w + <usize>q * row + (<usize>q << 3));
        if (apq == 0 || Math.abs(apq) <= EPS * Math.sqrt(Math.abs(app * aqq))) continue;
        rotated = true;
        const theta = (aqq - app) / (2 * apq);
        const t = (theta >= 0 ? 1.0 : -1.0) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotateStrided(w + <usize>p * row, w + <usize>q * row, n, 8, c, s); // rows p, q
        rotateStrided(w + (<usize>p << 3), w + (<usize>q << 3), n, row, c, s); // columns p, q
        rotateStrided(vt + <usize>p * row, vt + <usize>q * row, n, 8, c, s);
      }
    }
    if (!rotated) return;
  }
}

/** sqrt(a^2 + b^2) as pythag in src/backend/cpu/linalg-spectral.ts (same operations, same order). */
@inline function pythag(a: f64, b: f64): f64 {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x == Infinity || y == Infinity) return Infinity;
  if (x != x || y != y) return NaN;
  const big = x > y ? x : y;
  if (big == 0) return 0;
  const small = x > y ? y : x;
  const ratio = small / big;
  return big * Math.sqrt(1 + ratio * ratio);
}

/** x[rows lo..hi, cols c0..c1) -= tau v (v^T x) on a row-major f64 matrix with `cols` columns (as applyReflector). */
@inline function reflect(x: usize, cols: i32, v: usize, lo: i32, hi: i32, tau: f64, c0: i32, c1: i32): void {
  if (tau == 0) return;
  const row = <usize>cols << 3;
  for (let c = c0; c < c1; c++) {
    const xc = x + (<usize>c << 3);
    let s: f64 = 0;
    for (let i = lo; i < hi; i++) s += load<f64>(v + (<usize>i << 3)) * load<f64>(xc + <usize>i * row);
    s *= tau;
    if (s == 0) continue;
    for (let i = lo; i < hi; i++) {
      const at = xc + <usize>i * row;
      store<f64>(at, load<f64>(at) - s * load<f64>(v + (<usize>i << 3)));
    }
  }
}

/**
 * Householder QR of one m x n f64 matrix at w, in place, as householder in src/backend/cpu/linalg-spectral.ts:
 * reflectors into vs (k x m, zeroed by the caller) and taus (k), Q into e (m x qc, the identity's columns).
 */
export function householderQr_f64(w: usize, vs: usize, taus: usize, e: usize, m: i32, n: i32, qc: i32): void {
  const k = m < n ? m : n;
  const row = <usize>n << 3;
  for (let j = 0; j < k; j++) {
    const col = w + (<usize>j << 3);
    const alpha = load<f64>(col + <usize>j * row);
    let xnorm: f64 = 0;
    for (let i = j + 1; i < m; i++) xnorm = pythag(xnorm, load<f64>(col + <usize>i * row));
    const v = vs + ((<usize>j * <usize>m) << 3);
    store<f64>(v + (<usize>j << 3), 1);
    if (xnorm == 0) {
      store<f64>(taus + (<usize>j << 3), 0);
      continue;
    }
    const beta = -(alpha >= 0 ? 1.0 : -1.0) * pythag(alpha, xnorm);
    const tau = (beta - alpha) / beta;
    store<f64>(taus + (<usize>j << 3), tau);
    for (let i = j + 1; i < m; i++) {
      store<f64>(v + (<usize>i << 3), load<f64>(col + <usize>i * row) / (alpha - beta));
      store<f64>(col + <usize>i * row, 0);
    }
    store<f64>(col + <usize>j * row, beta);
    reflect(w, n, v, j, m, tau, j + 1, n);
  }
  for (let j = k - 1; j >= 0; j--) {
    reflect(e, qc, vs + ((<usize>j * <usize>m) << 3), j, m, load<f64>(taus + (<usize>j << 3)), 0, qc);
  }
}
