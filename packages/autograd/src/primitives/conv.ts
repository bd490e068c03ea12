import type { Window2d } from '../backend/backend.js';
import { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import type { PrimTable } from './types.js';

export type ConvParams = {
  /** im2col: [n, c, h, w] -> [n, c * kh * kw, oh * ow] (zero padding). */
  unfold: Window2d;
  /** col2im, the adjoint of unfold: [n, c * kh * kw, oh * ow] -> [n, c, ...size], overlapping taps summed. */
  fold: Window2d & { size: readonly [number, number] };
  /** Not differentiable: [n, c, h, w] -> int32 [n, c, oh * ow], the in-plane flat index of each window's max. */
  maxPoolIndex: Window2d;
};

/** Output length of a sliding window along one axis: floor((n + 2p - d(k - 1) - 1) / s) + 1. */
export const windowCount = (n: number, k: number, s: number, p: number, d: number): number =>
  Math.floor((n + 2 * p - d * (k - 1) - 1) / s) + 1;

/** The window geometry alone (fold's params minus its output size), so vjps pass exactly a Window2d on. */
const windowOf = (p: Window2d): Window2d => ({ kernel: p.kernel, stride: p.stride, padding: p.padding, dilation: p.dilation });

function outLength(shape: readonly number[], win: Window2d): number {
  const oh = windowCount(shape[2]!, win.kernel[0], win.stride[0], win.padding[0], win.dilation[0]);
  const ow = windowCount(shape[3]!, win.kernel[1], win.stride[1], win.padding[1], win.dilation[1]);
  return oh * ow;
}

export const convPrims = {
  // unfold copies each input element into the columns of the windows that cover it, so it is linear and
  // its vjp is its adjoint: dx = fold(g), which sums the copies back.
  unfold: {
    forward: (b, [x], win) => {
      const [n, c] = x!._shape as [number, number];
      const shape = [n, c * win.kernel[0] * win.kernel[1], outLength(x!._shape, win)];
      return Tensor._fromData(b.unfold(x!._contiguousData(), x!._shape, win, x!.dtype), shape, x!.dtype);
    },
    vjp: (g, { inputs: [x], params }) => [apply('fold', [g], { ...windowOf(params), size: [x!._shape[2]!, x!._shape[3]!] })],
  },
  // fold is the adjoint of unfold, and the adjoint of an adjoint is the map itself: d fold(g) = unfold(dg).
  fold: {
    forward: (b, [cols], params) => {
      const [n, rows] = cols!._shape as [number, number];
      const shape = [n, rows / (params.kernel[0] * params.kernel[1]), params.size[0], params.size[1]];
      return Tensor._fromData(b.fold(cols!._contiguousData(), shape, params, cols!.dtype), shape, cols!.dtype);
    },
    vjp: (g, { params }) => [apply('unfold', [g], windowOf(params))],
  },
  // Indices are piecewise constant in x, so no vjp: the max value itself is a gather at these indices,
  // whose vjp (scatterAdd) routes g to the first max of each window.
  maxPoolIndex: {
    forward: (b, [x], win) => {
      const [n, c] = x!._shape as [number, number];
      return Tensor._fromData(b.maxPoolIndex(x!._contiguousData(), x!._shape, win), [n, c, outLength(x!._shape, win)], 'int32');
    },
  },
} satisfies PrimTable<ConvParams>;
