import { Tensor, ValueError, describe } from '@nabla/autograd';
import { floatArg, numArg, optionalTensor, options, tensorArg } from '../check.js';
import { checkClassWeight, checkLabels, classAxisOf } from './labels.js';
import type { LossOptions } from './regression-losses.js';
import { checkReduction, reduce, type Reduction } from './reduction.js';

/** Options of `nllLoss`. */
export interface NLLLossOptions extends LossOptions {
  /** Per-class weight [C]; with 'mean' the sum is divided by the total weight of the used targets. */
  weight?: Tensor | null;
  /** Target value that contributes nothing (default -100). */
  ignoreIndex?: number;
}

/** Options of `crossEntropy`. */
export interface CrossEntropyOptions extends NLLLossOptions {
  /** Mixes the target with the uniform distribution: (1 - e) target + e / C; default 0. */
  labelSmoothing?: number;
}

function ignoreIndexArg(op: string, v: unknown): number {
  const x = v ?? -100;
  if (typeof x !== 'number' || !Number.isInteger(x)) throw new ValueError(`${op}: ignoreIndex must be an integer, got ${describe(v)}`);
  return x;
}

/** Per-class weights viewed along the class axis, for broadcasting against [N, C, d...]. */
const alongClass = (w: Tensor, ndim: number, axis: number): Tensor => w.reshape(Array.from({ length: ndim }, (_, i) => (i === axis ? w.shape[0]! : 1)));

/**
 * Negative log-likelihood -w[y] logp[y] over log-probabilities [N, C, d...] (or [C]) and int32 class
 * indices [N, d...]. Targets equal to `ignoreIndex` add 0 and no weight. 'mean' divides by the summed
 * weight of the used targets; when every target is ignored that is 0 / 0 = NaN, as PyTorch.
 * @example nllLoss(logits.logSoftmax(1), tensor([2, 0], { dtype: 'int32' }))
 */
export function nllLoss(logp: Tensor, target: Tensor, opts?: NLLLossOptions): Tensor {
  const op = 'nllLoss';
  const o = options(op, opts, ['reduction', 'weight', 'ignoreIndex']);
  floatArg(op, 'input', logp);
  tensorArg(op, 'target', target);
  return nll(op, logp, target, optionalTensor(op, 'weight', o.weight), ignoreIndexArg(op, o.ignoreIndex), checkReduction(op, o.reduction), 0, (x) => x);
}

/**
 * Shared by nllLoss and crossEntropy (which adds the label-smoothing term and passes logSoftmax as `toLogp`,
 * so labels are validated before anything is computed).
 */
function nll(
  op: string, input: Tensor, target: Tensor, w: Tensor | undefined, ignoreIndex: number, reduction: Reduction, smoothing: number,
  toLogp: (x: Tensor, axis: number) => Tensor,
): Tensor {
  const axis = classAxisOf(op, input);
  const c = input.shape[axis]!;
  checkClassWeight(op, w, c);
  const { labels, keep } = checkLabels(op, input, target, axis, ignoreIndex);
  const logp = toLogp(input, axis);
  const used = keep.ne(0);
  const picked = logp.gather(axis, labels.unsqueeze(axis)).squeeze(axis);
  const wt = w ? w.indexSelect(0, labels.reshape([labels.size])).reshape(labels.shape).where(used, 0) : used.astype(logp.dtype);
  const loss = picked.mul(wt).neg().where(used, 0);
  // Label smoothing (PyTorch): -sum_c w_c logp_c / C per used target, reduced with the same normaliser.
  const smooth = smoothing > 0 ? (w ? logp.mul(alongClass(w, logp.ndim, axis)) : logp).sum(axis).neg().where(used, 0) : null;
  const mix = (a: Tensor, s: Tensor | null): Tensor => (s ? a.mul(1 - smoothing).add(s.mul(smoothing / c)) : a);
  if (reduction === 'none') return mix(loss, smooth);
  if (reduction === 'sum') return mix(loss.sum(), smooth && smooth.sum());
  const total = wt.sum(); // 0 when every target is ignored: the mean is then NaN, as PyTorch
  return mix(loss.sum().div(total), smooth && smooth.sum().div(total));
}

/**
 * Cross-entropy of logits [N, C, d...] (or [C]) against either int32 class indices [N, d...] or class
 * probabilities of the input's shape, computed through logSoftmax (stable for logits of +-1e4).
 * Index targets: weight, ignoreIndex and labelSmoothing as PyTorch (labels are checked before computing:
 * out-of-range, negative, fractional or NaN labels throw naming index, value and range).
 * With 'mean', an all-ignored batch gives NaN (0 / 0), as PyTorch.
 * Probability targets: -sum_c w_c y_c logp_c, 'mean' divides by N * d...; they are not checked to be
 * non-negative or to sum to 1 (as PyTorch), so soft or unnormalised targets compute the plain formula.
 * @example crossEntropy(logits, tensor([2, 0], { dtype: 'int32' }), { labelSmoothing: 0.1 })
 */
export function crossEntropy(input: Tensor, target: Tensor, opts?: CrossEntropyOptions): Tensor {
  const op = 'crossEntropy';
  const o = options(op, opts, ['reduction', 'weight', 'ignoreIndex', 'labelSmoothing']);
  floatArg(op, 'input', input);
  tensorArg(op, 'target', target);
  const w = optionalTensor(op, 'weight', o.weight);
  const ignoreIndex = ignoreIndexArg(op, o.ignoreIndex);
  const smoothing = numArg(op, 'labelSmoothing', o.labelSmoothing, 0, { min: 0 });
  if (smoothing > 1) throw new ValueError(`${op}: labelSmoothing must be in [0, 1], got ${smoothing}`);
  const reduction = checkReduction(op, o.reduction);
  const axis = classAxisOf(op, input);
  const c = input.shape[axis]!;
  const probs = target.dtype !== 'int32' && target.ndim === input.ndim && target.shape.every((d, i) => d === input.shape[i]);
  if (!probs) return nll(op, input, target, w, ignoreIndex, reduction, smoothing, (x, a) => x.logSoftmax(a));
  checkClassWeight(op, w, c);
  const y = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / c) : target;
  const logp = input.logSoftmax(axis);
  const loss = (w ? logp.mul(alongClass(w, input.ndim, axis)) : logp).mul(y).sum(axis).neg();
  return reduce(loss, reduction);
}
