import { ShapeError, Tensor, ValueError, fmtShape, noGrad, elementsForCheck } from '@nabla/autograd';
import { floatArg, optionalTensor, options, sameShapeArg } from '../check.js';
import type { LossOptions } from './regression-losses.js';
import { checkReduction, reduce } from './reduction.js';

/** Throws unless `w` broadcasts onto `shape` without changing it (weights stretch; the input never does). */
export function checkWeightShape(op: string, name: string, w: Tensor, shape: readonly number[]): void {
  const lead = shape.length - w.ndim;
  if (lead < 0 || w.shape.some((d, i) => d !== 1 && d !== shape[lead + i])) {
    throw new ShapeError(`${op}: ${name} of shape ${fmtShape(w.shape)} does not broadcast to the input shape ${fmtShape(shape)}`);
  }
}

// log(p) is clamped to >= -100 (PyTorch's BCELoss), so p = 0 or 1 gives a finite loss. e^-100 is where
// log reaches -100; below it we return -100 with gradient 0 (double where: log never sees the 0).
const LOG_FLOOR = -100;
const P_FLOOR = Math.exp(LOG_FLOOR);
function clampedLog(p: Tensor): Tensor {
  const ok = p.gt(P_FLOOR);
  return p.where(ok, 1).log().where(ok, LOG_FLOOR);
}

/**
 * Binary cross-entropy on probabilities: -w [y log p + (1 - y) log(1 - p)], each log clamped to >= -100 as
 * PyTorch, so p in {0, 1} stays finite (with gradient 0 where clamped). p must lie in [0, 1]; y has p's shape;
 * `weight` broadcasts onto it. Prefer `bceWithLogits` on logits: it is exact where sigmoid saturates.
 * @example binaryCrossEntropy(tensor([0.9, 0.2]), tensor([1, 0])) // 0.1643
 */
export function binaryCrossEntropy(p: Tensor, y: Tensor, opts?: LossOptions & { weight?: Tensor | null }): Tensor {
  const op = 'binaryCrossEntropy';
  const o = options(op, opts, ['reduction', 'weight']);
  floatArg(op, 'input', p);
  floatArg(op, 'target', y);
  sameShapeArg(op, p, 'input', y, 'target');
  const w = optionalTensor(op, 'weight', o.weight);
  if (w) checkWeightShape(op, 'weight', w, p.shape);
  const reduction = checkReduction(op, o.reduction);
  const values = noGrad(() => elementsForCheck(p));
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!(v >= 0 && v <= 1)) throw new ValueError(`${op}: input must hold probabilities in [0, 1]; element ${i} (flat) of ${fmtShape(p.shape)} is ${v}`);
  }
  const nll = y.mul(clampedLog(p)).add(y.neg().add(1).mul(clampedLog(p.neg().add(1)))).neg();
  return reduce(w ? nll.mul(w) : nll, reduction);
}

/** Options of `bceWithLogits`. */
export interface BCEWithLogitsOptions extends LossOptions {
  /** Per-element weight, broadcast onto the input. */
  weight?: Tensor | null;
  /** Weight of the positive term per class (broadcast along the last axis), e.g. negatives / positives. */
  posWeight?: Tensor | null;
}

/**
 * Binary cross-entropy on logits z: w [(1 - y) softplus(z) + posWeight y softplus(-z)], which equals
 * -w [posWeight y log s(z) + (1 - y) log(1 - s(z))] since -log s(z) = softplus(-z). softplus never overflows
 * and each term is exact for |z| up to 1e4 and beyond (no log of a rounded sigmoid, no cancellation).
 * @example bceWithLogits(tensor([2, -1]), tensor([1, 0]), { posWeight: tensor([3]) })
 */
export function bceWithLogits(z: Tensor, y: Tensor, opts?: BCEWithLogitsOptions): Tensor {
  const op = 'bceWithLogits';
  const o = options(op, opts, ['reduction', 'weight', 'posWeight']);
  floatArg(op, 'input', z);
  floatArg(op, 'target', y);
  sameShapeArg(op, z, 'input', y, 'target');
  const w = optionalTensor(op, 'weight', o.weight);
  const pw = optionalTensor(op, 'posWeight', o.posWeight);
  if (w) checkWeightShape(op, 'weight', w, z.shape);
  if (pw) checkWeightShape(op, 'posWeight', pw, z.shape);
  const reduction = checkReduction(op, o.reduction);
  const pos = pw ? y.mul(pw) : y;
  const loss = y.neg().add(1).mul(z.softplus()).add(pos.mul(z.neg().softplus()));
  return reduce(w ? loss.mul(w) : loss, reduction);
}
