import { ShapeError, ValueError, fmtShape } from '../errors.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { numberArg, optionsOf } from './args.js';
import { softplus, where } from './elementwise.js';
import { checkTensor, floatOperand } from './operand.js';

/**
 * x tanh(softplus(x)) (Misra 2019). @example mish(tensor([0, 1])) // [0, 0.8651]
 */
export const mish = (x: Tensor): Tensor => {
  const t = floatOperand('mish', x);
  return t.mul(softplus(t).tanh());
};

/**
 * x relu6(x + 3) / 6: 0 below -3, x above 3. Gradient as PyTorch: x / 3 + 1/2 on [-3, 3] (so -1/2 at -3
 * and 3/2 at 3), 0 below, 1 above. @example hardswish(tensor([-4, 0, 1, 4])) // [0, 0, 0.6667, 4]
 */
export const hardswish = (x: Tensor): Tensor => {
  const t = floatOperand('hardswish', x);
  return where(t.lt(-3), 0, where(t.le(3), t.mul(t.add(3)).div(6), t));
};

/**
 * relu6(x + 3) / 6, a piecewise-linear sigmoid: 0 below -3, 1 above 3. Gradient 1/6 strictly inside
 * (-3, 3) and 0 at and beyond the bounds, as PyTorch. @example hardsigmoid(tensor([-4, 0, 4])) // [0, 0.5, 1]
 */
export const hardsigmoid = (x: Tensor): Tensor => {
  const t = floatOperand('hardsigmoid', x);
  return where(t.le(-3), 0, where(t.ge(3), 1, t.div(6).add(0.5)));
};

/** Options of `hardtanh`. */
export interface HardtanhOptions {
  /** Lower bound. Default -1. */
  min?: number;
  /** Upper bound. Default 1. */
  max?: number;
}

/**
 * Clips x to [min, max] (default [-1, 1]); gradient 1 strictly inside and 0 at the bounds and beyond, as
 * PyTorch's hardtanh (unlike clamp, whose gradient is 1 at the bounds).
 * @example hardtanh(tensor([-2, 0.5, 2])) // [-1, 0.5, 1]
 */
export function hardtanh(x: Tensor, opts?: HardtanhOptions): Tensor {
  const t = floatOperand('hardtanh', x);
  const o = optionsOf<HardtanhOptions>('hardtanh', opts, '{ min: -1, max: 1 }');
  const min = numberArg('hardtanh', 'min', o.min ?? -1, true);
  const max = numberArg('hardtanh', 'max', o.max ?? 1, true);
  if (min > max) throw new ValueError(`hardtanh: min (${min}) must not exceed max (${max})`);
  return where(t.le(min), min, where(t.ge(max), max, t));
}

/** min(max(x, 0), 6); gradient 0 at 0 and at 6. @example relu6(tensor([-1, 3, 7])) // [0, 3, 6] */
export const relu6 = (x: Tensor): Tensor => hardtanh(floatOperand('relu6', x), { min: 0, max: 6 });

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;

/** scale * elu(x, alpha) with the self-normalising constants of Klambauer et al. @example selu(tensor([1])) // [1.0507] */
export const selu = (x: Tensor): Tensor => {
  const t = floatOperand('selu', x);
  // where, not minimum(x, 0): minimum splits the gradient at 0, and PyTorch's slope there is scale * alpha.
  return where(t.gt(0), t, where(t.gt(0), 0, t).expm1().mul(SELU_ALPHA)).mul(SELU_SCALE);
};

/** Options of `celu`. */
export interface CeluOptions {
  /** Scale of the negative part; nonzero. Default 1. */
  alpha?: number;
}

/**
 * max(0, x) + min(0, alpha (e^(x / alpha) - 1)), continuously differentiable for any alpha (gradient 1 at 0).
 * @example celu(tensor([-1, 1]), { alpha: 2 }) // [-0.7869, 1]
 */
export function celu(x: Tensor, opts?: CeluOptions): Tensor {
  const t = floatOperand('celu', x);
  const alpha = numberArg('celu', 'alpha', optionsOf<CeluOptions>('celu', opts, '{ alpha: 1 }').alpha ?? 1);
  if (alpha === 0) throw new ValueError('celu: alpha must be nonzero (it divides x), got 0');
  // expm1 of the input with its positive part replaced by 0 (double where): the unpicked branch must not overflow
  // and poison the gradient, and at 0 the slope is 1 (minimum(x, 0) would split it 0.5 / 0.5).
  return where(t.gt(0), t, where(t.gt(0), 0, t).div(alpha).expm1().mul(alpha));
}

/** x / (1 + |x|). @example softsign(tensor([-1, 3])) // [-0.5, 0.75] */
export const softsign = (x: Tensor): Tensor => {
  const t = floatOperand('softsign', x);
  return t.div(t.abs().add(1));
};

/** log(sigmoid(x)) = -softplus(-x), without overflow for large |x|. @example logsigmoid(tensor([0])) // [-0.6931] */
export const logsigmoid = (x: Tensor): Tensor => softplus(floatOperand('logsigmoid', x).neg()).neg();

/**
 * Gated linear unit: splits x in halves a, b along `axis` (default -1) and returns a * sigmoid(b).
 * @example glu(tensor([1, 2, 0, 100])) // [0.5, 2]
 */
export function glu(x: Tensor, axis = -1): Tensor {
  const t = floatOperand('glu', x);
  if (t.ndim === 0) throw new ShapeError('glu: input must have at least one axis, got a 0-d tensor');
  const ax = normalizeAxis('glu', axis, t.ndim);
  const n = t._shape[ax]!;
  if (n % 2 !== 0) throw new ShapeError(`glu: axis ${axis} of input shape ${fmtShape(t._shape)} has odd size ${n}; it must split in two halves`);
  const [a, b] = t.split(n / 2, ax);
  return a!.mul(b!.sigmoid());
}

/**
 * Parametric ReLU: x where x > 0, weight * x elsewhere. `weight` has one element, or one per channel
 * (axis 1 of x, as PyTorch). The gradient at x = 0 uses the weight, as PyTorch.
 * @example prelu(tensor([[-1, 2]]), tensor([0.25])) // [[-0.25, 2]]
 */
export function prelu(x: Tensor, weight: Tensor): Tensor {
  const t = floatOperand('prelu', x);
  const w = checkTensor('prelu', weight, 'weight');
  const channels = t.ndim >= 2 ? t._shape[1]! : 1;
  if (w.ndim > 1 || (w.size !== 1 && w.size !== channels)) {
    throw new ShapeError(
      `prelu: weight of shape ${fmtShape(w._shape)} must have 1 element or one per channel (axis 1 of input ${fmtShape(t._shape)}: ${channels})`,
    );
  }
  const ww = w.dtype === t.dtype ? w : w.astype(t.dtype);
  const wb = w.size === 1 || t.ndim < 2 ? ww.reshape([]) : ww.reshape([channels, ...t._shape.slice(2).map(() => 1)]);
  return where(t.gt(0), t, t.mul(wb));
}

