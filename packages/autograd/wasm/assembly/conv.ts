// im2col (unfold), col2im (fold) and the max-pooling argmax over contiguous [n, c, h, w] arrays. The window
// geometry comes as an i32 descriptor written by the TypeScript side:
//   [planes (n c), h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow]
// The walks are the TypeScript kernels' walks (src/backend/cpu/conv.ts), in the same order, so fold adds each
// image element's contributions in the same sequence and agrees with it bit for bit in every dtype.

@inline function g(desc: usize, i: i32): i32 {
  return load<i32>(desc + (<usize>i << 2));
}

/** First output column ox >= 0 whose input column x0 + ox s is >= 0. */
@inline function columnLo(x0: i32, s: i32): i32 {
  return x0 >= 0 ? 0 : (s - 1 - x0) / s;
}

/** One past the last output column (< ow) whose input column x0 + ox s is < w. */
@inline function columnHi(x0: i32, s: i32, w: i32, ow: i32): i32 {
  const span = w - 1 - x0;
  return span < 0 ? 0 : min(ow, span / s + 1);
}

/** Copies `bytes` (a multiple of the element size) with v128 moves; inline, as rows are short (ow elements). */
@inline function copyBytes<T>(dst: usize, src: usize, bytes: usize): void {
  let off: usize = 0;
  for (; off + 16 <= bytes; off += 16) v128.store(dst + off, v128.load(src + off));
  for (; off < bytes; off += sizeof<T>()) store<T>(dst + off, load<T>(src + off));
}

/** Zeroes `bytes` (a multiple of the element size); inline: memory.fill is a call, costly on a few elements. */
@inline function zeroBytes<T>(dst: usize, bytes: usize): void {
  let off: usize = 0;
  for (; off + 16 <= bytes; off += 16) v128.store(dst + off, i32x4.splat(0));
  for (; off < bytes; off += sizeof<T>()) store<T>(dst + off, <T>0);
}

/**
 * unfold: cols [planes, kh kw, oh ow] from img [planes, h, w]. Every column entry is written (taps in the
 * padding get 0: the workspace is not zeroed); unit-stride rows are v128 copies.
 */
function unfold<T>(img: usize, cols: usize, desc: usize): void {
  const S = <usize>sizeof<T>();
  const planes = g(desc, 0), h = g(desc, 1), w = g(desc, 2), kh = g(desc, 3), kw = g(desc, 4);
  const sh = g(desc, 5), sw = g(desc, 6), ph = g(desc, 7), pw = g(desc, 8), dh = g(desc, 9), dw = g(desc, 10);
  const oh = g(desc, 11), ow = g(desc, 12);
  const rowBytes = <usize>ow * S;
  let o = cols;
  for (let plane = 0; plane < planes; plane++) {
    const base = img + <usize>plane * <usize>h * <usize>w * S;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const x0 = j * dw - pw;
        const lo = min(ow, columnLo(x0, sw));
        const hi = max(lo, columnHi(x0, sw, w, ow));
        for (let oy = 0; oy < oh; oy++, o += rowBytes) {
          const iy = oy * sh - ph + i * dh;
          if (iy < 0 || iy >= h) {
            zeroBytes<T>(o, rowBytes);
            continue;
          }
          zeroBytes<T>(o, <usize>lo * S);
          const src = base + <usize>(iy * w + x0 + lo * sw) * S;
          if (sw == 1) {
            copyBytes<T>(o + <usize>lo * S, src, <usize>(hi - lo) * S);
          } else {
            const step = <usize>sw * S;
            let ox = lo, ix = src;
            if (sw == 2) {
              // Even lanes of two v128 loads (see windowLanes; the odd element past the last tap read is
              // discarded, and stays inside wasm memory: the driver allocates after the image).
              const L = 16 / sizeof<T>();
              for (; ox + L <= hi; ox += L, ix += step * L) v128.store(o + <usize>ox * S, windowLanes<T>(ix, 2));
            }
            for (; ox < hi; ox++, ix += step) store<T>(o + <usize>ox * S, load<T>(ix));
          }
          zeroBytes<T>(o + <usize>hi * S, <usize>(ow - hi) * S);
        }
      }
    }
  }
}

/**
 * img[ix] += cols[o + ox] along one output row: f32x4 / f64x2 / i32x4 lanes when the input is unit-stride, and
 * with stride 2 two image vectors at a time get [c0, 0, c1, 0, ...] added: + 0 leaves every value as it is (the
 * image starts at +0 and a sum is never -0), and only elements of this row (`room` of them from dst) are touched.
 */
