import type { DType, TypedArray } from '../../tensor/dtype.js';
import { allocate } from '../../tensor/dtype.js';
import type { Window2d } from '../backend.js';

/** Output length of a sliding window along one axis: floor((n + 2p - d(k - 1) - 1) / s) + 1. */
export const windowCount = (n: number, k: number, s: number, p: number, d: number): number =>
  Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

/**
 * The range [lo, hi) of output columns ox whose input column x0 + ox * s lies in [0, w): hoisting the
 * bounds test out of the inner loop leaves a plain strided copy.
 */
function columnRange(x0: number, s: number, w: number, ow: number): [number, number] {
  const lo = x0 >= 0 ? 0 : Math.ceil(-x0 / s);
  const hi = Math.min(ow, Math.floor((w - 1 - x0) / s) + 1);
  return [lo, Math.max(lo, hi)];
}

/**
 * im2col: x is a contiguous [n, c, h, w] array; the result is [n, c * kh * kw, oh * ow] where row
 * (ch * kh + i) * kw + j holds input channel ch seen through kernel tap (i, j) at every window position.
 * Taps that fall in the padding stay 0 (the array starts zero-filled).
 */
export function unfold(x: TypedArray, shape: readonly number[], win: Window2d, dtype: DType): TypedArray {
  const [n, c, h, w] = shape as [number, number, number, number];
  const [oh, ow] = outputSize(h, w, win);
  const cols = allocate(dtype, n * c * win.kernel[0] * win.kernel[1] * oh * ow);
  walkWindows(x, cols, shape, win, true);
  return cols;
}

/**
 * col2im, the adjoint of unfold: cols is a contiguous [n, c * kh * kw, oh * ow] array and the result is
 * [n, c, h, w] (`shape`) where each input position sums every column entry that unfold copied from it.
 */
export function fold(cols: TypedArray, shape: readonly number[], win: Window2d, dtype: DType): TypedArray {
  const [n, c, h, w] = shape as [number, number, number, number];
  const img = allocate(dtype, n * c * h * w);
  walkWindows(img, cols, shape, win, false);
  return img;
}

function outputSize(h: number, w: number, win: Window2d): [number, number] {
  const [kh, kw] = win.kernel;
  return [windowCount(h, kh, win.stride[0], win.padding[0], win.dilation[0]), windowCount(w, kw, win.stride[1], win.padding[1], win.dilation[1])];
}

/**
 * The one window walk behind unfold and fold (they are adjoint, so they visit the same image/column pairs):
 * `toCols` copies img into cols, otherwise cols are added back into img. The direction is chosen outside the
 * inner loop, so each inner loop stays a plain strided copy or add.
 */
function walkWindows(img: TypedArray, cols: TypedArray, shape: readonly number[], win: Window2d, toCols: boolean): void {
  const [n, c, h, w] = shape as [number, number, number, number];
  const [kh, kw] = win.kernel;
  const [sh, sw] = win.stride;
  const [ph, pw] = win.padding;
  const [dh, dw] = win.dilation;
  const [oh, ow] = outputSize(h, w, win);
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let i = 0; i < kh; i++) {
      for (let j = 0; j < kw; j++) {
        const x0 = j * dw - pw;
        const [lo, hi] = columnRange(x0, sw, w, ow);
        for (let oy = 0; oy < oh; oy++, o += ow) {
          const iy = oy * sh - ph + i * dh;
          if (iy < 0 || iy >= h) continue;
          const start = base + iy * w + x0 + lo * sw;
          if (toCols) for (let ox = lo, ix = start; ox < hi; ox++, ix += sw) cols[o + ox] = img[ix]!;
          else for (let ox = lo, ix = start; ox < hi; ox++, ix += sw) img[ix]! += cols[o + ox]!;
        }
      }
    }
  }
}

/**
 * For a contiguous [n, c, h, w] array, the flat index (iy * w + ix within its plane) of the max of every
 * pooling window, as an [n, c, oh * ow] int32 array. Ties keep the first max in row-major window order and
 * a NaN wins (as PyTorch's max_pool2d). Windows must lie inside the input (pad with -inf beforehand).
 */
export function maxPoolIndex(x: TypedArray, shape: readonly number[], win: Window2d): Int32Array {
  const [n, c, h, w] = shape as [number, number, number, number];
  const [kh, kw] = win.kernel;
  const [sh, sw] = win.stride;
  const [dh, dw] = win.dilation;
  const oh = windowCount(h, kh, sh, 0, dh);
  const ow = windowCount(w, kw, sw, 0, dw);
  const out = new Int32Array(n * c * oh * ow);
  let o = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      for (let ox = 0; ox < ow; ox++, o++) {
        let best = oy * sh * w + ox * sw;
        let max = x[base + best]!;
        for (let i = 0; i < kh && max === max; i++) {
          for (let k = (oy * sh + i * dh) * w + ox * sw, j = 0; j < kw; j++, k += dw) {
            const v = x[base + k]!;
            if (v > max || v !== v) {
              max = v;
              best = k;
              if (v !== v) break;
            }
          }
        }
        out[o] = best;
      }
    }
  }
  return out;
}
