import { ShapeError, defaultGenerator, fmtShape, rand, type Tensor } from '@nabla/autograd';
import { boolArg, floatArg, generatorArg, options } from '../check.js';
import { checkDropoutP, type DropoutOptions } from './dropout.js';

/** @internal Option names of the channel and alpha dropouts. */
export const DROPOUT_KEYS = ['p', 'training', 'generator'];

/** SELU's -scale * alpha: the value a dropped SELU activation saturates to. */
const ALPHA_PRIME = 1.7580993408473766;

/**
 * @internal Channel dropout: zeroes whole channels of x [N, C, ...spatial] (or [C, ...spatial]) with
 * probability p, scaling the rest by 1 / (1 - p). `nd` is the number of spatial axes.
 */
export function channelDropout(op: string, nd: 1 | 2 | 3, x: Tensor, opts?: DropoutOptions): Tensor {
  const o = options(op, opts, DROPOUT_KEYS);
  floatArg(op, 'x', x);
  const p = checkDropoutP(op, o.p);
  const g = generatorArg(op, o.generator) ?? defaultGenerator();
  const layout = ['[N, C, L]', '[N, C, H, W]', '[N, C, D, H, W]'][nd - 1]!;
  if (x.ndim !== nd + 1 && x.ndim !== nd + 2) throw new ShapeError(`${op}: x must be ${nd + 2}-D ${layout} or ${nd + 1}-D without the batch axis, got shape ${fmtShape(x.shape)}`);
  if (!boolArg(op, 'training', o.training, true) || p === 0) return x;
  const channels = x.shape.slice(0, x.ndim - nd);
  const keep = rand([...channels, ...new Array<number>(nd).fill(1)], { dtype: 'float64', generator: g }).ge(p);
  return x.mul(keep.astype(x.dtype).mul(1 / (1 - p)));
}

/**
 * Dropout of whole channels of x [N, C, L] (or [C, L]) (PyTorch's F.dropout1d).
 * @example dropout1d(x, { p: 0.2 })
 */
export const dropout1d = (x: Tensor, opts?: DropoutOptions): Tensor => channelDropout('dropout1d', 1, x, opts);

/**
 * Dropout of whole channels of x [N, C, H, W] (or [C, H, W]) (PyTorch's F.dropout2d).
 * @example dropout2d(x, { p: 0.2 })
 */
export const dropout2d = (x: Tensor, opts?: DropoutOptions): Tensor => channelDropout('dropout2d', 2, x, opts);

/**
 * Alpha dropout for SELU networks (PyTorch's F.alpha_dropout): dropped elements become SELU's saturation
 * value and an affine map a x + b restores zero mean and unit variance:
 * a = 1 / sqrt((alpha'^2 p + 1)(1 - p)), alpha' = 1.7580993408473766.
 * @example alphaDropout(x, { p: 0.1 })
 */
export function alphaDropout(x: Tensor, opts?: DropoutOptions): Tensor {
  return alphaDropoutNamed('alphaDropout', x, opts);
}

/** @internal alphaDropout under a given op name (the layer passes its own). */
export function alphaDropoutNamed(op: string, x: Tensor, opts: DropoutOptions | undefined): Tensor {
  const o = options(op, opts, DROPOUT_KEYS);
  floatArg(op, 'x', x);
  const p = checkDropoutP(op, o.p);
  const g = generatorArg(op, o.generator) ?? defaultGenerator();
  if (!boolArg(op, 'training', o.training, true) || p === 0) return x;
  const a = 1 / Math.sqrt((ALPHA_PRIME * ALPHA_PRIME * p + 1) * (1 - p));
  const k = rand(x.shape, { dtype: 'float64', generator: g }).ge(p).astype(x.dtype);
  // x * (keep a) + (keep - 1) alpha' a + alpha' a p, as PyTorch.
  return x.mul(k.mul(a)).add(k.sub(1).mul(ALPHA_PRIME * a)).add(ALPHA_PRIME * a * p);
}
