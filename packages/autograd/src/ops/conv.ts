import type { Window2d } from '../backend/backend.js';
import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { windowCount } from '../primitives/conv.js';
import type { Tensor } from '../tensor/tensor.js';
import { promoteTypes } from '../tensor/dtype.js';
import { checkTensor, toDType } from './operand.js';

/** A size given once for both spatial axes or as `[along h, along w]`. */
export type Size2d = number | readonly [number, number];

/** Sliding-window geometry shared by unfold, fold and pooling indices (PyTorch's F.unfold arguments). */
export interface WindowOptions {
  /** Step between windows (default 1). */
  stride?: Size2d;
  /** Zeros added on both sides of each spatial axis (default 0). */
  padding?: Size2d;
  /** Spacing between kernel taps (default 1). */
  dilation?: Size2d;
}

/** Reads a `Size2d` option as two integers >= `min`, naming the op and option when it is not. */
function toPair(op: string, name: string, v: unknown, min: number): [number, number] {
  const p = typeof v === 'number' ? [v, v] : v;
  if (!Array.isArray(p) || p.length !== 2 || !p.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= min)) {
    throw new ValueError(`${op}: ${name} must be an integer >= ${min} or a pair of them, got ${describe(v)}`);
  }
  return [p[0] as number, p[1] as number];
}

function windowOf(op: string, kernelSize: Size2d, opts: WindowOptions, defaultStride: Size2d = 1): Window2d {
  return {
    kernel: toPair(op, 'kernelSize', kernelSize, 1),
    stride: toPair(op, 'stride', opts.stride ?? defaultStride, 1),
    padding: toPair(op, 'padding', opts.padding ?? 0, 0),
    dilation: toPair(op, 'dilation', opts.dilation ?? 1, 1),
  };
}

/** The [oh, ow] window grid of `win` over an h x w input, or a ShapeError when the kernel does not fit. */
function grid(op: string, x: Tensor, h: number, w: number, win: Window2d): [number, number] {
  const oh = windowCount(h, win.kernel[0], win.stride[0], win.padding[0], win.dilation[0]);
  const ow = windowCount(w, win.kernel[1], win.stride[1], win.padding[1], win.dilation[1]);
  if (oh < 1 || ow < 1) {
    const span = win.kernel.map((k, i) => win.dilation[i]! * (k - 1) + 1);
    throw new ShapeError(
      `${op}: kernel ${fmtShape(win.kernel)} (dilation ${fmtShape(win.dilation)}, spanning ${fmtShape(span)}) is larger than ` +
        `the padded input ${fmtShape([h + 2 * win.padding[0], w + 2 * win.padding[1]])} of x ${fmtShape(x._shape)}`,
    );
  }
  return [oh, ow];
}

function check4d(op: string, x: unknown, name = 'x'): Tensor {
  const t = checkTensor(op, x, name);
  if (t.ndim !== 4) throw new ShapeError(`${op}: ${name} must be 4-D [N, C, H, W], got shape ${fmtShape(t._shape)}`);
  return t;
}

/**
 * Extracts sliding local blocks (im2col, PyTorch's F.unfold): x [N, C, H, W] becomes
 * [N, C * kh * kw, L] where column l holds window l flattened in (channel, tap row, tap column) order and
 * L = oh * ow windows in row-major order. A convolution is then one matmul: weight [O, C * kh * kw] @ cols.
 * @example unfold(x, 3, { padding: 1 }) // [1, 2, 4, 4] -> [1, 18, 16]
 */
export function unfold(x: Tensor, kernelSize: Size2d, opts: WindowOptions = {}): Tensor {
  const t = check4d('unfold', x);
  const win = windowOf('unfold', kernelSize, opts);
  grid('unfold', t, t._shape[2]!, t._shape[3]!, win);
  return apply('unfold', [t], win);
}

