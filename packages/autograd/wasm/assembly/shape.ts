// Data-movement kernels over strided descriptors (strided.ts): a strided-to-strided copy (embed and concat write
// a view into a slice of a fresh array), gather, and scatterAdd. Operands are already staged as T.
import { descNd, descRows, descShape, descStride, delta, odometerReset, odometerStep } from './strided';

/** Copies operand 0 (src, at px) into operand 1 (dst, at po), both walked by the descriptor's strides. */
function place<T>(px: usize, po: usize, desc: usize): void {
  const B = <usize>sizeof<T>();
  const nd = descNd(desc);
  const n = descShape(desc, nd - 1);
  const sx = descStride(desc, 0, nd - 1);
  const so = descStride(desc, 1, nd - 1);
  const rows = descRows(desc);
  odometerReset(nd);
  for (let r = 0; r < rows; r++) {
    if (sx == 1 && so == 1) memory.copy(po, px, <usize>n * B);
    else for (let i = 0; i < n; i++) store<T>(po + <usize>(i * so) * B, load<T>(px + <usize>(i * sx) * B));
    if (r + 1 < rows) {
      odometerStep(desc, 2);
      px += <usize>delta(0) * B;
      po += <usize>delta(1) * B;
    }
  }
}

export function place_f32(px: usize, po: usize, desc: usize): void { place<f32>(px, po, desc); }
export function place_f64(px: usize, po: usize, desc: usize): void { place<f64>(px, po, desc); }
export function place_i32(px: usize, po: usize, desc: usize): void { place<i32>(px, po, desc); }

/**
 * out[p] = x[line(p) + index[p] * sa] for p over the descriptor's shape, out contiguous. Operand 0 walks the start
 * of x's line along the gather axis (stride 0 there), operand 1 the int32 index. The leading `sa` (x's stride along
 * the axis) lets the thread pool's row split pass it through untouched.
 */
function gather<T>(sa: i32, px: usize, pi: usize, po: usize, desc: usize): void {
  const B = <usize>sizeof<T>();
  const nd = descNd(desc);
  const n = descShape(desc, nd - 1);
  const sx = descStride(desc, 0, nd - 1);
  const si = descStride(desc, 1, nd - 1);
  const rows = descRows(desc);
  odometerReset(nd);
  for (let r = 0; r < rows; r++) {
    if (si == 0 && sx == 1) {
      // One index for the whole row (an index-select or embedding lookup): the row is a block copy.
      memory.copy(po, px + <usize>(load<i32>(pi) * sa) * B, <usize>n * B);
    } else {
      for (let i = 0; i < n; i++) {
        const j = load<i32>(pi + (<usize>(i * si) << 2));
        store<T>(po + <usize>i * B, load<T>(px + <usize>(i * sx + j * sa) * B));
      }
    }
    po += <usize>n * B;
    if (r + 1 < rows) {
      odometerStep(desc, 2);
      px += <usize>delta(0) * B;
      pi += <usize>delta(1) << 2;
    }
  }
}

export function gather_f32(sa: i32, px: usize, pi: usize, po: usize, desc: usize): void { gather<f32>(sa, px, pi, po, desc); }
export function gather_f64(sa: i32, px: usize, pi: usize, po: usize, desc: usize): void { gather<f64>(sa, px, pi, po, desc); }
export function gather_i32(sa: i32, px: usize, pi: usize, po: usize, desc: usize): void { gather<i32>(sa, px, pi, po, desc); }

/** The largest value of an int32 view (the descriptor's operand 0), or -1 when it is empty: how far gather reads. */
export function indexmax_i32(pi: usize, desc: usize): i32 {
  const nd = descNd(desc);
  const n = descShape(desc, nd - 1);
  const si = descStride(desc, 0, nd - 1);
  const rows = descRows(desc);
  let m = -1;
  if (n == 0) return m;
  odometerReset(nd);
  for (let r = 0; r < rows; r++) {
    let i = 0;
    if (si == 1) {
      let v = i32x4.splat(-1);
      for (; i + 4 <= n; i += 4) v = i32x4.max_s(v, v128.load(pi + (<usize>i << 2)));
      m = max(m, max(max(i32x4.extract_lane(v, 0), i32x4.extract_lane(v, 1)), max(i32x4.extract_lane(v, 2), i32x4.extract_lane(v, 3))));
    } else if (si == 0) {
      i = n;
      m = max(m, load<i32>(pi));
    }
    for (; i < n; i++) m = max(m, load<i32>(pi + (<usize>(i * si) << 2)));
    if (r + 1 < rows) {
      odometerStep(desc, 1);
      pi += <usize>delta(0) << 2;
    }
  }
  return m;
}

