import type { Tensor } from '@nabla/autograd';
import { options } from '../check.js';
import { convNd } from './conv-nd.js';

const CONV_KEYS = ['stride', 'padding', 'dilation', 'groups'];
import type { SpatialSize } from './window.js';

export type { SpatialSize } from './window.js';

/** Options of `conv1d` and `conv2d` (PyTorch's, camelCase). */
export interface ConvOptions {
  /** Step between windows, per spatial axis or one for all (default 1). */
  stride?: SpatialSize;
  /**
   * Zeros added on both sides of each spatial axis (default 0); 'valid' is 0 and 'same' keeps the input's
   * size (stride 1 only; an odd total puts the extra zero at the end, as PyTorch).
   */
  padding?: SpatialSize | 'valid' | 'same';
  /** Spacing between kernel taps (default 1). */
  dilation?: SpatialSize;
  /** Splits input and output channels into this many independent groups (default 1). */
  groups?: number;
}

/**
 * 2-D cross-correlation (PyTorch's conv2d): x [N, C, H, W] (or [C, H, W]), weight [O, C/groups, kh, kw],
 * bias [O]. out[n, o, i, j] = b[o] + sum_{c, p, q} w[o, c, p, q] x[n, c, i*s + p*d - pad, j*s + q*d - pad].
 * @example conv2d(x, w, b, { padding: 1 }) // [1, 3, 8, 8] with w [16, 3, 3, 3] -> [1, 16, 8, 8]
 */
export function conv2d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  return convNd('conv2d', 2, x, weight, bias, options('conv2d', opts, CONV_KEYS));
}

/**
 * 1-D cross-correlation (PyTorch's conv1d): x [N, C, L] (or [C, L]), weight [O, C/groups, k], bias [O].
 * out[n, o, i] = b[o] + sum_{c, p} w[o, c, p] x[n, c, i*s + p*d - pad].
 * @example conv1d(x, w, null, { stride: 2 }) // [4, 2, 10] with w [8, 2, 3] -> [4, 8, 4]
 */
export function conv1d(x: Tensor, weight: Tensor, bias?: Tensor | null, opts: ConvOptions = {}): Tensor {
  return convNd('conv1d', 1, x, weight, bias, options('conv1d', opts, CONV_KEYS));
}
