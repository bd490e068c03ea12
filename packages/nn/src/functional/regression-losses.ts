import type { Tensor } from '@nabla/autograd';
import { floatArg, numArg, options, sameShapeArg } from '../check.js';
import { checkReduction, reduce, type Reduction } from './reduction.js';

/** Options every loss takes. */
export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** Validates a regression loss's operands: float tensors of exactly the same shape (no broadcasting). */
function pair(op: string, x: Tensor, y: Tensor): void {
  floatArg(op, 'input', x);
  floatArg(op, 'target', y);
  sameShapeArg(op, x, 'input', y, 'target');
}

/**
 * Mean squared error: (x - y)^2, reduced. Shapes must match exactly: [N] against [N, 1] is an error, not a
 * silent [N, N] broadcast. @example mseLoss(pred, target) // scalar
 */
export function mseLoss(x: Tensor, y: Tensor, opts?: LossOptions): Tensor {
  const o = options('mseLoss', opts, ['reduction']);
  pair('mseLoss', x, y);
  return reduce(x.sub(y).square(), checkReduction('mseLoss', o.reduction));
}

/** Mean absolute error |x - y|, reduced; the gradient at x = y is 0. @example l1Loss(pred, target) */
export function l1Loss(x: Tensor, y: Tensor, opts?: LossOptions): Tensor {
  const o = options('l1Loss', opts, ['reduction']);
  pair('l1Loss', x, y);
  return reduce(x.sub(y).abs(), checkReduction('l1Loss', o.reduction));
}

/**
 * Smooth L1: 0.5 d^2 / beta where |d| < beta, |d| - 0.5 beta elsewhere (d = x - y; default beta 1; beta 0 is
 * L1). Value and slope agree at |d| = beta. @example smoothL1Loss(pred, target, { beta: 0.5 })
 */
export function smoothL1Loss(x: Tensor, y: Tensor, opts?: LossOptions & { beta?: number }): Tensor {
  const o = options('smoothL1Loss', opts, ['reduction', 'beta']);
  pair('smoothL1Loss', x, y);
  const beta = numArg('smoothL1Loss', 'beta', o.beta, 1, { min: 0 });
  const reduction = checkReduction('smoothL1Loss', o.reduction);
  const d = x.sub(y);
  const a = d.abs();
  if (beta === 0) return reduce(a, reduction);
  return reduce(d.square().mul(0.5 / beta).where(a.lt(beta), a.sub(0.5 * beta)), reduction);
}

/**
 * Huber loss: 0.5 d^2 where |d| < delta, delta (|d| - 0.5 delta) elsewhere (default delta 1, must be > 0);
 * equals delta * smoothL1Loss with beta = delta. @example huberLoss(pred, target, { delta: 2 })
 */
export function huberLoss(x: Tensor, y: Tensor, opts?: LossOptions & { delta?: number }): Tensor {
  const o = options('huberLoss', opts, ['reduction', 'delta']);
  pair('huberLoss', x, y);
  const delta = numArg('huberLoss', 'delta', o.delta, 1, { min: 0, exclusiveMin: true });
  const d = x.sub(y);
  const a = d.abs();
  return reduce(d.square().mul(0.5).where(a.lt(delta), a.sub(0.5 * delta).mul(delta)), checkReduction('huberLoss', o.reduction));
}
