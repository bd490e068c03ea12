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

/**
 * unfold: cols [planes, kh kw, oh ow] from img [planes, h, w]. Every column entry is written (taps in the
 * padding get 0: the workspace is not zeroed), and unit-stride rows are one memory.copy.
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
            memory.fill(o, 0, rowBytes);
            continue;
          }
          memory.fill(o, 0, <usize>lo * S);
          const src = base + <usize>(iy * w + x0 + lo * sw) * S;
          if (sw == 1) {
            memory.copy(o + <usize>lo * S, src, <usize>(hi - lo) * S);
          } else {
            const step = <usize>sw * S;
            for (let ox = lo, ix = src; ox < hi; ox++, ix += step) store<T>(o + <usize>ox * S, load<T>(ix));
          }
          memory.fill(o + <usize>hi * S, 0, <usize>(ow - hi) * S);
        }
      }
    }
  }
}

/** img[ix] += cols[o + ox] along one output row: f32x4 / f64x2 / i32x4 lanes when the input is unit-stride. */
@inline function addRow<T>(dst: usize, src: usize, count: i32, sw: i32): void {
  const S = <usize>sizeof<T>();
  let ox = 0;
  if (sw == 1) {
    const L = 16 / sizeof<T>();
    for (; ox + L <= count; ox += L) {
      const off = <usize>ox * S;
      v128.store(dst + off, v128.add<T>(v128.load(dst + off), v128.load(src + off)));
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
          addRow<T>(base + <usize>(iy * w + x0 + lo * sw) * S, o + <usize>lo * S, hi - lo, sw);
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

/**
 * For each pooling window (no padding) the flat in-plane index of its first max in row-major window order; a
 * NaN wins at once (PyTorch's max_pool2d). Same scan as the TypeScript kernel, so ties resolve identically.
 */
function maxPoolIndex<T>(x: usize, out: usize, desc: usize): void {
  const S = <usize>sizeof<T>();
  const planes = g(desc, 0), h = g(desc, 1), w = g(desc, 2), kh = g(desc, 3), kw = g(desc, 4);
  const sh = g(desc, 5), sw = g(desc, 6), dh = g(desc, 9), dw = g(desc, 10);
  const oh = g(desc, 11), ow = g(desc, 12);
  for (let plane = 0; plane < planes; plane++) {
    const base = x + <usize>plane * <usize>h * <usize>w * S;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++) {
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
        store<i32>(out, best);
        out += 4;
      }
    }
  }
}

export function maxPoolIndex_f32(x: usize, out: usize, desc: usize): void { maxPoolIndex<f32>(x, out, desc); }
export function maxPoolIndex_f64(x: usize, out: usize, desc: usize): void { maxPoolIndex<f64>(x, out, desc); }
export function maxPoolIndex_i32(x: usize, out: usize, desc: usize): void { maxPoolIndex<i32>(x, out, desc); }