/**
 * acc[line(p) + index[p] * sa] += src[p] for p over the descriptor's shape in row-major order (the TypeScript
 * kernel's order, so repeated indices sum identically). Operands: 0 src, 1 index, 2 the accumulator's line start.
 * A is the accumulator type: f64 for float32 sources, T otherwise (int32 wraps, as an Int32Array store does).
 */
function scatterAdd<T, A>(ps: usize, pi: usize, pa: usize, sa: i32, desc: usize): void {
  const B = <usize>sizeof<T>();
  const BA = <usize>sizeof<A>();
  const nd = descNd(desc);
  const n = descShape(desc, nd - 1);
  const ss = descStride(desc, 0, nd - 1);
  const si = descStride(desc, 1, nd - 1);
  const sd = descStride(desc, 2, nd - 1);
  const rows = descRows(desc);
  odometerReset(nd);
  for (let r = 0; r < rows; r++) {
    let i = 0;
    if (si == 0 && ss == 1 && sd == 1) {
      // One index for the row (an index-add, an embedding's gradient): the row adds into distinct slots, so
      // lanes keep every slot's order of terms.
      const row = pa + <usize>(load<i32>(pi) * sa) * BA;
      if (isFloat<T>() && sizeof<T>() == 4) {
        for (; i + 4 <= n; i += 4) {
          const x = v128.load(ps + (<usize>i << 2));
          const a = row + (<usize>i << 3);
          v128.store(a, f64x2.add(v128.load(a), f64x2.promote_low_f32x4(x)));
          v128.store(a + 16, f64x2.add(v128.load(a + 16), f64x2.promote_low_f32x4(v128.shuffle<i32>(x, x, 2, 3, 2, 3))));
        }
      } else {
        const L = 16 / sizeof<T>();
        for (; i + L <= n; i += L) {
          const a = row + <usize>i * BA;
          v128.store(a, v128.add<T>(v128.load(a), v128.load(ps + <usize>i * B)));
        }
      }
    }
    for (; i < n; i++) {
      const j = load<i32>(pi + (<usize>(i * si) << 2));
      const a = pa + <usize>(i * sd + j * sa) * BA;
      store<A>(a, load<A>(a) + <A>load<T>(ps + <usize>(i * ss) * B));
    }
    if (r + 1 < rows) {
      odometerStep(desc, 3);
      ps += <usize>delta(0) * B;
      pi += <usize>delta(1) << 2;
      pa += <usize>delta(2) * BA;
    }
  }
}

/**
 * One task of scatterAdd: zeroes its own block of the accumulator (`count` elements at `block`: no other task
 * adds into it), adds its terms, and for float32 rounds the block's float64 sums once into float32 at `po`
 * (f32x4.demote rounds to nearest even, as a Float32Array store does).
 */
function scatterAddBlock<T, A>(ps: usize, pi: usize, pa: usize, sa: i32, desc: usize, block: usize, count: i32, po: usize): void {
  memory.fill(block, 0, <usize>count * sizeof<A>());
  scatterAdd<T, A>(ps, pi, pa, sa, desc);
  if (sizeof<T>() == sizeof<A>()) return;
  let i = 0;
  for (; i + 4 <= count; i += 4) {
    const lo = f32x4.demote_f64x2_zero(v128.load(block + (<usize>i << 3)));
    const hi = f32x4.demote_f64x2_zero(v128.load(block + (<usize>i << 3) + 16));
    v128.store(po + (<usize>i << 2), v128.shuffle<i32>(lo, hi, 0, 1, 4, 5));
  }
  for (; i < count; i++) store<f32>(po + (<usize>i << 2), <f32>load<f64>(block + (<usize>i << 3)));
}

export function scatteradd_f32(ps: usize, pi: usize, pa: usize, sa: i32, desc: usize, block: usize, count: i32, po: usize): void { scatterAddBlock<f32, f64>(ps, pi, pa, sa, desc, block, count, po); }
export function scatteradd_f64(ps: usize, pi: usize, pa: usize, sa: i32, desc: usize, block: usize, count: i32, po: usize): void { scatterAddBlock<f64, f64>(ps, pi, pa, sa, desc, block, count, po); }
export function scatteradd_i32(ps: usize, pi: usize, pa: usize, sa: i32, desc: usize, block: usize, count: i32, po: usize): void { scatterAddBlock<i32, i32>(ps, pi, pa, sa, desc, block, count, po); }
