import { DTypeError, ShapeError, Tensor, fmtShape, tensor } from '@nabla/autograd';
import { boolArg, floatArg, numArg, optionalTensor, options, sameShapeArg, tensorArg } from '../check.js';
import { pairwiseDistance } from './distance.js';
import type { LossOptions } from './regression-losses.js';
import { checkReduction, reduce } from './reduction.js';

/** Options of the margin losses (`cosineEmbeddingLoss`, `marginRankingLoss`). */
export interface MarginLossOptions extends LossOptions {
  /** The margin (default 0). */
  margin?: number;
}

/** Options of `tripletMarginLoss` (PyTorch's, camelCase). */
export interface TripletMarginLossOptions extends LossOptions {
  /** Required gap between d(anchor, positive) and d(anchor, negative) (default 1). */
  margin?: number;
  /** The norm degree of the pairwise distance (default 2). */
  p?: number;
  /** Added to the difference before the norm (default 1e-6). */
  eps?: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance (the distance swap, default false). */
  swap?: boolean;
}

/**
 * Cosine embedding loss: 1 - cos(x1, x2) where y = 1 and max(0, cos(x1, x2) - margin) where y = -1, with
 * PyTorch's cos = x1.x2 / sqrt((|x1|^2 + 1e-12)(|x2|^2 + 1e-12)). x1, x2 [N, D] (or [D]); y [N] (or []).
 * @example cosineEmbeddingLoss(a, b, tensor([1, -1]), { margin: 0.2 })
 */
export function cosineEmbeddingLoss(x1: Tensor, x2: Tensor, y: Tensor, opts?: MarginLossOptions): Tensor {
  const op = 'cosineEmbeddingLoss';
  const o = options(op, opts, ['reduction', 'margin']);
  floatArg(op, 'input1', x1);
  floatArg(op, 'input2', x2);
  tensorArg(op, 'target', y);
  sameShapeArg(op, x1, 'input1', x2, 'input2');
  if (x1.ndim < 1 || x1.ndim > 2 || y.ndim !== x1.ndim - 1 || (x1.ndim === 2 && y.shape[0] !== x1.shape[0])) {
    throw new ShapeError(`${op}: inputs must be [N, D] with target [N] (or [D] with target []), got input1 ${fmtShape(x1.shape)} and target ${fmtShape(y.shape)}`);
  }
  const margin = numArg(op, 'margin', o.margin, 0);
  const reduction = checkReduction(op, o.reduction);
  const axis = x1.ndim - 1;
  const eps = 1e-12;
  const cos = x1.mul(x2).sum(axis).div(x1.square().sum(axis).add(eps).mul(x2.square().sum(axis).add(eps)).sqrt());
  const pos = cos.neg().add(1).where(y.eq(1), 0);
  const neg = cos.sub(margin).relu().where(y.eq(-1), 0);
  return reduce(pos.add(neg), reduction);
}

/**
 * Margin ranking loss: max(0, -y (x1 - x2) + margin) for y in {1, -1} (1: x1 should rank higher).
 * @example marginRankingLoss(s1, s2, tensor([1, -1, 1]), { margin: 0.1 })
 */
export function marginRankingLoss(x1: Tensor, x2: Tensor, y: Tensor, opts?: MarginLossOptions): Tensor {
  const op = 'marginRankingLoss';
  const o = options(op, opts, ['reduction', 'margin']);
  floatArg(op, 'input1', x1);
  floatArg(op, 'input2', x2);
  tensorArg(op, 'target', y);
  sameShapeArg(op, x1, 'input1', x2, 'input2');
  sameShapeArg(op, x1, 'input1', y, 'target');
  const margin = numArg(op, 'margin', o.margin, 0);
  const reduction = checkReduction(op, o.reduction);
  return reduce(x1.sub(x2).mul(y).neg().add(margin).relu(), reduction);
}

/**
 * Triplet margin loss: max(0, margin + d(a, p) - d(a, n)) with d = `pairwiseDistance` (p-norm of the
 * difference plus eps, over the last axis). anchor, positive, negative [N, D] (or [D]).
 * @example tripletMarginLoss(a, pos, neg, { margin: 0.5, swap: true })
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, opts?: TripletMarginLossOptions): Tensor {
  const op = 'tripletMarginLoss';
  const o = options(op, opts, ['reduction', 'margin', 'p', 'eps', 'swap']);
  floatArg(op, 'anchor', anchor);
  floatArg(op, 'positive', positive);
  floatArg(op, 'negative', negative);
  if (anchor.ndim < 1 || anchor.ndim > 2) throw new ShapeError(`${op}: anchor must be [N, D] or [D], got ${fmtShape(anchor.shape)}`);
  sameShapeArg(op, anchor, 'anchor', positive, 'positive');
  sameShapeArg(op, anchor, 'anchor', negative, 'negative');
  const margin = numArg(op, 'margin', o.margin, 1);
  const p = numArg(op, 'p', o.p, 2, { min: 0, exclusiveMin: true });
  const eps = numArg(op, 'eps', o.eps, 1e-6);
  const swap = boolArg(op, 'swap', o.swap, false);
  const reduction = checkReduction(op, o.reduction);
  const dAP = pairwiseDistance(anchor, positive, { p, eps });
  let dAN = pairwiseDistance(anchor, negative, { p, eps });
  if (swap) dAN = dAN.minimum(pairwiseDistance(positive, negative, { p, eps }));
  return reduce(dAP.sub(dAN).add(margin).relu(), reduction);
}

/**
 * Soft margin loss (two-class logistic): log(1 + exp(-y x)) for y in {1, -1}, computed stably.
 * @example softMarginLoss(scores, tensor([1, -1, 1]))
 */
