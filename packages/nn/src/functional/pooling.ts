import { Tensor, ValueError, describe, fmtShape, maxPool2dIndices, ones, unfold } from '@nabla/autograd';
import { options } from '../check.js';
import { AVG_POOL_KEYS, MAX_POOL_KEYS, batched, rejectUnsupported, spatial, windowGrid, type SpatialSize } from './window.js';

/** Options of `maxPool2d` (PyTorch's, camelCase). */
export interface MaxPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SpatialSize;
  /** -Infinity added on both sides of H and W, at most half the kernel (default 0). */
  padding?: SpatialSize;
  /** Spacing between window taps (default 1). */
  dilation?: SpatialSize;
}

/** Options of `avgPool2d` (PyTorch's, camelCase). */
export interface AvgPool2dOptions {
  /** Step between windows (default: the kernel size). */
  stride?: SpatialSize;
  /** Zeros added on both sides of H and W, at most half the kernel (default 0). */
  padding?: SpatialSize;
  /** Divide by the whole window including padding (default true), or only by the input elements it covers. */
  countIncludePad?: boolean;
  /** Divide every window by this instead (PyTorch's divisor_override). */
  divisorOverride?: number;
}

interface Pool {
  x4: Tensor;
  isBatched: boolean;
  k: [number, number];
  stride: [number, number];
  pad: [number, number];
  dilation: [number, number];
  out: [number, number];
}

function pool2d(op: string, x: Tensor, kernelSize: SpatialSize, stride: SpatialSize | undefined, padding: SpatialSize | undefined, dilation: SpatialSize): Pool {
  const [x4, isBatched] = batched(op, x, 2, '[N, C, H, W]');
  const k = spatial(op, 'kernelSize', kernelSize, 2, 1) as [number, number];
  const s = spatial(op, 'stride', stride ?? k, 2, 1) as [number, number];
  const p = spatial(op, 'padding', padding ?? 0, 2, 0) as [number, number];
  const d = spatial(op, 'dilation', dilation, 2, 1) as [number, number];
  // PyTorch's rule: every window must keep at least one real element, so padding is at most half the kernel.
  if (p.some((pp, i) => pp > k[i]! / 2)) {
    throw new ValueError(`${op}: padding ${fmtShape(p)} must be at most half the kernel size ${fmtShape(k)}`);
  }
  const out = windowGrid(op, x, k, s, p.map((pp) => [pp, pp]), d) as [number, number];
  return { x4, isBatched, k, stride: s, pad: p, dilation: d, out };
}

/**
 * 2-D max pooling over x [N, C, H, W] (or [C, H, W]): out[n, c, i, j] is the max of the window at
 * (i*s - pad, j*s - pad). The gradient goes to the first max of each window (row-major), as PyTorch.
 * @example maxPool2d(x, 2) // [1, 3, 8, 8] -> [1, 3, 4, 4]
 */
export function maxPool2d(x: Tensor, kernelSize: SpatialSize, opts: MaxPool2dOptions = {}): Tensor {
  options('maxPool2d', opts, MAX_POOL_KEYS);
  rejectUnsupported('maxPool2d', opts, { ceilMode: false, returnIndices: false });
  const { x4, isBatched, k, stride, pad, dilation, out } = pool2d('maxPool2d', x, kernelSize, opts.stride, opts.padding, opts.dilation ?? 1);
  const lowest = x4.dtype === 'int32' ? -2147483648 : -Infinity;
  const xp = pad[0] + pad[1] > 0 ? x4.pad([[0, 0], [0, 0], [pad[0], pad[0]], [pad[1], pad[1]]], lowest) : x4;
  const [n, c, h, w] = xp.shape as [number, number, number, number];
  // The indices are piecewise constant (no gradient); the gather routes g to the chosen elements.
  const index = maxPool2dIndices(xp, k, { stride, dilation }).reshape([n, c, out[0] * out[1]]);
  const y = xp.reshape([n, c, h * w]).gather(2, index).reshape([n, c, ...out]);
  return isBatched ? y : y.squeeze(0);
}

/**
 * 2-D average pooling over x [N, C, H, W] (or [C, H, W]): the mean of each kh x kw window, zero padding
 * counted in the divisor unless `countIncludePad` is false.
 * @example avgPool2d(x, 2, { stride: 1 }) // [1, 3, 8, 8] -> [1, 3, 7, 7]
 */
export function avgPool2d(x: Tensor, kernelSize: SpatialSize, opts: AvgPool2dOptions = {}): Tensor {
  options('avgPool2d', opts, AVG_POOL_KEYS);
  rejectUnsupported('avgPool2d', opts, { ceilMode: false });
  const { x4, isBatched, k, stride, pad, out } = pool2d('avgPool2d', x, kernelSize, opts.stride, opts.padding, 1);
  const { countIncludePad = true, divisorOverride } = opts;
  if (typeof countIncludePad !== 'boolean') throw new ValueError(`avgPool2d: countIncludePad must be a boolean, got ${describe(countIncludePad)}`);
  if (divisorOverride !== undefined && !(typeof divisorOverride === 'number' && divisorOverride !== 0 && Number.isFinite(divisorOverride))) {
    throw new ValueError(`avgPool2d: divisorOverride must be a non-zero number, got ${describe(divisorOverride)}`);
  }
  const [n, c, h, w] = x4.shape as [number, number, number, number];
  const win = { stride, padding: pad };
  const sums = unfold(x4, k, win).reshape([n, c, k[0] * k[1], out[0] * out[1]]).sum(2).reshape([n, c, ...out]);
  let y: Tensor;
  if (divisorOverride !== undefined) y = sums.div(divisorOverride);
  else if (countIncludePad || pad[0] + pad[1] === 0) y = sums.div(k[0] * k[1]);
  else {
    // How many real input elements each window covers: the same window sums over an image of ones.
    const dtype = x4.dtype === 'int32' ? 'float32' : x4.dtype;
    const counts = unfold(ones([1, 1, h, w], { dtype }), k, win).sum(1).reshape([1, 1, ...out]);
    y = sums.div(counts);
  }
  return isBatched ? y : y.squeeze(0);
}