@inline function addRow<T>(dst: usize, src: usize, count: i32, sw: i32, room: i32): void {
  const S = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  let ox = 0;
  if (sw == 1) {
    for (; ox + L <= count; ox += L) {
      const off = <usize>ox * S;
      v128.store(dst + off, v128.add<T>(v128.load(dst + off), v128.load(src + off)));
    }
  } else if (sw == 2) {
    const zero = i32x4.splat(0);
    for (; ox + L <= count && 2 * (ox + L) <= room; ox += L) {
      const p = dst + (<usize>(2 * ox) * S);
      const c = v128.load(src + <usize>ox * S);
      const lo = sizeof<T>() == 8 ? i64x2.shuffle(c, zero, 0, 2) : i32x4.shuffle(c, zero, 0, 4, 1, 5);
      const hi = sizeof<T>() == 8 ? i64x2.shuffle(c, zero, 1, 3) : i32x4.shuffle(c, zero, 2, 6, 3, 7);
      v128.store(p, v128.add<T>(v128.load(p), lo));
      v128.store(p, v128.add<T>(v128.load(p, 16), hi), 16);
    }
  }
  const step = <usize>sw * S;
  for (let ix = dst + <usize>(ox * sw) * S; ox < count; ox++, ix += step) {
    store<T>(ix, load<T>(ix) + load<T>(src + <usize>ox * S));
  }
}

/**
 * fold: img [planes, h, w] = sum of cols [planes, kh kw, oh ow] back at the positions unfold read them from,
 * visiting (tap i, tap j, oy, ox) in the TypeScript kernel's order. Int32 adds wrap as Int32Array stores do.
 */
function fold<T>(cols: usize, img: usize, desc: usize): void {
  const S = <usize>sizeof<T>();
  const planes = g(desc, 0), h = g(desc, 1), w = g(desc, 2), kh = g(desc, 3), kw = g(desc, 4);
  const sh = g(desc, 5), sw = g(desc, 6), ph = g(desc, 7), pw = g(desc, 8), dh = g(desc, 9), dw = g(desc, 10);
  const oh = g(desc, 11), ow = g(desc, 12);
  const rowBytes = <usize>ow * S;
  memory.fill(img, 0, <usize>planes * <usize>h * <usize>w * S);
  let o = cols;
  for (let plane = 0; plane < planes; plane++) {
    const base = img + <usize>plane * <usize>h * <usize>w * S;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const x0 = j * dw - pw;
        const lo = min(ow, columnLo(x0, sw));
        const hi = max(lo, columnHi(x0, sw, w, ow));
        for (let oy = 0; oy < oh; oy++, o += rowBytes) {
          const iy = oy * sh - ph + i * dh;
          if (iy < 0 || iy >= h) continue;
          addRow<T>(base + <usize>(iy * w + x0 + lo * sw) * S, o + <usize>lo * S, hi - lo, sw, w - (x0 + lo * sw));
        }
      }
    }
  }
}

export function unfold_f32(img: usize, cols: usize, desc: usize): void { unfold<f32>(img, cols, desc); }
export function unfold_f64(img: usize, cols: usize, desc: usize): void { unfold<f64>(img, cols, desc); }
export function unfold_i32(img: usize, cols: usize, desc: usize): void { unfold<i32>(img, cols, desc); }
export function fold_f32(cols: usize, img: usize, desc: usize): void { fold<f32>(cols, img, desc); }
export function fold_f64(cols: usize, img: usize, desc: usize): void { fold<f64>(cols, img, desc); }
export function fold_i32(cols: usize, img: usize, desc: usize): void { fold<i32>(cols, img, desc); }

/** Index of the first max (a NaN wins at once) of the window at (oy, ox): the TypeScript kernel's scan. */
@inline function windowMax<T>(base: usize, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, oy: i32, ox: i32): i32 {
  const S = <usize>sizeof<T>();
  let best = oy * sh * w + ox * sw;
  let m = load<T>(base + <usize>best * S);
  for (let i = 0; i < kh && m == m; i++) {
    let k = (oy * sh + i * dh) * w + ox * sw;
    for (let j = 0; j < kw; j++, k += dw) {
      const v = load<T>(base + <usize>k * S);
      if (v > m || v != v) {
        m = v;
        best = k;
        if (v != v) break;
      }
    }
  }
  return best;
}

