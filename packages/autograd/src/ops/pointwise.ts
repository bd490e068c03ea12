import { DTypeError, fmtShape } from '../errors.js';
import type { Tensor, TensorLike } from '../tensor/tensor.js';
import { numberArg, optionsOf } from './args.js';
import { where } from './elementwise.js';
import { broadcastOperands, checkTensor } from './operand.js';

/** Floats only: lerp and logaddexp of int32 tensors are not defined in PyTorch either. */
function floats(op: string, xs: Tensor[]): Tensor[] {
  if (xs[0]!.dtype === 'int32') {
    throw new DTypeError(`${op}: expects float tensors, got int32 operands of shapes ${xs.map((t) => fmtShape(t._shape)).join(', ')}; cast with astype('float32') first`);
  }
  return xs;
}

/**
 * Linear interpolation start + weight (end - start), broadcasting all three. Computed as PyTorch does
 * (from `end` when |weight| >= 0.5), so weight = 1 gives `end` exactly.
 * @example lerp(tensor([0, 10]), tensor([10, 20]), 0.5) // [5, 15]
 */
export function lerp(start: Tensor, end: TensorLike, weight: TensorLike): Tensor {
  floats('lerp', [checkTensor('lerp', start, 'start')]);
  const [s, e, w] = broadcastOperands('lerp', [start, end, weight], ['start', 'end', 'weight']);
  const d = e!.sub(s!);
  return where(w!.abs().lt(0.5), s!.add(w!.mul(d)), e!.sub(d.mul(w!.neg().add(1))));
}

/** Options of `addcmul` and `addcdiv`. */
export interface AddcOptions {
  /** Scale of the product (or quotient). Default 1. */
  value?: number;
}

/**
 * x + value * a * b, broadcasting. @example addcmul(zeros([2]), tensor([1, 2]), tensor([3, 4]), { value: 0.5 }) // [1.5, 4]
 */
export function addcmul(x: Tensor, a: TensorLike, b: TensorLike, opts?: AddcOptions): Tensor {
  checkTensor('addcmul', x);
  const value = numberArg('addcmul', 'value', optionsOf<AddcOptions>('addcmul', opts, '{ value: 0.5 }').value ?? 1);
  const [t, p, q] = broadcastOperands('addcmul', [x, a, b], ['x', 'a', 'b']);
  return t!.add(p!.mul(q!).mul(value));
}

/**
 * x + value * a / b, broadcasting (true division). @example addcdiv(zeros([2]), tensor([1, 2]), tensor([4, 4])) // [0.25, 0.5]
 */
export function addcdiv(x: Tensor, a: TensorLike, b: TensorLike, opts?: AddcOptions): Tensor {
  checkTensor('addcdiv', x);
  const value = numberArg('addcdiv', 'value', optionsOf<AddcOptions>('addcdiv', opts, '{ value: 0.5 }').value ?? 1);
  const [t, p, q] = broadcastOperands('addcdiv', [x, a, b], ['x', 'a', 'b']);
  return t!.add(p!.div(q!).mul(value));
}

/**
 * log(e^a + e^b) without overflow: max(a, b) + log1p(e^-|a - b|). Equal infinities give that infinity;
 * at a = b the gradient splits 0.5 / 0.5 (the true derivative).
 * @example logaddexp(tensor([1000]), tensor([1000])) // [1000.6931]
 */
export function logaddexp(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = floats('logaddexp', broadcastOperands('logaddexp', [a, b], ['a', 'b']));
  const d = x!.sub(y!);
  // inf - inf = NaN when both are the same infinity: use 0 there (the max already is the answer).
  const safe = where(d.ne(d), 0, d);
  return x!.maximum(y!).add(safe.abs().neg().exp().log1p());
}

/**
 * a * log(b), but 0 where a = 0 (unless b is NaN), as PyTorch's xlogy: the entropy-style product without
 * 0 * log 0 = NaN. The gradient for a at a = 0 is log(b) (0 where b <= 0).
 * @example xlogy(tensor([0, 2]), tensor([0, Math.E])) // [0, 2]
 */