/**
 * Sums sliding local blocks back into an image (col2im, PyTorch's F.fold), the adjoint of `unfold`:
 * cols [N, C * kh * kw, L] becomes [N, C, ...outputSize], overlapping entries added.
 * @example fold(unfold(x, 2), [4, 4], 2) // x itself when the 2 x 2 windows do not overlap
 */
export function fold(cols: Tensor, outputSize: Size2d, kernelSize: Size2d, opts: WindowOptions = {}): Tensor {
  const t = checkTensor('fold', cols, 'cols');
  const win = windowOf('fold', kernelSize, opts);
  const [h, w] = toPair('fold', 'outputSize', outputSize, 1);
  const taps = win.kernel[0] * win.kernel[1];
  if (t.ndim !== 3 || t._shape[1]! % taps !== 0) {
    throw new ShapeError(`fold: cols must be 3-D [N, C * ${taps}, L] for kernel ${fmtShape(win.kernel)}, got shape ${fmtShape(t._shape)}`);
  }
  const [oh, ow] = grid('fold', t, h, w, win);
  if (t._shape[2] !== oh * ow) {
    throw new ShapeError(`fold: cols ${fmtShape(t._shape)} has ${t._shape[2]} blocks but output size ${fmtShape([h, w])} gives ${oh * ow} (${oh} x ${ow})`);
  }
  return apply('fold', [t], { ...win, size: [h, w] });
}

/**
 * Where each max-pooling window of x [N, C, H, W] takes its max: an int32 [N, C, oh, ow] of flat indices
 * iy * W + ix into each plane (first max on ties, NaN wins, as PyTorch's return_indices). No padding: pad
 * with -Infinity first. Gathering x.reshape([N, C, H * W]) at these indices gives the pooled values.
 * @example maxPool2dIndices(x, 2) // 2 x 2 windows, stride 2
 */
export function maxPool2dIndices(x: Tensor, kernelSize: Size2d, opts: Omit<WindowOptions, 'padding'> = {}): Tensor {
  const t = check4d('maxPool2dIndices', x);
  const win = windowOf('maxPool2dIndices', kernelSize, { stride: opts.stride, dilation: opts.dilation }, kernelSize);
  const [oh, ow] = grid('maxPool2dIndices', t, t._shape[2]!, t._shape[3]!, win);
  return apply('maxPoolIndex', [t], win).reshape([t._shape[0]!, t._shape[1]!, oh, ow]);
}

/**
 * weight @ unfold(x) as one fused op, the convolution inside nn's conv1d/conv2d: x [N, C, H, W] and weight
 * [O, C * kh * kw] give [N, O, L], L = oh * ow windows. Equal bit for bit to
 * `weight.matmul(unfold(x, kernelSize, opts))`, and its gradients to that product's, but the columns (kh * kw
 * times the size of x for stride 1) never become a tensor: the backend unfolds and multiplies in one call, and
 * folds the columns' gradient back the same way.
 * @example unfoldMatmul(x, w, 3, { padding: 1 }) // x [1, 2, 4, 4], w [5, 18] -> [1, 5, 16]
 */
export function unfoldMatmul(x: Tensor, weight: Tensor, kernelSize: Size2d, opts: WindowOptions = {}): Tensor {
  const t = check4d('unfoldMatmul', x);
  const w = checkTensor('unfoldMatmul', weight, 'weight');
  const win = windowOf('unfoldMatmul', kernelSize, opts);
  grid('unfoldMatmul', t, t._shape[2]!, t._shape[3]!, win);
  const rows = t._shape[1]! * win.kernel[0] * win.kernel[1];
  if (w.ndim !== 2 || w._shape[1] !== rows) {
    throw new ShapeError(
      `unfoldMatmul: weight must be 2-D [O, C * kh * kw] = [O, ${rows}] for x ${fmtShape(t._shape)} and kernel ${fmtShape(win.kernel)}, got shape ${fmtShape(w._shape)}`,
    );
  }
  const dtype = promoteTypes(t.dtype, w.dtype);
  return apply('conv2d', [toDType(t, dtype), toDType(w, dtype)], win);
}
