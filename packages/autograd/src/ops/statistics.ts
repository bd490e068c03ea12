import { ValueError, describe } from '../errors.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { where } from './elementwise.js';
import { floatOperand } from './operand.js';
import { max, min, sum } from './reduce.js';

const reducedCount = (shape: readonly number[], axes: readonly number[]): number => axes.reduce((n, a) => n * shape[a]!, 1);

function checkKeepDims(op: string, keepDims: unknown): boolean {
  if (typeof keepDims !== 'boolean') throw new ValueError(`${op}: keepDims must be a boolean, got ${describe(keepDims)}`);
  return keepDims;
}

/** Options of `variance` and `std`. */
export interface VarOptions {
  /** Keep the reduced axes as size 1. Default false. */
  keepDims?: boolean;
  /** Divide by count - correction: 1 (default) is Bessel's unbiased estimate, 0 the population variance. */
  correction?: number;
}

function varOptions(op: string, opts: unknown): { keepDims: boolean; correction: number } {
  if (opts === undefined) return { keepDims: false, correction: 1 };
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`${op}: options must be an object, got ${describe(opts)}`);
  const { keepDims = false, correction = 1 } = opts as VarOptions;
  if (typeof correction !== 'number' || !Number.isFinite(correction)) {
    throw new ValueError(`${op}: correction must be a finite number, got ${describe(correction)}`);
  }
  return { keepDims: checkKeepDims(op, keepDims), correction };
}

/** Shared body of var and std: sum((x - mean)^2) / max(count - correction, 0), two-pass for accuracy. */
function varianceOf(op: string, x: Tensor, axis: number | number[] | undefined, opts: unknown): Tensor {
  const t = floatOperand(op, x);
  const { keepDims, correction } = varOptions(op, opts);
  const axes = normalizeAxes(op, axis, t.ndim);
  const d = t.sub(t.mean(axes, true));
  // As PyTorch: when correction >= count the divisor is 0, giving inf (or NaN for a constant slice).
  return sum(d.square(), axes, keepDims).div(Math.max(reducedCount(t._shape, axes) - correction, 0));
}

/**
 * Variance over `axis` (all axes when undefined): sum((x - mean)^2) / (count - correction), PyTorch's
 * `var`. With correction >= count the result is inf (NaN for a constant slice), as PyTorch.
 * @example variance(tensor([1, 2, 3, 4])) // 1.6667; variance(x, 0, { correction: 0 }) is the population variance
 */
export const variance = (x: Tensor, axis?: number | number[], opts?: VarOptions): Tensor => varianceOf('var', x, axis, opts);

/**
 * Standard deviation, sqrt(variance) with the same options. Like PyTorch, its gradient is NaN on a
 * constant slice (d sqrt(v) at v = 0 is inf, times 0).
 * @example std(tensor([1, 2, 3, 4])) // 1.2910
 */
export const std = (x: Tensor, axis?: number | number[], opts?: VarOptions): Tensor => varianceOf('std', x, axis, opts).sqrt();

/** s^(1/p), but exactly 0 with gradient 0 where s = 0 (double where: the unpicked root never sees 0). */
function safeRoot(s: Tensor, p: number): Tensor {
  const zero = s.eq(0);
  const root = where(zero, 1, s);
  return where(zero, 0, p === 2 ? root.sqrt() : root.pow(1 / p));
}

/**
 * Vector p-norm over `axis` (all axes when undefined): (sum |x|^p)^(1/p) for p > 0, max |x| for
 * p = Infinity, min |x| for p = -Infinity, and the count of nonzeros for p = 0 (a constant: no gradient).
 * At the zero vector the gradient is 0, not NaN (the minimum-norm subgradient); zero elements also get 0
 * for p < 1. Ties of the inf-norms split the gradient evenly. Negative finite p is not supported.
 * @example norm(tensor([3, 4])) // 5
 */
export function norm(x: Tensor, p = 2, axis?: number | number[], keepDims = false): Tensor {
  const t = floatOperand('norm', x);
  if (typeof p !== 'number' || Number.isNaN(p) || (p < 0 && p !== -Infinity)) {
    throw new ValueError(`norm: p must be a number > 0, 0, Infinity or -Infinity, got ${describe(p)}`);
  }
  const axes = normalizeAxes('norm', axis, t.ndim);
  checkKeepDims('norm', keepDims);
  if (p === Infinity) return max(t.abs(), axes, keepDims);
  if (p === -Infinity) return min(t.abs(), axes, keepDims);
  if (p === 0) return sum(t.detach().ne(0).astype(t.dtype), axes, keepDims);
  if (p === 1) return sum(t.abs(), axes, keepDims);
  if (p === 2) return safeRoot(sum(t.square(), axes, keepDims), 2);
  // |x|^p with d|x|^p = 0 at x = 0 even for p < 1, where p |x|^(p-1) would be inf (times sign 0 = NaN).
  const a = t.abs();
  const zero = a.eq(0);
  const powered = where(zero, 0, where(zero, 1, a).pow(p));
  return safeRoot(sum(powered, axes, keepDims), p);
}
