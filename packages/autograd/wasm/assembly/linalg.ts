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
