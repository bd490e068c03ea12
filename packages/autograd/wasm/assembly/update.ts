// In-place updates for optimizers over contiguous arrays: y <- y + alpha x computed in float64 and rounded once into
// y's type, which is what JavaScript's `y[i] = y[i] + alpha * x[i]` does on a Float32Array or Float64Array (so the
// TypeScript backend agrees bit for bit), and a check that every element is finite.

export function axpy_f32(py: usize, px: usize, alpha: f64, n: i32): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i << 2;
    const y = v128.load(py + at);
    const x = v128.load(px + at);
    const lo = f64x2.add(f64x2.promote_low_f32x4(y), f64x2.mul(a, f64x2.promote_low_f32x4(x)));
    const yh = v128.shuffle<i32>(y, y, 2, 3, 2, 3);
    const xh = v128.shuffle<i32>(x, x, 2, 3, 2, 3);
    const hi = f64x2.add(f64x2.promote_low_f32x4(yh), f64x2.mul(a, f64x2.promote_low_f32x4(xh)));
    v128.store(py + at, v128.shuffle<i32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
  }
  for (; i < n; i++) {
    const p = py + (<usize>i << 2);
    store<f32>(p, <f32>(<f64>load<f32>(p) + alpha * <f64>load<f32>(px + (<usize>i << 2))));
  }
}

export function axpy_f64(py: usize, px: usize, alpha: f64, n: i32): void {
  const a = f64x2.splat(alpha);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const at = <usize>i << 3;
    v128.store(py + at, f64x2.add(v128.load(py + at), f64x2.mul(a, v128.load(px + at))));
  }
  if (i < n) {
    const p = py + (<usize>i << 3);
    store<f64>(p, load<f64>(p) + alpha * load<f64>(px + (<usize>i << 3)));
  }
}

// x - x is +0 for every finite x and NaN for NaN and ±Infinity, and a sum of +0s stays +0 while NaN sticks: one
// branch-free pass, then one comparison (a lane equal to 0 compares all ones, in 32-bit halves for f64 too).
function allFinite<T>(px: usize, n: i32): i32 {
  const S = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  let acc = v128.splat<T>(0);
  let i = 0;
  for (; i + L <= n; i += L) {
    const x = v128.load(px + <usize>i * S);
    acc = v128.add<T>(acc, v128.sub<T>(x, x));
  }
  let tail: T = 0;
  for (; i < n; i++) {
    const x = load<T>(px + <usize>i * S);
    tail += x - x;
  }
  return i32(i32x4.all_true(v128.eq<T>(acc, v128.splat<T>(0))) && tail == 0);
}

export function allfinite_f32(px: usize, n: i32): i32 { return allFinite<f32>(px, n); }
export function allfinite_f64(px: usize, n: i32): i32 { return allFinite<f64>(px, n); }