export function softMarginLoss(x: Tensor, y: Tensor, opts?: LossOptions): Tensor {
  const op = 'softMarginLoss';
  const o = options(op, opts, ['reduction']);
  floatArg(op, 'input', x);
  tensorArg(op, 'target', y);
  sameShapeArg(op, x, 'input', y, 'target');
  const reduction = checkReduction(op, o.reduction);
  return reduce(x.mul(y).neg().softplus(), reduction);
}

/**
 * Multi-label one-versus-all logistic loss: -(y log sigmoid(x) + (1 - y) log sigmoid(-x)), times the class
 * weight, averaged over the C classes of each sample. x and y [N, C] (or [C]); weight [C].
 * @example multilabelSoftMarginLoss(logits, targets01)
 */
export function multilabelSoftMarginLoss(x: Tensor, y: Tensor, opts?: LossOptions & { weight?: Tensor | null }): Tensor {
  const op = 'multilabelSoftMarginLoss';
  const o = options(op, opts, ['reduction', 'weight']);
  floatArg(op, 'input', x);
  floatArg(op, 'target', y);
  sameShapeArg(op, x, 'input', y, 'target');
  if (x.ndim < 1 || x.ndim > 2) throw new ShapeError(`${op}: input must be [N, C] or [C], got ${fmtShape(x.shape)}`);
  const c = x.shape[x.ndim - 1]!;
  const w = optionalTensor(op, 'weight', o.weight);
  if (w && (w.ndim !== 1 || w.shape[0] !== c)) throw new ShapeError(`${op}: weight must be [${c}] (one per class of input ${fmtShape(x.shape)}), got ${fmtShape(w.shape)}`);
  const reduction = checkReduction(op, o.reduction);
  let loss = y.mul(x.logsigmoid()).add(y.neg().add(1).mul(x.neg().logsigmoid())).neg();
  if (w) loss = loss.mul(w);
  return reduce(loss.sum(x.ndim - 1).div(c), reduction);
}

/**
 * Multi-class multi-label hinge loss: per sample, sum over target classes j and non-target classes i of
 * max(0, 1 - (x[j] - x[i])) / C. y is int32 of x's shape ([N, C] or [C]) holding the target class indices,
 * ended by the first -1 (PyTorch's layout).
 * @example multilabelMarginLoss(x, tensor([[3, 0, -1, 1]], { dtype: 'int32' }))
 */
export function multilabelMarginLoss(x: Tensor, y: Tensor, opts?: LossOptions): Tensor {
  const op = 'multilabelMarginLoss';
  const o = options(op, opts, ['reduction']);
  floatArg(op, 'input', x);
  tensorArg(op, 'target', y);
  if (x.ndim < 1 || x.ndim > 2) throw new ShapeError(`${op}: input must be [N, C] or [C], got ${fmtShape(x.shape)}`);
  if (y.dtype !== 'int32') throw new DTypeError(`${op}: target must be int32 class indices (ended by -1), got ${y.dtype} of shape ${fmtShape(y.shape)}`);
  sameShapeArg(op, x, 'input', y, 'target');
  const reduction = checkReduction(op, o.reduction);
  const c = x.shape[x.ndim - 1]!;
  const rows = x.size / Math.max(c, 1);
  const yd = y.data();
  // counts[j]: how often class j is listed before the first -1; isTarget[i]: whether it is listed at all.
  const counts = new Array<number>(x.size).fill(0);
  for (let n = 0; n < rows; n++) {
    for (let k = 0; k < c; k++) {
      const j = yd[n * c + k]!;
      if (j === -1) break;
      if (!Number.isInteger(j) || j < 0 || j >= c) throw new ShapeError(`${op}: target class ${j} (row ${n}) is out of range for ${c} classes of input ${fmtShape(x.shape)}`);
      counts[n * c + j]! += 1;
    }
  }
  const shape2 = [rows, c];
  const jWeight = tensor(counts, { dtype: x.dtype, shape: shape2 });
  const iMask = tensor(counts.map((v) => (v > 0 ? 0 : 1)), { dtype: x.dtype, shape: shape2 });
  const x2 = x.reshape(shape2);
  // h[n, j, i] = max(0, 1 - x[n, j] + x[n, i]), weighted by the target count of j and the non-target mask of i.
  const h = x2.unsqueeze(1).sub(x2.unsqueeze(2)).add(1).relu();
  const loss = h.mul(jWeight.unsqueeze(2)).mul(iMask.unsqueeze(1)).sum([1, 2]).div(c);
  return reduce(x.ndim === 1 ? loss.reshape([]) : loss, reduction);
}