export function xlogy(a: TensorLike, b: TensorLike): Tensor {
  let [x, y] = broadcastOperands('xlogy', [a, b], ['a', 'b']);
  if (x!.dtype === 'int32') [x, y] = [x!.astype('float32'), y!.astype('float32')];
  // At a = 0 with b <= 0 or b = inf, log(b) is replaced by 0 (double where: log never sees those b).
  const pin = x!.eq(0).mul(y!.le(0).add(y!.eq(Infinity)));
  return x!.mul(where(pin, 0, where(pin, 1, y!).log()));
}

/** 1 where x is NaN, else 0 (int32). @example isnan(tensor([1, NaN])) // [0, 1] */
export const isnan = (x: Tensor): Tensor => checkTensor('isnan', x).ne(x);
/** 1 where x is +inf or -inf, else 0 (int32). @example isinf(tensor([1, -Infinity])) // [0, 1] */
export const isinf = (x: Tensor): Tensor => checkTensor('isinf', x).abs().eq(Infinity);
/** 1 where x is neither NaN nor infinite, else 0 (int32). @example isfinite(tensor([1, NaN, Infinity])) // [1, 0, 0] */
export const isfinite = (x: Tensor): Tensor => {
  const t = checkTensor('isfinite', x);
  return t.dtype === 'int32' ? t.eq(t) : t.sub(t).eq(0);
};

/** Options of `nanToNum`. */
export interface NanToNumOptions {
  /** Replaces NaN. Default 0. */
  nan?: number;
  /** Replaces +inf. Default the largest finite value of the dtype. */
  posinf?: number;
  /** Replaces -inf. Default the lowest finite value of the dtype. */
  neginf?: number;
}

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Replaces NaN, +inf and -inf by finite numbers (default 0 and the dtype's extremes). The gradient is 1 at
 * finite elements and 0 at replaced ones, as PyTorch.
 * @example nanToNum(tensor([NaN, Infinity, 1]), { posinf: 9 }) // [0, 9, 1]
 */
export function nanToNum(x: Tensor, opts?: NanToNumOptions): Tensor {
  const t = checkTensor('nanToNum', x);
  const o = optionsOf<NanToNumOptions>('nanToNum', opts, '{ nan: 0, posinf: 1e6 }');
  const big = t.dtype === 'float64' ? Number.MAX_VALUE : FLOAT32_MAX;
  const nan = numberArg('nanToNum', 'nan', o.nan ?? 0, true);
  const posinf = numberArg('nanToNum', 'posinf', o.posinf ?? big, true);
  const neginf = numberArg('nanToNum', 'neginf', o.neginf ?? -big, true);
  if (t.dtype === 'int32') return t.clone();
  return where(t.ne(t), nan, where(t.eq(Infinity), posinf, where(t.eq(-Infinity), neginf, t)));
}

/** Both operands as int32 0/1 masks of 'nonzero' (NaN counts as true), broadcast together. */
function truthy(op: string, a: unknown, b: unknown): [Tensor, Tensor] {
  checkTensor(op, a, 'a');
  const [x, y] = broadcastOperands(op, [a, b], ['a', 'b']);
  return [x!.ne(0), y!.ne(0)];
}

/** 1 where both are nonzero, else 0 (int32; NaN counts as true); broadcasts. @example logicalAnd(tensor([1, 0]), tensor([2, 2])) // [1, 0] */
export const logicalAnd = (a: Tensor, b: TensorLike): Tensor => {
  const [x, y] = truthy('logicalAnd', a, b);
  return x.mul(y);
};
/** 1 where either is nonzero, else 0 (int32); broadcasts. @example logicalOr(tensor([1, 0]), tensor([0, 0])) // [1, 0] */
export const logicalOr = (a: Tensor, b: TensorLike): Tensor => {
  const [x, y] = truthy('logicalOr', a, b);
  return x.add(y).gt(0);
};
/** 1 where exactly one is nonzero, else 0 (int32); broadcasts. @example logicalXor(tensor([1, 1]), tensor([0, 3])) // [1, 0] */
export const logicalXor = (a: Tensor, b: TensorLike): Tensor => {
  const [x, y] = truthy('logicalXor', a, b);
  return x.ne(y);
};
/** 1 where x is zero, else 0 (int32). @example logicalNot(tensor([0, 2])) // [1, 0] */
export const logicalNot = (x: Tensor): Tensor => checkTensor('logicalNot', x).eq(0);
