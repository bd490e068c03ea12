// Helpers shared by the reduction kernels (reduce, argreduce, softmax): op codes, the f64 combine step that the
// TypeScript reduce kernel uses, lane-wise max/min of a row, and the f64 accumulator row update.
import { toInt32 } from './strided';

export const SUM = 0, MAX = 1, MIN = 2, PROD = 3;

@inline export function initOf(op: i32): f64 {
  if (op == SUM) return 0;
  if (op == PROD) return 1;
  return op == MAX ? -Infinity : Infinity;
}

// NaN wins max/min (the last NaN seen, like the TypeScript loop); ties keep the earlier element, so -0/+0 too.
@inline export function combine(op: i32, acc: f64, v: f64): f64 {
  if (op == SUM) return acc + v;
  if (op == PROD) return acc * v;
  if (op == MAX) return v > acc || v != v ? v : acc;
  return v < acc || v != v ? v : acc;
}

@inline function vcombine(op: i32, acc: v128, v: v128): v128 {
  if (op == SUM) return f64x2.add(acc, v);
  if (op == PROD) return f64x2.mul(acc, v);
  if (op == MAX) return v128.bitselect(v, acc, v128.or(f64x2.gt(v, acc), f64x2.ne(v, v)));
  return v128.bitselect(v, acc, v128.or(f64x2.lt(v, acc), f64x2.ne(v, v)));
}

@inline export function ld<T>(p: usize): f64 {
  return <f64>load<T>(p);
}

/** An f64 result stored as T the way a typed-array store does (ToInt32 for int32, round to nearest for f32). */
@inline export function toOut<T>(v: f64): T {
  if (isInteger<T>()) return <T>toInt32(v);
  return <T>v;
}

/** Lane-wise max (MAX) or min (MIN); for floats the cheap pmax/pmin (one instruction; NaN tracked separately). */
@inline function vext<T>(op: i32, a: v128, b: v128): v128 {
  if (isFloat<T>()) return op == MAX ? v128.pmax<T>(a, b) : v128.pmin<T>(a, b);
  return op == MAX ? v128.max<T>(a, b) : v128.min<T>(a, b);
}

/**
 * max (MAX) or min (MIN) of n elements at p as f64: NaN if any is NaN, the init value when n is 0. The sign of a
 * zero result is not pinned down (lanes meet in any order): callers that care rescan.
 */
@inline export function rowExtreme<T>(op: i32, p: usize, n: i32): f64 {
  const B = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  let m = initOf(op);
  let i = 0;
  if (n >= 2 * L) {
    let v0 = v128.load(p);
    let v1 = v128.load(p + 16);
    // pmax/pmin skip NaN, so a mask of "lane saw a NaN" rides along; one NaN makes the answer NaN.
    let nan = v128.or(v128.ne<T>(v0, v0), v128.ne<T>(v1, v1));
    for (i = 2 * L; i + 2 * L <= n; i += 2 * L) {
      const q = p + <usize>i * B;
      const x0 = v128.load(q);
      const x1 = v128.load(q + 16);
      v0 = vext<T>(op, v0, x0);
      v1 = vext<T>(op, v1, x1);
      if (isFloat<T>()) nan = v128.or(nan, v128.or(v128.ne<T>(x0, x0), v128.ne<T>(x1, x1)));
    }
    if (isFloat<T>() && v128.any_true(nan)) return NaN;
    v0 = vext<T>(op, v0, v1);
    m = combine(op, m, <f64>v128.extract_lane<T>(v0, 0));
    m = combine(op, m, <f64>v128.extract_lane<T>(v0, 1));
    if (sizeof<T>() == 4) {
      m = combine(op, m, <f64>v128.extract_lane<T>(v0, 2));
      m = combine(op, m, <f64>v128.extract_lane<T>(v0, 3));
    }
  }
  for (; i < n; i++) m = combine(op, m, ld<T>(p + <usize>i * B));
  return m;
}

/** Index of the first element of n at p equal to v (NaN: the first NaN), or n. */
@inline export function firstEqual<T>(p: usize, n: i32, v: f64): i32 {
  const B = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  const nan = v != v;
  const vv = v128.splat<T>(<T>v);
  let i = 0;
  for (; i + L <= n; i += L) {
    const x = v128.load(p + <usize>i * B);
    const hit = nan ? v128.ne<T>(x, x) : v128.eq<T>(x, vv);
    if (v128.any_true(hit)) break;
  }
  for (; i < n; i++) {
    const x = ld<T>(p + <usize>i * B);
    if (nan ? x != x : x == v) return i;
  }
  return n;
}

/** acc[i] = combine(acc[i], x[row + i]) for i < inner, two f64 lanes at a time (f32 and i32 widened first). */
@inline export function accumulateRow<T>(op: i32, acc: usize, row: usize, inner: i32): void {
  const B = <usize>sizeof<T>();
  let i = 0;
  if (sizeof<T>() == 8) {
    for (; i + 2 <= inner; i += 2) {
      const a = acc + (<usize>i << 3);
      v128.store(a, vcombine(op, v128.load(a), v128.load(row + (<usize>i << 3))));
    }
  } else {
    for (; i + 4 <= inner; i += 4) {
      const a = acc + (<usize>i << 3);
      const x = v128.load(row + (<usize>i << 2));
      const hi = v128.shuffle<i32>(x, x, 2, 3, 2, 3);
      const lo64 = isFloat<T>() ? f64x2.promote_low_f32x4(x) : f64x2.convert_low_i32x4_s(x);
      const hi64 = isFloat<T>() ? f64x2.promote_low_f32x4(hi) : f64x2.convert_low_i32x4_s(hi);
      v128.store(a, vcombine(op, v128.load(a), lo64));
      v128.store(a + 16, vcombine(op, v128.load(a + 16), hi64));
    }
  }
  for (; i < inner; i++) {
    const a = acc + (<usize>i << 3);
    store<f64>(a, combine(op, load<f64>(a), ld<T>(row + <usize>i * B)));
  }
}

/** Fills n f64 slots at p with v. */
@inline export function fillF64(p: usize, n: i32, v: f64): void {
  const vv = f64x2.splat(v);
  let i = 0;
  for (; i + 2 <= n; i += 2) v128.store(p + (<usize>i << 3), vv);
  for (; i < n; i++) store<f64>(p + (<usize>i << 3), v);
}