/** The window values of L neighbouring windows (input stride sw = 1 or 2) at element offset p, one per lane. */
@inline function windowLanes<T>(p: usize, sw: i32): v128 {
  if (sw == 1) return v128.load(p);
  const lo = v128.load(p);
  const hi = v128.load(p, 16);
  if (sizeof<T>() == 8) return i64x2.shuffle(lo, hi, 0, 2);
  return i32x4.shuffle(lo, hi, 0, 2, 4, 6);
}

/**
 * L windows side by side (f32x4 / i32x4 / f64x2 lanes), scanning taps in the same row-major order: a lane
 * takes a tap when it is greater than its max so far, or a NaN while the max is not NaN yet. That is the
 * scalar rule (first max wins ties; the first NaN wins and nothing replaces it).
 */
@inline function windowMaxLanes<T>(base: usize, w: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32, oy: i32, ox: i32, out: usize): void {
  const S = <usize>sizeof<T>();
  const wide = sizeof<T>() == 8;
  const laneStep = wide ? i64x2(0, <i64>sw) : i32x4(0, sw, 2 * sw, 3 * sw);
  let k0 = oy * sh * w + ox * sw;
  let m = windowLanes<T>(base + <usize>k0 * S, sw);
  let best = wide ? i64x2.add(i64x2.splat(<i64>k0), laneStep) : i32x4.add(i32x4.splat(k0), laneStep);
  for (let i = 0; i < kh; i++) {
    let k = (oy * sh + i * dh) * w + ox * sw;
    for (let j = 0; j < kw; j++, k += dw) {
      const v = windowLanes<T>(base + <usize>k * S, sw);
      let take = v128.gt<T>(v, m);
      if (isFloat<T>()) take = v128.or(take, v128.and(v128.ne<T>(v, v), v128.eq<T>(m, m)));
      m = v128.bitselect(v, m, take);
      const idx = wide ? i64x2.add(i64x2.splat(<i64>k), laneStep) : i32x4.add(i32x4.splat(k), laneStep);
      best = v128.bitselect(idx, best, take);
    }
  }
  if (wide) {
    store<i32>(out, <i32>i64x2.extract_lane(best, 0));
    store<i32>(out, <i32>i64x2.extract_lane(best, 1), 4);
  } else {
    v128.store(out, best);
  }
}

/**
 * For each pooling window (no padding) the flat in-plane index of its first max in row-major window order; a
 * NaN wins at once (PyTorch's max_pool2d). Input strides 1 and 2 run L windows per step (see windowMaxLanes);
 * others, and each row's tail, the scalar scan.
 */
function maxPoolIndex<T>(x: usize, out: usize, desc: usize): void {
  const S = <usize>sizeof<T>();
  const L = 16 / sizeof<T>();
  const planes = g(desc, 0), h = g(desc, 1), w = g(desc, 2), kh = g(desc, 3), kw = g(desc, 4);
  const sh = g(desc, 5), sw = g(desc, 6), dh = g(desc, 9), dw = g(desc, 10);
  const oh = g(desc, 11), ow = g(desc, 12);
  // With sw = 2 a lane load also reads the element after a window's last tap (its lane is discarded); past the
  // input's end that is the output the driver allocates after it, still inside wasm memory.
  const lanes = sw == 1 || sw == 2;
  for (let plane = 0; plane < planes; plane++) {
    const base = x + <usize>plane * <usize>h * <usize>w * S;
    for (let oy = 0; oy < oh; oy++) {
      let ox = 0;
      if (lanes) {
        for (; ox + L <= ow; ox += L, out += <usize>L << 2) windowMaxLanes<T>(base, w, kh, kw, sh, sw, dh, dw, oy, ox, out);
      }
      for (; ox < ow; ox++, out += 4) store<i32>(out, windowMax<T>(base, w, kh, kw, sh, sw, dh, dw, oy, ox));
    }
  }
}

export function maxPoolIndex_f32(x: usize, out: usize, desc: usize): void { maxPoolIndex<f32>(x, out, desc); }
export function maxPoolIndex_f64(x: usize, out: usize, desc: usize): void { maxPoolIndex<f64>(x, out, desc); }
export function maxPoolIndex_i32(x: usize, out: usize, desc: usize): void { maxPoolIndex<i32>(x, out, desc); }
