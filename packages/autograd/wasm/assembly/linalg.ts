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
