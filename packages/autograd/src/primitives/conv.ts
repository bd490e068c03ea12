import type { ConvGeometry, Window2d } from '../backend/backend.js';
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
  /** [x [n, c, h, w], weight [o, c * kh * kw]] -> [n, o, oh * ow]: weight @ unfold(x) per image, fused. */
  conv2d: Window2d;
  /** conv2d's gradient for x: [g [n, o, oh * ow], weight] -> [n, c, ...size], fold(weight^T @ g) per image. */
  conv2dGradX: Window2d & { size: readonly [number, number] };
  /** conv2d's gradient for weight: [x, g] -> [o, c * kh * kw], the sum over images of g @ unfold(x)^T. */
  conv2dGradW: Window2d;
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

/** The backend's view of a conv2d over x of `shape` with `out` output channels. */
const geometry = (shape: readonly number[], out: number, win: Window2d): ConvGeometry => ({ shape, out, win: windowOf(win) });

/** x's shape [n, c, ...size] from a gradient g [n, o, L] and a weight [o, c * kh * kw]. */
const inputShape = (g: Tensor, w: Tensor, p: ConvParams['conv2dGradX']): number[] =>
  [g._shape[0]!, w._shape[1]! / (p.kernel[0] * p.kernel[1]), p.size[0], p.size[1]];

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
  // y = W U(x) per image, U = unfold (linear). <g, W U(x)> = <W^T g, U(x)> = <U^T(W^T g), x> gives
  // dx = fold(W^T g) = conv2dGradX(g, W); <g, W U> = <g U^T, W> gives dW = sum_n g U(x)^T = conv2dGradW(x, g).
  conv2d: {
    forward: (b, [x, w], win) => {
      const shape = [x!._shape[0]!, w!._shape[0]!, outLength(x!._shape, win)];
      return Tensor._fromData(b.conv2d(x!._contiguousData(), w!._contiguousData(), geometry(x!._shape, w!._shape[0]!, win), x!.dtype), shape, x!.dtype);
    },
    vjp: (g, { inputs: [x, w], params, needs }) => [
      needs[0] ? apply('conv2dGradX', [g, w!], { ...windowOf(params), size: [x!._shape[2]!, x!._shape[3]!] }) : null,
      needs[1] ? apply('conv2dGradW', [x!, g], windowOf(params)) : null,
    ],
  },
  // z = U^T(W^T g), bilinear in (g, W). For a cotangent h: <h, U^T(W^T g)> = <W U(h), g> = <g U(h)^T, W>, so
  // dg = conv2d(h, W) and dW = conv2dGradW(h, g).
  conv2dGradX: {
    forward: (b, [g, w], p) => {
      const shape = inputShape(g!, w!, p);
      return Tensor._fromData(b.conv2dGradX(g!._contiguousData(), w!._contiguousData(), geometry(shape, w!._shape[0]!, p), g!.dtype), shape, g!.dtype);
    },
    vjp: (h, { inputs: [g, w], params, needs }) => [
      needs[0] ? apply('conv2d', [h, w!], windowOf(params)) : null,
      needs[1] ? apply('conv2dGradW', [h, g!], windowOf(params)) : null,
    ],
  },
  // V = sum_n g U(x)^T, bilinear in (x, g). For a cotangent H: <H, g U^T> = <H^T g, U(x)> = <H U(x), g>, so
  // dx = fold(H^T g) = conv2dGradX(g, H) and dg = conv2d(x, H).
  conv2dGradW: {
    forward: (b, [x, g], win) => {
      const o = g!._shape[1]!;
      const shape = [o, x!._shape[1]! * win.kernel[0] * win.kernel[1]];
      return Tensor._fromData(b.conv2dGradW(x!._contiguousData(), g!._contiguousData(), geometry(x!._shape, o, win), x!.dtype), shape, x!.dtype);
    },
    vjp: (H, { inputs: [x, g], params, needs }) => [
      needs[0] ? apply('conv2dGradX', [g!, H], { ...windowOf(params), size: [x!._shape[2]!, x!._shape[3]!] }) : null,
      needs[1] ? apply('conv2d', [x!, H], windowOf(params)) : null,
    ],
  },
} satisfies PrimTable<ConvParams>;
