import { ShapeError, Tensor, ValueError, arange, fmtShape } from '@nabla/autograd';
import { boolArg, floatArg, intArg, numArg, oneOf, optionalTensor, options, sameShapeArg, tensorArg } from '../check.js';
import { checkClassWeight, checkLabels, classAxisOf } from './labels.js';
import type { LossOptions } from './regression-losses.js';
import { checkReduction, reduce } from './reduction.js';

/** Options of `klDiv`: reduction adds 'batchmean' (sum / batch size: the true KL divergence per sample). */
export interface KLDivOptions {
  /** 'mean' (default, as PyTorch: the mean over all elements), 'batchmean', 'sum' or 'none'. */
  reduction?: 'mean' | 'batchmean' | 'sum' | 'none';
  /** The target is given as log-probabilities (default false). */
  logTarget?: boolean;
}

/**
 * KL divergence KL(target || input) with `input` as log-probabilities: target (log target - input) per
 * element, taken as 0 where target = 0 (x log x -> 0); with logTarget: exp(t) (t - input).
 * Use reduction 'batchmean' for the mathematical KL per sample.
 * @example klDiv(logits.logSoftmax(1), targetProbs, { reduction: 'batchmean' })
 */
export function klDiv(input: Tensor, target: Tensor, opts?: KLDivOptions): Tensor {
  const op = 'klDiv';
  const o = options(op, opts, ['reduction', 'logTarget']);
  floatArg(op, 'input', input);
  floatArg(op, 'target', target);
  sameShapeArg(op, input, 'input', target, 'target');
  const reduction = oneOf(op, 'reduction', o.reduction, ['mean', 'batchmean', 'sum', 'none'], 'mean');
  const logTarget = boolArg(op, 'logTarget', o.logTarget, false);
  let loss: Tensor;
  if (logTarget) {
    loss = target.exp().mul(target.sub(input));
  } else {
    const nz = target.ne(0);
    // Double where: log never sees the 0, so the gradient there is 0 and not 0 * inf = NaN.
    const tLogT = target.mul(target.where(nz, 1).log()).where(nz, 0);
    loss = tLogT.sub(target.mul(input));
  }
  if (reduction === 'batchmean') return loss.sum().div(input.ndim === 0 ? 1 : input.shape[0]!);
  return reduce(loss, reduction);
}

/**
 * Hinge embedding loss for labels y in {1, -1}: x where y = 1, max(0, margin - x) where y = -1 (PyTorch's
 * formula: any other label value adds both terms). Default margin 1.
 * @example hingeEmbeddingLoss(distances, tensor([1, -1, 1]))
 */
export function hingeEmbeddingLoss(x: Tensor, y: Tensor, opts?: LossOptions & { margin?: number }): Tensor {
  const op = 'hingeEmbeddingLoss';
  const o = options(op, opts, ['reduction', 'margin']);
  floatArg(op, 'input', x);
  tensorArg(op, 'target', y);
  sameShapeArg(op, x, 'input', y, 'target');
  const margin = numArg(op, 'margin', o.margin, 1);
  const reduction = checkReduction(op, o.reduction);
  const marginTerm = x.neg().add(margin).relu().where(y.ne(1), 0);
  const selfTerm = x.where(y.ne(-1), 0);
  return reduce(marginTerm.add(selfTerm), reduction);
}

/**
 * Cosine similarity along `axis` (default 1): sum(a b) / sqrt(max(|a|^2 |b|^2, eps^2)) (PyTorch's current
 * formula; eps default 1e-8 keeps zero vectors finite). a and b broadcast against each other.
 * @example cosineSimilarity(a, b, { axis: -1 })
 */
export function cosineSimilarity(a: Tensor, b: Tensor, opts?: { axis?: number; eps?: number }): Tensor {
  const op = 'cosineSimilarity';
  const o = options(op, opts, ['axis', 'eps']);
  floatArg(op, 'a', a);
  floatArg(op, 'b', b);
  const n = Math.max(a.ndim, b.ndim);
  const shape: number[] = [];
  for (let i = n; i >= 1; i--) {
    const da = a.shape[a.ndim - i] ?? 1;
    const db = b.shape[b.ndim - i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: a ${fmtShape(a.shape)} and b ${fmtShape(b.shape)} do not broadcast (dim ${n - i}: ${da} vs ${db})`);
    }
    shape.push(da === 1 ? db : da);
  }
  const axis = intArg(op, 'axis', o.axis ?? 1, -n);
  if (axis >= n) throw new ShapeError(`${op}: axis ${axis} is out of range for ${n}-d inputs ${fmtShape(a.shape)} and ${fmtShape(b.shape)}`);
  const eps = numArg(op, 'eps', o.eps, 1e-8, { min: 0 });
  const [x, y] = [a.broadcastTo(shape), b.broadcastTo(shape)];
  const dot = x.mul(y).sum(axis);
  const denom = x.square().sum(axis).mul(y.square().sum(axis)).maximum(eps * eps).sqrt();
  return dot.div(denom);
}

/** Options of `multiMarginLoss`. */
export interface MultiMarginOptions extends LossOptions {
  /** 1 (default) or 2: the power of each hinge. */
  p?: 1 | 2;
  /** Default 1. */
  margin?: number;
  /** Per-class weight [C], applied by the target's class. */
  weight?: Tensor | null;
}

/**
 * Multi-class hinge loss: for each sample, sum over j != y of w[y] max(0, margin - x[y] + x[j])^p / C.
 * x is [N, C] or [C]; target int32 [N] or [] holds class indices (checked like crossEntropy's).
 * @example multiMarginLoss(scores, tensor([3, 0], { dtype: 'int32' }), { margin: 0.5 })
 */
export function multiMarginLoss(x: Tensor, target: Tensor, opts?: MultiMarginOptions): Tensor {
  const op = 'multiMarginLoss';
  const o = options(op, opts, ['reduction', 'p', 'margin', 'weight']);
  floatArg(op, 'input', x);
  tensorArg(op, 'target', target);
  if (x.ndim > 2) throw new ShapeError(`${op}: input must be [C] or [N, C], got ${fmtShape(x.shape)}`);
  const axis = classAxisOf(op, x);
  const c = x.shape[axis]!;
  const p = o.p ?? 1;
  if (p !== 1 && p !== 2) throw new ValueError(`${op}: p must be 1 or 2, got ${String(p)}`);
  const margin = numArg(op, 'margin', o.margin, 1);
  const w = optionalTensor(op, 'weight', o.weight);
  checkClassWeight(op, w, c);
  const reduction = checkReduction(op, o.reduction);
  const { labels } = checkLabels(op, x, target, axis, Number.NaN); // no ignore index
  const idx = labels.unsqueeze(axis);
  const own = x.gather(axis, idx); // x[y], kept as a size-1 axis to broadcast over classes
  let h = x.sub(own).add(margin).relu();
  if (p === 2) h = h.square();
  if (w) h = h.mul(w.indexSelect(0, labels.reshape([labels.size])).reshape(idx.shape));
  const others = arange(c, undefined, undefined, { dtype: 'int32' }).reshape(axis === 1 ? [1, c] : [c]).ne(idx); // j != y
  return reduce(h.where(others, 0).sum(axis).div(c), reduction);
}
