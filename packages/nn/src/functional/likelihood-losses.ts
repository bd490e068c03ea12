import { ShapeError, ValueError, fmtShape, type Tensor, elementsForCheck } from '@nabla/autograd';
import { boolArg, floatArg, numArg, options, sameShapeArg } from '../check.js';
import type { LossOptions } from './regression-losses.js';
import { checkReduction, reduce } from './reduction.js';

/** Options of `poissonNllLoss` (PyTorch's, camelCase). */
export interface PoissonNllLossOptions extends LossOptions {
  /** The input is the log of the rate (default true): loss exp(x) - y x; else x - y log(x + eps). */
  logInput?: boolean;
  /** Add the Stirling term y log y - y + log(2 pi y) / 2 where y > 1 (default false). */
  full?: boolean;
  /** Keeps log(x + eps) finite at x = 0 when logInput is false (default 1e-8). */
  eps?: number;
}

/** Options of `gaussianNllLoss` (PyTorch's, camelCase). */
export interface GaussianNllLossOptions extends LossOptions {
  /** Add the constant log(2 pi) / 2 (default false). */
  full?: boolean;
  /** The variance is clamped to at least this, without cutting its gradient (default 1e-6). */
  eps?: number;
}

/**
 * Poisson negative log-likelihood of target counts y under rates given by x (see `logInput` and `full`).
 * @example poissonNllLoss(logRates, counts)
 */
export function poissonNllLoss(x: Tensor, y: Tensor, opts?: PoissonNllLossOptions): Tensor {
  const op = 'poissonNllLoss';
  const o = options(op, opts, ['reduction', 'logInput', 'full', 'eps']);
  floatArg(op, 'input', x);
  floatArg(op, 'target', y);
  sameShapeArg(op, x, 'input', y, 'target');
  const logInput = boolArg(op, 'logInput', o.logInput, true);
  const full = boolArg(op, 'full', o.full, false);
  const eps = numArg(op, 'eps', o.eps, 1e-8, { min: 0 });
  const reduction = checkReduction(op, o.reduction);
  let loss = logInput ? x.exp().sub(y.mul(x)) : x.sub(y.mul(x.add(eps).log()));
  if (full) {
    const big = y.gt(1);
    const ys = y.where(big, 2); // log never sees y <= 1, so the masked entries have gradient 0 and not NaN
    const stirling = ys.mul(ys.log()).sub(ys).add(ys.mul(2 * Math.PI).log().mul(0.5)).where(big, 0);
    loss = loss.add(stirling);
  }
  return reduce(loss, reduction);
}

/**
 * Gaussian negative log-likelihood: (log(max(var, eps)) + (x - y)^2 / max(var, eps)) / 2 (+ log(2 pi) / 2
 * with `full`). var has x's shape, or x's with the last axis 1 or dropped (one variance per sample).
 * The clamp does not cut the gradient (PyTorch clamps in place under no_grad).
 * @example gaussianNllLoss(mean, target, variance)
 */
export function gaussianNllLoss(x: Tensor, y: Tensor, variance: Tensor, opts?: GaussianNllLossOptions): Tensor {
  const op = 'gaussianNllLoss';
  const o = options(op, opts, ['reduction', 'full', 'eps']);
  floatArg(op, 'input', x);
  floatArg(op, 'target', y);
  floatArg(op, 'var', variance);
  sameShapeArg(op, x, 'input', y, 'target');
  let v = variance;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
  if (!same(v.shape, x.shape)) {
    const lead = x.shape.slice(0, -1);
    if (x.ndim > 0 && same(v.shape, lead)) v = v.unsqueeze(-1);
    else if (!(x.ndim > 0 && v.ndim === x.ndim && same(v.shape.slice(0, -1), lead) && v.shape[v.ndim - 1] === 1)) {
      throw new ShapeError(`${op}: var ${fmtShape(variance.shape)} must have input's shape ${fmtShape(x.shape)}, or it with the last axis 1 or dropped`);
    }
  }
  const full = boolArg(op, 'full', o.full, false);
  const eps = numArg(op, 'eps', o.eps, 1e-6, { min: 0 });
  const reduction = checkReduction(op, o.reduction);
  if (elementsForCheck(v).some((d) => d < 0)) throw new ValueError(`${op}: var has negative entries (var ${fmtShape(variance.shape)})`);
  const vc = v.add(v.maximum(eps).sub(v).detach());
  let loss = vc.log().add(x.sub(y).square().div(vc)).mul(0.5);
  if (full) loss = loss.add(0.5 * Math.log(2 * Math.PI));
  return reduce(loss, reduction);
}
