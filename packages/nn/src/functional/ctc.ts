import { DTypeError, ShapeError, Tensor, ValueError, describe, fmtShape, stack, tensor } from '@nabla/autograd';
import { boolArg, floatArg, intArg, options } from '../check.js';
import type { Reduction } from './reduction.js';
import { checkReduction } from './reduction.js';

/** Options of `ctcLoss` (PyTorch's, camelCase). */
export interface CTCLossOptions {
  /** The blank class (default 0). */
  blank?: number;
  /** 'mean' (default: each loss divided by its target length, then the batch mean), 'sum' or 'none'. */
  reduction?: Reduction;
  /** Replace infinite losses (no alignment fits) and their gradients by 0 (default false). */
  zeroInfinity?: boolean;
}

/** Lengths given as an int32 tensor or a number array, one per batch element. */
export type Lengths = Tensor | readonly number[];

function lengths(op: string, name: string, v: unknown, n: number, max: number, min: number): number[] {
  let a: number[];
  if (v instanceof Tensor) {
    if (v.dtype !== 'int32') throw new DTypeError(`${op}: ${name} must be int32, got ${v.dtype} of shape ${fmtShape(v.shape)}`);
    a = Array.from(v.data());
  } else if (Array.isArray(v)) a = v.slice() as number[];
  else if (typeof v === 'number') a = [v];
  else throw new ValueError(`${op}: ${name} must be an int32 Tensor or an array of integers, got ${describe(v)}`);
  if (a.length !== n) throw new ShapeError(`${op}: ${name} must have one length per batch element (${n}), got ${a.length}`);
  a.forEach((l) => {
    if (!Number.isInteger(l) || l < min || l > max) throw new ValueError(`${op}: ${name} must be integers in [${min}, ${max}], got ${describe(l)}`);
  });
  return a;
}

/**
 * Connectionist temporal classification loss (PyTorch's F.ctc_loss), by the log-space forward algorithm
 * over the blank-extended targets, in differentiable ops. logProbs [T, N, C] (or [T, C]) are
 * log-probabilities (e.g. `logSoftmax(2)`); targets int32 [N, S] padded, or 1-D with the targets of all
 * samples concatenated; inputLengths and targetLengths one per sample. The gradient is the exact one
 * w.r.t. logProbs; through a logSoftmax it equals PyTorch's (whose CTC backward assumes that softmax).
 * @example ctcLoss(logits.logSoftmax(2), targets, [50, 50], [20, 17])
 */
export function ctcLoss(logProbs: Tensor, targets: Tensor, inputLengths: Lengths, targetLengths: Lengths, opts?: CTCLossOptions): Tensor {
  const op = 'ctcLoss';
  const o = options(op, opts, ['blank', 'reduction', 'zeroInfinity']);
  floatArg(op, 'logProbs', logProbs);
  if (!(targets instanceof Tensor) || targets.dtype !== 'int32') {
    throw new DTypeError(`${op}: targets must be an int32 Tensor, got ${targets instanceof Tensor ? `${targets.dtype} of shape ${fmtShape(targets.shape)}` : describe(targets)}`);
  }
  if (logProbs.ndim !== 3 && logProbs.ndim !== 2) throw new ShapeError(`${op}: logProbs must be [T, N, C] or [T, C], got ${fmtShape(logProbs.shape)}`);
  const unbatched = logProbs.ndim === 2;
  const lp = unbatched ? logProbs.unsqueeze(1) : logProbs;
  const [T, N, C] = lp.shape as [number, number, number];
  const blank = intArg(op, 'blank', o.blank ?? 0, 0);
  if (blank >= C) throw new ValueError(`${op}: blank ${blank} is out of range for ${C} classes of logProbs ${fmtShape(logProbs.shape)}`);
  const reduction = checkReduction(op, o.reduction);
  const zeroInfinity = boolArg(op, 'zeroInfinity', o.zeroInfinity, false);
  const inLen = lengths(op, 'inputLengths', inputLengths, N, T, 1);
  // Batched: [N, S] padded or 1-D concatenated; unbatched: [S].
  const padded = targets.ndim === (unbatched ? 1 : 2);
  const stride = padded ? targets.shape[targets.ndim - 1]! : 0;
  const tgLen = lengths(op, 'targetLengths', targetLengths, N, padded ? stride : targets.size, 0);
  if (!padded && targets.ndim !== 1) throw new ShapeError(`${op}: targets must be [N, S] or 1-D concatenated, got ${fmtShape(targets.shape)}`);
  if (!padded && tgLen.reduce((a, b) => a + b, 0) !== targets.size) {
    throw new ShapeError(`${op}: 1-D targets ${fmtShape(targets.shape)} must hold sum(targetLengths) = ${tgLen.reduce((a, b) => a + b, 0)} labels`);
  }
  const td = targets.data();
  const S = Math.max(0, ...tgLen);
  const L = 2 * S + 1;
  // ext[n][s]: blank at even s, the (s-1)/2-th label at odd s; skip[n][s]: the s-2 -> s transition is allowed.
  const ext = new Array<number>(N * L).fill(blank);
  const noSkip = new Array<number>(N * L).fill(1);
  let off = 0;
  for (let n = 0; n < N; n++) {
    const base = padded ? n * stride : off;
    for (let k = 0; k < tgLen[n]!; k++) {
      const c = td[base + k]!;
      if (c < 0 || c >= C || c === blank) throw new ValueError(`${op}: target label ${c} (sample ${n}, position ${k}) must be in [0, ${C}) and not the blank ${blank}`);
      ext[n * L + 2 * k + 1] = c;
      if (k > 0 && td[base + k - 1] !== c) noSkip[n * L + 2 * k + 1] = 0;
    }
    off += tgLen[n]!;
  }
  const idx = tensor(ext, { dtype: 'int32', shape: [1, N, L] }).expand([T, N, L]);
  const emit = lp.gather(2, idx); // [T, N, L]
  const i32 = (d: number[], shape: number[]) => tensor(d, { dtype: 'int32', shape });
  const noSkipMask = i32(noSkip, [N, L]);
  const first = i32(Array.from({ length: N * L }, (_, i) => (i % L < 2 ? 1 : 0)), [N, L]);
  const shift = (a: Tensor, k: number) => a.pad([[0, 0], [k, 0]], -Infinity).narrow(1, 0, L);
  let alpha = emit.select(0, 0).where(first, -Infinity);
  for (let t = 1; t < T; t++) {
    const active = i32(inLen.map((l) => (t < l ? 1 : 0)), [N, 1]);
    const next = stack([alpha, shift(alpha, 1), shift(alpha, 2).where(noSkipMask.eq(0), -Infinity)]).logsumexp(0).add(emit.select(0, t));
    alpha = next.where(active, alpha);
  }
  // The path ends on the last label or the trailing blank.
  const endIdx = i32(tgLen.flatMap((l) => [2 * l, Math.max(2 * l - 1, 0)]), [N, 2]);
  const endOk = i32(tgLen.flatMap((l) => [1, l > 0 ? 1 : 0]), [N, 2]);
  let loss = alpha.gather(1, endIdx).where(endOk, -Infinity).logsumexp(1).neg(); // [N]
  if (zeroInfinity) loss = loss.where(loss.isinf().logicalNot(), 0);
  if (reduction === 'none') return unbatched ? loss.reshape([]) : loss;
  if (reduction === 'sum') return loss.sum();
  return loss.div(tensor(tgLen.map((l) => Math.max(l, 1)), { dtype: loss.dtype })).mean();
}
