import { ShapeError, ValueError, fmtShape, tensor, type Tensor } from '@nabla/autograd';
import { boolArg, floatArg, options } from '../check.js';
import { avgPool2d, maxPool2d } from './pooling.js';
import { batched, rejectUnsupported, spatial, windowGrid } from './window.js';

/** Options of `maxPool1d` (PyTorch's, camelCase). */
export interface MaxPool1dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: number;
  /** -Infinity added on both sides, at most half the kernel (default 0). */
  padding?: number;
  /** Spacing between window taps (default 1). */
  dilation?: number;
  /** Only false (the default) is supported. */
  ceilMode?: boolean;
  /** Only false (the default) is supported. */
  returnIndices?: boolean;
}

/** Options of `avgPool1d` (PyTorch's, camelCase). */
export interface AvgPool1dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: number;
  /** Zeros added on both sides, at most half the kernel (default 0). */
  padding?: number;
  /** Divide by the whole window including padding (default true), or only by the input elements it covers. */
  countIncludePad?: boolean;
  /** Only false (the default) is supported. */
  ceilMode?: boolean;
}

/** @internal Option names of maxPool1d and MaxPool1d. */
export const MAX_POOL1D_KEYS = ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'];
/** @internal Option names of avgPool1d and AvgPool1d. */
export const AVG_POOL1D_KEYS = ['stride', 'padding', 'countIncludePad', 'ceilMode'];

/** @internal Validates a 1-D pooling call under its own name; returns [k, s, p, d]. */
export function pool1dArgs(op: string, x: unknown, kernelSize: unknown, o: { stride?: unknown; padding?: unknown; dilation?: unknown }): [number, number, number, number] {
  const [xb] = batched(op, x, 1, '[N, C, L]');
  const [k] = spatial(op, 'kernelSize', kernelSize, 1, 1) as [number];
  const [s] = spatial(op, 'stride', o.stride ?? k, 1, 1) as [number];
  const [p] = spatial(op, 'padding', o.padding ?? 0, 1, 0) as [number];
  const [d] = spatial(op, 'dilation', o.dilation ?? 1, 1, 1) as [number];
  if (p > k / 2) throw new ValueError(`${op}: padding ${p} must be at most half the kernel size ${k}`);
  windowGrid(op, xb, [k], [s], [[p, p]], [d]);
  return [k, s, p, d];
}

/**
 * 1-D max pooling over x [N, C, L] (or [C, L]); the gradient goes to the first max of each window.
 * @example maxPool1d(x, 3, { stride: 2, padding: 1 }) // [2, 4, 10] -> [2, 4, 5]
 */
export function maxPool1d(x: Tensor, kernelSize: number, opts?: MaxPool1dOptions): Tensor {
  const op = 'maxPool1d';
  const o = options(op, opts, MAX_POOL1D_KEYS);
  rejectUnsupported(op, o, { ceilMode: false, returnIndices: false });
  const [k, s, p, d] = pool1dArgs(op, x, kernelSize, o);
  return maxPool2d(x.unsqueeze(-2), [1, k], { stride: [1, s], padding: [0, p], dilation: [1, d] }).squeeze(-2);
}

/**
 * 1-D average pooling over x [N, C, L] (or [C, L]); padded zeros count in the divisor unless
 * `countIncludePad` is false.
 * @example avgPool1d(x, 2) // [2, 4, 10] -> [2, 4, 5]
 */
export function avgPool1d(x: Tensor, kernelSize: number, opts?: AvgPool1dOptions): Tensor {
  const op = 'avgPool1d';
  const o = options(op, opts, AVG_POOL1D_KEYS);
  rejectUnsupported(op, o, { ceilMode: false });
  const [k, s, p] = pool1dArgs(op, x, kernelSize, { stride: o.stride, padding: o.padding });
  const countIncludePad = boolArg(op, 'countIncludePad', o.countIncludePad, true);
  return avgPool2d(x.unsqueeze(-2), [1, k], { stride: [1, s], padding: [0, p], countIncludePad }).squeeze(-2);
}

/**
 * Adaptive max pooling to a fixed output size (PyTorch's F.adaptive_max_pool2d): x [N, C, H, W] (or
 * [C, H, W]) -> [N, C, oh, ow], output (i, j) the max over rows floor(i H / oh) .. ceil((i + 1) H / oh) - 1
 * and the same for columns; null keeps that axis. The gradient goes to the first max of each bin.
 * @example adaptiveMaxPool2d(x, 1) // global max pooling: [N, C, 1, 1]
 */
export function adaptiveMaxPool2d(x: Tensor, outputSize: number | readonly [number | null, number | null]): Tensor {
  const op = 'adaptiveMaxPool2d';
  floatArg(op, 'x', x);
  const [x4, isBatched] = batched(op, x, 2, '[N, C, H, W]');
  const [n, c, h, w] = x4.shape as [number, number, number, number];
  const sizes = typeof outputSize === 'number' || outputSize === null ? [outputSize, outputSize] : outputSize;
  if (!Array.isArray(sizes) || sizes.length !== 2 || !sizes.every((v) => v === null || (typeof v === 'number' && Number.isInteger(v) && v >= 1))) {
    throw new ValueError(`${op}: outputSize must be an integer >= 1 (or null to keep the input size) or 2 of them, got ${JSON.stringify(outputSize)}`);
  }
  if (h === 0 || w === 0) throw new ShapeError(`${op}: cannot pool an empty spatial axis of x ${fmtShape(x.shape)}`);
  const [oh, ow] = [(sizes[0] as number | null) ?? h, (sizes[1] as number | null) ?? w];
  const bins = (len: number, out: number) => Array.from({ length: out }, (_, i) => [Math.floor((i * len) / out), Math.ceil(((i + 1) * len) / out)] as const);
  const [bh, bw] = [bins(h, oh), bins(w, ow)];
  const kh = Math.max(...bh.map(([a, b]) => b - a));
  const kw = Math.max(...bw.map(([a, b]) => b - a));
  // Flat input positions of every bin, padded to kh * kw by repeating the bin's last element (same value).
  const pos: number[] = [];
  for (const [h0, h1] of bh) {
    for (const [w0, w1] of bw) {
      for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) pos.push(Math.min(h0 + a, h1 - 1) * w + Math.min(w0 + b, w1 - 1));
    }
  }
  const flat = x4.reshape([n, c, h * w]);
  const idx = tensor(pos, { dtype: 'int32', shape: [1, 1, pos.length] }).expand([n, c, pos.length]);
  const windows = flat.gather(2, idx).reshape([n, c, oh * ow, kh * kw]);
  // The winner's flat position (piecewise constant, no gradient), then one gather routes the gradient to it.
  const win = windows.detach().argmax(3, true).reshape([n, c, oh * ow]);
  const chosen = idx.reshape([n, c, oh * ow, kh * kw]).gather(3, win.unsqueeze(3)).reshape([n, c, oh * ow]);
  const y = flat.gather(2, chosen).reshape([n, c, oh, ow]);
  return isBatched ? y : y.squeeze(0);
}
