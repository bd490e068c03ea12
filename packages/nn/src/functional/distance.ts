import { DTypeError, ShapeError, ValueError, arange, fmtShape, type Tensor } from '@nabla/autograd';
import { boolArg, floatArg, intArg, numArg, options, tensorArg } from '../check.js';

/** Options of `pairwiseDistance` (PyTorch's, camelCase). */
export interface PairwiseDistanceOptions {
  /** The norm degree (default 2; Infinity for the max norm). */
  p?: number;
  /** Added to the difference before the norm, keeping the gradient finite at 0 (default 1e-6). */
  eps?: number;
  /** Keep the reduced last axis as size 1 (default false). */
  keepdim?: boolean;
}

/** Options of `normalize` (PyTorch's, camelCase; `axis` is PyTorch's dim). */
export interface NormalizeOptions {
  /** The norm degree (default 2). */
  p?: number;
  /** The axis normalised (default 1). */
  axis?: number;
  /** Lower bound of the divisor (default 1e-12). */
  eps?: number;
}

/**
 * The p-norm distance between x1 and x2 along the last axis: ||x1 - x2 + eps||_p (PyTorch's formula; the
 * inputs broadcast). [N, D] and [N, D] give [N].
 * @example pairwiseDistance(a, b, { p: 1 }) // [N]
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, opts?: PairwiseDistanceOptions): Tensor {
  const op = 'pairwiseDistance';
  const o = options(op, opts, ['p', 'eps', 'keepdim']);
  floatArg(op, 'x1', x1);
  floatArg(op, 'x2', x2);
  const p = numArg(op, 'p', o.p === Infinity ? 0 : o.p, 2, { min: 0 });
  const eps = numArg(op, 'eps', o.eps, 1e-6);
  const keepdim = boolArg(op, 'keepdim', o.keepdim, false);
  const n = Math.max(x1.ndim, x2.ndim);
  for (let i = 1; i <= n; i++) {
    const a = x1.shape[x1.ndim - i] ?? 1;
    const b = x2.shape[x2.ndim - i] ?? 1;
    if (a !== b && a !== 1 && b !== 1) throw new ShapeError(`${op}: x1 ${fmtShape(x1.shape)} and x2 ${fmtShape(x2.shape)} do not broadcast`);
  }
  if (n === 0) throw new ShapeError(`${op}: needs at least 1-D inputs, got x1 ${fmtShape(x1.shape)} and x2 ${fmtShape(x2.shape)}`);
  return x1.sub(x2).add(eps).norm(o.p === Infinity ? Infinity : p, n - 1, keepdim);
}

/**
 * Divides x by its p-norm along `axis`, at least eps: x / max(||x||_p, eps) (PyTorch's F.normalize).
 * @example normalize(x, { axis: -1 }) // unit rows
 */
export function normalize(x: Tensor, opts?: NormalizeOptions): Tensor {
  const op = 'normalize';
  const o = options(op, opts, ['p', 'axis', 'eps']);
  floatArg(op, 'x', x);
  const p = o.p === Infinity ? Infinity : numArg(op, 'p', o.p, 2, { min: 0 });
  const eps = numArg(op, 'eps', o.eps, 1e-12, { min: 0 });
  const axis = intArg(op, 'axis', o.axis ?? 1, -Math.max(x.ndim, 1));
  if (axis >= Math.max(x.ndim, 1)) throw new ShapeError(`${op}: axis ${axis} is out of range for x of shape ${fmtShape(x.shape)}`);
  if (x.ndim === 0) return x.div(x.abs().maximum(eps));
  return x.div(x.norm(p, axis, true).maximum(eps));
}

/**
 * One-hot encoding: int32 class indices of any shape -> int32 [...shape, numClasses] with a 1 at each index.
 * numClasses defaults to (max index + 1), as PyTorch's -1.
 * @example oneHot(tensor([0, 2], { dtype: 'int32' }), 3) // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(idx: Tensor, numClasses = -1): Tensor {
  const op = 'oneHot';
  tensorArg(op, 'idx', idx);
  if (idx.dtype !== 'int32') throw new DTypeError(`${op}: idx must be int32 class indices, got ${idx.dtype} of shape ${fmtShape(idx.shape)}`);
  const d = idx.data();
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of d) [lo, hi] = [Math.min(lo, v), Math.max(hi, v)];
  const c = numClasses === -1 ? (d.length === 0 ? 0 : hi + 1) : intArg(op, 'numClasses', numClasses, 0);
  if (d.length > 0 && (lo < 0 || hi >= c)) {
    throw new ValueError(`${op}: class values must be in [0, ${c}), got ${lo < 0 ? lo : hi} in idx of shape ${fmtShape(idx.shape)}`);
  }
  if (numClasses === -1 && d.length === 0) throw new ValueError(`${op}: cannot infer numClasses from an empty idx; pass it`);
  return idx.unsqueeze(-1).eq(arange(c, undefined, undefined, { dtype: 'int32' }));
}
