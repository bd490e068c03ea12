// Stable LSD radix argsort along one axis of a contiguous [outer, n, inner] array, the same algorithm as the
// TypeScript kernel (src/backend/cpu/radix.ts): each line's values become unsigned keys ordered like the values
// (IEEE bits with the sign folded, -0 as +0, NaN above +Inf, all bits flipped for descending order), then one
// counting pass per key byte, skipping bytes every key shares. Stable, so equal keys keep their input order.

/** The order-preserving unsigned key of v (in the low 32 bits for 4-byte types). */
@inline function keyOf<T>(v: T, flip: u64): u64 {
  if (isInteger<T>()) return (<u64>(<u32>(<i32>v ^ 0x80000000))) ^ flip;
  if (v != v) return ~flip & (sizeof<T>() == 8 ? <u64>-1 : <u64>0xffffffff);
  if (sizeof<T>() == 8) {
    const b = reinterpret<u64>(<f64>(v == 0 ? 0 : v));
    return ((b >> 63) != 0 ? ~b : b | 0x8000000000000000) ^ flip;
  }
  const b = reinterpret<u32>(<f32>(v == 0 ? 0 : v));
  return (<u64>((b >> 31) != 0 ? ~b : b | 0x80000000)) ^ flip;
}

/**
 * Sorts each line; `scratch` holds 24 n + 1024 bytes: two u64 key arrays, two i32 index arrays and 256 u32
 * bucket counts. Writes the line's sorted positions (int32) into the same places of `po`.
 */
@inline function argsortLines<T>(px: usize, outer: i32, n: i32, inner: i32, desc: i32, po: usize, scratch: usize): void {
  const bytes = sizeof<T>() == 8 ? 8 : 4;
  const flip: u64 = desc != 0 ? (bytes == 8 ? <u64>-1 : <u64>0xffffffff) : 0;
  const N = <usize>n;
  const count = scratch + 24 * N;
  const step = <usize>inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = <usize>o * N * step + <usize>i;
      let k = scratch, k2 = scratch + 8 * N, ix = scratch + 16 * N, ix2 = scratch + 20 * N;
      for (let j: usize = 0; j < N; j++) {
        store<u64>(k + (j << 3), keyOf<T>(load<T>(px + (base + j * step) * sizeof<T>()), flip));
        store<i32>(ix + (j << 2), <i32>j);
      }
      for (let pass = 0; pass < bytes; pass++) {
        const shift = <u64>(pass * 8);
        memory.fill(count, 0, 1024);
        for (let j: usize = 0; j < N; j++) {
          const c = count + (<usize>((load<u64>(k + (j << 3)) >> shift) & 255) << 2);
          store<u32>(c, load<u32>(c) + 1);
        }
        // Every key has this byte: the pass would move nothing.
        if (load<u32>(count + (<usize>((load<u64>(k) >> shift) & 255) << 2)) == <u32>n) continue;
        let sum: u32 = 0;
        for (let b: usize = 0; b < 256; b++) {
          const c = load<u32>(count + (b << 2));
          store<u32>(count + (b << 2), sum);
          sum += c;
        }
        for (let j: usize = 0; j < N; j++) {
          const key = load<u64>(k + (j << 3));
          const c = count + (<usize>((key >> shift) & 255) << 2);
          const p = <usize>load<u32>(c);
          store<u32>(c, <u32>p + 1);
          store<u64>(k2 + (p << 3), key);
          store<i32>(ix2 + (p << 2), load<i32>(ix + (j << 2)));
        }
        let t = k; k = k2; k2 = t;
        t = ix; ix = ix2; ix2 = t;
      }
      for (let j: usize = 0; j < N; j++) store<i32>(po + ((base + j * step) << 2), load<i32>(ix + (j << 2)));
    }
  }
}

export function argsort_f32(px: usize, outer: i32, n: i32, inner: i32, desc: i32, po: usize, scratch: usize): void {
  argsortLines<f32>(px, outer, n, inner, desc, po, scratch);
}
export function argsort_f64(px: usize, outer: i32, n: i32, inner: i32, desc: i32, po: usize, scratch: usize): void {
  argsortLines<f64>(px, outer, n, inner, desc, po, scratch);
}
export function argsort_i32(px: usize, outer: i32, n: i32, inner: i32, desc: i32, po: usize, scratch: usize): void {
  argsortLines<i32>(px, outer, n, inner, desc, po, scratch);
}

/**
 * searchsorted: for each of `rows` x `m` values, the count of entries of its row of `seq` (n long; one shared
 * row when `shared`) that go before it: q < v, or q <= v with `right`; NaN sorts above every number. A
 * branchless lower bound (select instead of a branch), since random values make the branch unpredictable.
 */
@inline function searchRows<T>(ps: usize, n: i32, shared: i32, pv: usize, rows: i32, m: i32, right: i32, po: usize): void {
  const B = <usize>sizeof<T>();
  for (let r = 0; r < rows; r++) {
    const base = shared != 0 ? ps : ps + <usize>r * <usize>n * B;
    for (let j = 0; j < m; j++) {
      const at = <usize>r * <usize>m + <usize>j;
      const v = load<T>(pv + at * B);
      let lo = 0;
      let len = n;
      if (isFloat<T>() && v != v) {
        while (len > 0) {
          const half = len >> 1;
          const q = load<T>(base + <usize>(lo + half) * B);
          const c = q == q || right != 0;
          lo = select<i32>(lo + half + 1, lo, c);
          len = select<i32>(len - half - 1, half, c);
        }
      } else if (right != 0) {
        while (len > 0) {
          const half = len >> 1;
          const c = load<T>(base + <usize>(lo + half) * B) <= v;
          lo = select<i32>(lo + half + 1, lo, c);
          len = select<i32>(len - half - 1, half, c);
        }
      } else {
        while (len > 0) {
          const half = len >> 1;
          const c = load<T>(base + <usize>(lo + half) * B) < v;
          lo = select<i32>(lo + half + 1, lo, c);
          len = select<i32>(len - half - 1, half, c);
        }
      }
      store<i32>(po + (at << 2), lo);
    }
  }
}

export function searchsorted_f32(ps: usize, n: i32, shared: i32, pv: usize, rows: i32, m: i32, right: i32, po: usize): void {
  searchRows<f32>(ps, n, shared, pv, rows, m, right, po);
}
export function searchsorted_f64(ps: usize, n: i32, shared: i32, pv: usize, rows: i32, m: i32, right: i32, po: usize): void {
  searchRows<f64>(ps, n, shared, pv, rows, m, right, po);
}
export function searchsorted_i32(ps: usize, n: i32, shared: i32, pv: usize, rows: i32, m: i32, right: i32, po: usize): void {
  searchRows<i32>(ps, n, shared, pv, rows, m, right, po);
}
