import { ShapeError, fmtShape, type Tensor } from '@nabla/autograd';
import { floatArg, intArg, numArg, options, tensorArg } from '../check.js';

/** Options of `localResponseNorm` (PyTorch's, camelCase). */
export interface LocalResponseNormOptions {
  /** Scale of the windowed sum of squares (default 1e-4). */
  alpha?: number;
  /** Exponent of the divisor (default 0.75). */
  beta?: number;
  /** Additive constant of the divisor (default 1). */
  k?: number;
}

/**
 * Rearranges [*, C r^2, H, W] into [*, C, H r, W r] (sub-pixel convolution's upscaling, PyTorch's
 * F.pixel_shuffle): out[c, h r + i, w r + j] = x[c r^2 + i r + j, h, w].
 * @example pixelShuffle(x, 2) // [1, 8, 3, 3] -> [1, 2, 6, 6]
 */
export function pixelShuffle(x: Tensor, upscaleFactor: number): Tensor {
  const op = 'pixelShuffle';
  tensorArg(op, 'x', x);
  const r = intArg(op, 'upscaleFactor', upscaleFactor, 1);
  if (x.ndim < 3) throw new ShapeError(`${op}: x must be at least 3-D [*, C, H, W], got shape ${fmtShape(x.shape)}`);
  const lead = x.shape.slice(0, -3);
  const [c, h, w] = x.shape.slice(-3) as [number, number, number];
  if (c % (r * r) !== 0) throw new ShapeError(`${op}: channels ${c} of x ${fmtShape(x.shape)} must be divisible by upscaleFactor^2 = ${r * r}`);
  const b = lead.length;
  const oc = c / (r * r);
  return x.reshape([...lead, oc, r, r, h, w])
    .permute(...lead.map((_, i) => i), b, b + 3, b + 1, b + 4, b + 2)
    .reshape([...lead, oc, h * r, w * r]);
}

/**
 * The inverse of `pixelShuffle`: [*, C, H r, W r] -> [*, C r^2, H, W] (PyTorch's F.pixel_unshuffle).
 * @example pixelUnshuffle(x, 2) // [1, 2, 6, 6] -> [1, 8, 3, 3]
 */
export function pixelUnshuffle(x: Tensor, downscaleFactor: number): Tensor {
  const op = 'pixelUnshuffle';
  tensorArg(op, 'x', x);
  const r = intArg(op, 'downscaleFactor', downscaleFactor, 1);
  if (x.ndim < 3) throw new ShapeError(`${op}: x must be at least 3-D [*, C, H, W], got shape ${fmtShape(x.shape)}`);
  const lead = x.shape.slice(0, -3);
  const [c, h, w] = x.shape.slice(-3) as [number, number, number];
  if (h % r !== 0 || w % r !== 0) throw new ShapeError(`${op}: height ${h} and width ${w} of x ${fmtShape(x.shape)} must be divisible by downscaleFactor ${r}`);
  const b = lead.length;
  return x.reshape([...lead, c, h / r, r, w / r, r])
    .permute(...lead.map((_, i) => i), b, b + 2, b + 4, b + 1, b + 3)
    .reshape([...lead, c * r * r, h / r, w / r]);
}

/**
 * Local response normalisation across channels (AlexNet's, PyTorch's F.local_response_norm): x [N, C, ...]
 * divided by (k + alpha / size * sum of x^2 over channels c - size/2 .. c + (size - 1)/2)^beta.
 * @example localResponseNorm(x, 5) // same shape as x
 */
export function localResponseNorm(x: Tensor, size: number, opts?: LocalResponseNormOptions): Tensor {
  const op = 'localResponseNorm';
  const o = options(op, opts, ['alpha', 'beta', 'k']);
  floatArg(op, 'x', x);
  const n = intArg(op, 'size', size, 1);
  if (x.ndim < 3) throw new ShapeError(`${op}: x must be at least 3-D [N, C, ...], got shape ${fmtShape(x.shape)}`);
  const alpha = numArg(op, 'alpha', o.alpha, 1e-4);
  const beta = numArg(op, 'beta', o.beta, 0.75);
  const k = numArg(op, 'k', o.k, 1);
  const c = x.shape[1]!;
  const widths: [number, number][] = x.shape.map(() => [0, 0]);
  widths[1] = [Math.floor(n / 2), Math.floor((n - 1) / 2)];
  const sq = x.square().pad(widths);
  let acc = sq.narrow(1, 0, c);
  for (let i = 1; i < n; i++) acc = acc.add(sq.narrow(1, i, c));
  return x.div(acc.mul(alpha / n).add(k).pow(beta));
}
