/**
 * The middle of the `Tensor` class chain (TensorCore -> TensorMath -> Tensor, split by the 400-line cap): the
 * dtype cast and clone, elementwise math, reductions, special functions and activations, scans and the matrix
 * products, each a one-line delegation to the function of the same name in ../ops (their TSDoc has the math).
 * Every instance is a `Tensor` (only `Tensor` extends this abstract class), so `this as unknown as Tensor` is
 * a true, free cast (see ./tensor-core.ts for why not a `this: Tensor` parameter). `Tensor` is imported as a
 * type only: this file needs nothing from ./tensor.ts at load time.
 */
import * as ops from '../ops/index.js';
import { bernoulli, multinomial, type MultinomialOptions, type SamplingOptions } from '../creation/sampling.js';
import { checkDType, type DType } from './dtype.js';
import type { Tensor, TensorLike } from './tensor.js';
import { TensorCore } from './tensor-core.js';

/** @internal The math methods of `Tensor` (see the file comment). */
export abstract class TensorMath extends TensorCore {
  /** A copy with another element type (float to int32 truncates toward zero). */
  astype(dtype: DType): Tensor {
    return ops.astype(this as unknown as Tensor, checkDType('astype', dtype));
  }

  /** A copy with its own memory; stays in the graph (the gradient passes through unchanged). */
  clone(): Tensor {
    return ops.clone(this as unknown as Tensor);
  }

  // ---- elementwise -------------------------------------------------------------------------------
  /** x + y, broadcasting. @example x.add(1) */
  add(y: TensorLike): Tensor { return ops.add(this as unknown as Tensor, y); }
  /** x - y, broadcasting. */
  sub(y: TensorLike): Tensor { return ops.sub(this as unknown as Tensor, y); }
  /** x * y elementwise, broadcasting. */
  mul(y: TensorLike): Tensor { return ops.mul(this as unknown as Tensor, y); }
  /** x / y elementwise, broadcasting. */
  div(y: TensorLike): Tensor { return ops.div(this as unknown as Tensor, y); }
  /** x^y elementwise, broadcasting. @example x.pow(2) */
  pow(y: TensorLike): Tensor { return ops.pow(this as unknown as Tensor, y); }
  /** Elementwise max(x, y), broadcasting (the gradient goes to the larger; split evenly at ties). */
  maximum(y: TensorLike): Tensor { return ops.maximum(this as unknown as Tensor, y); }
  /** Elementwise min(x, y), broadcasting. */
  minimum(y: TensorLike): Tensor { return ops.minimum(this as unknown as Tensor, y); }
  /** -x. */
  neg(): Tensor { return ops.neg(this as unknown as Tensor); }
  /** e^x. */
  exp(): Tensor { return ops.exp(this as unknown as Tensor); }
  /** Natural logarithm ln x. */
  log(): Tensor { return ops.log(this as unknown as Tensor); }
  /** ln(1 + x), accurate for small x. */
  log1p(): Tensor { return ops.log1p(this as unknown as Tensor); }
  /** e^x - 1, accurate for small x. */
  expm1(): Tensor { return ops.expm1(this as unknown as Tensor); }
  /** Square root. */
  sqrt(): Tensor { return ops.sqrt(this as unknown as Tensor); }
  /** 1 / sqrt(x). */
  rsqrt(): Tensor { return ops.rsqrt(this as unknown as Tensor); }
  /** |x| (gradient 0 at x = 0). */
  abs(): Tensor { return ops.abs(this as unknown as Tensor); }
  /** x^2. */
  square(): Tensor { return ops.square(this as unknown as Tensor); }
  /** 1 / x. */
  reciprocal(): Tensor { return ops.reciprocal(this as unknown as Tensor); }
  /** sin x. */
  sin(): Tensor { return ops.sin(this as unknown as Tensor); }
  /** cos x. */
  cos(): Tensor { return ops.cos(this as unknown as Tensor); }
  /** tanh x. */
  tanh(): Tensor { return ops.tanh(this as unknown as Tensor); }
  /** 1 / (1 + e^-x). */
  sigmoid(): Tensor { return ops.sigmoid(this as unknown as Tensor); }
  /** max(x, 0) (gradient 0 at x = 0). */
  relu(): Tensor { return ops.relu(this as unknown as Tensor); }
  /** x for x > 0, slope * x otherwise (default slope 0.01). */
  leakyRelu(slope = 0.01): Tensor { return ops.leakyRelu(this as unknown as Tensor, slope); }
  /** x for x > 0, alpha (e^x - 1) otherwise (default alpha 1). */
  elu(alpha = 1): Tensor { return ops.elu(this as unknown as Tensor, alpha); }
  /** x Φ(x), exact (erf) or with `{ approximate: 'tanh' }`. */
  gelu(opts?: { approximate?: 'none' | 'tanh' }): Tensor { return ops.gelu(this as unknown as Tensor, opts); }
  /** x sigmoid(x) (swish). */
  silu(): Tensor { return ops.silu(this as unknown as Tensor); }
  /** ln(1 + e^x), computed without overflow; PyTorch's `{ beta, threshold }` when given. */
  softplus(opts?: ops.SoftplusOptions): Tensor { return ops.softplus(this as unknown as Tensor, opts); }
  /** Clips values into [min, max] (either bound may be omitted). */
  clamp(min?: number, max?: number): Tensor { return ops.clamp(this as unknown as Tensor, min, max); }
  /** `cond ? this : y` elementwise (PyTorch's `x.where(cond, y)`). */
  where(cond: Tensor, y: TensorLike): Tensor { return ops.where(cond, this as unknown as Tensor, y); }
  /** x == y as an int32 0/1 mask (no gradient). */
  eq(y: TensorLike): Tensor { return ops.eq(this as unknown as Tensor, y); }
  /** x != y as an int32 0/1 mask. */
  ne(y: TensorLike): Tensor { return ops.ne(this as unknown as Tensor, y); }
  /** x < y as an int32 0/1 mask. */
  lt(y: TensorLike): Tensor { return ops.lt(this as unknown as Tensor, y); }
  /** x <= y as an int32 0/1 mask. */
  le(y: TensorLike): Tensor { return ops.le(this as unknown as Tensor, y); }
  /** x > y as an int32 0/1 mask. */
  gt(y: TensorLike): Tensor { return ops.gt(this as unknown as Tensor, y); }
  /** x >= y as an int32 0/1 mask. */
  ge(y: TensorLike): Tensor { return ops.ge(this as unknown as Tensor, y); }

  // ---- reductions --------------------------------------------------------------------------------
  /** Sum over `axis` (a number, a list, or all axes when omitted); `keepDims` keeps them as size 1. @example x.sum(1, true) */
  sum(axis?: number | number[], keepDims = false): Tensor { return ops.sum(this as unknown as Tensor, axis, keepDims); }
  /** Mean over `axis` (all axes when omitted). */
  mean(axis?: number | number[], keepDims = false): Tensor { return ops.mean(this as unknown as Tensor, axis, keepDims); }
  /** Maximum over `axis` (all when omitted); the gradient is split evenly among ties. */
  max(axis?: number | number[], keepDims = false): Tensor { return ops.max(this as unknown as Tensor, axis, keepDims); }
  /** Minimum over `axis` (all when omitted). */
  min(axis?: number | number[], keepDims = false): Tensor { return ops.min(this as unknown as Tensor, axis, keepDims); }
  /** Product over `axis` (all when omitted). */
  prod(axis?: number | number[], keepDims = false): Tensor { return ops.prod(this as unknown as Tensor, axis, keepDims); }
  /** log(sum(exp(x))) over `axis`, computed stably. */
  logsumexp(axis?: number | number[], keepDims = false): Tensor { return ops.logsumexp(this as unknown as Tensor, axis, keepDims); }
  /** int32 index of the maximum along `axis` (over the flattened tensor when omitted). */
  argmax(axis?: number, keepDims = false): Tensor { return ops.argmax(this as unknown as Tensor, axis, keepDims); }
  /** int32 index of the minimum along `axis` (over the flattened tensor when omitted). */
  argmin(axis?: number, keepDims = false): Tensor { return ops.argmin(this as unknown as Tensor, axis, keepDims); }
  /** Variance over `axis` with `correction` (default 1, the unbiased estimate). */
  var(axis?: number | number[], opts?: ops.VarOptions): Tensor { return ops.variance(this as unknown as Tensor, axis, opts); }
  /** Standard deviation over `axis`, sqrt of `var`. */
  std(axis?: number | number[], opts?: ops.VarOptions): Tensor { return ops.std(this as unknown as Tensor, axis, opts); }
  /** p-norm over `axis` (default p = 2, all axes). */
  norm(p: number = 2, axis?: number | number[], keepDims = false): Tensor { return ops.norm(this as unknown as Tensor, p, axis, keepDims); }
  /** e^x / sum(e^x) along `axis` (default -1); the outputs sum to 1. */
  softmax(axis = -1): Tensor { return ops.softmax(this as unknown as Tensor, axis); }
  /** log(softmax(x)) along `axis`, computed stably (x - logsumexp(x)). */
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this as unknown as Tensor, axis); }

  // ---- special functions, activations, scans (wave 2) ---------------------------------------------
  /** tan x. */
  tan(): Tensor { return ops.tan(this as unknown as Tensor); }
  /** Inverse sine. */
  asin(): Tensor { return ops.asin(this as unknown as Tensor); }
  /** Inverse cosine. */
  acos(): Tensor { return ops.acos(this as unknown as Tensor); }
  /** Inverse tangent. */
  atan(): Tensor { return ops.atan(this as unknown as Tensor); }
  /** Hyperbolic sine. */
  sinh(): Tensor { return ops.sinh(this as unknown as Tensor); }
  /** Hyperbolic cosine. */
  cosh(): Tensor { return ops.cosh(this as unknown as Tensor); }
  /** Inverse hyperbolic sine. */
  asinh(): Tensor { return ops.asinh(this as unknown as Tensor); }
  /** Inverse hyperbolic cosine. */
  acosh(): Tensor { return ops.acosh(this as unknown as Tensor); }
  /** Inverse hyperbolic tangent. */
  atanh(): Tensor { return ops.atanh(this as unknown as Tensor); }
  /** atan2(this = y, x): the angle of (x, y). */
  atan2(x: TensorLike): Tensor { return ops.atan2(this as unknown as Tensor, x); }
  /** sqrt(this^2 + b^2) without overflow. */
  hypot(b: TensorLike): Tensor { return ops.hypot(this as unknown as Tensor, b); }
  /** Base-2 logarithm. */
  log2(): Tensor { return ops.log2(this as unknown as Tensor); }
  /** Base-10 logarithm. */
  log10(): Tensor { return ops.log10(this as unknown as Tensor); }
  /** 2^x. */
  exp2(): Tensor { return ops.exp2(this as unknown as Tensor); }
  /** The error function. */
  erf(): Tensor { return ops.erf(this as unknown as Tensor); }
  /** The inverse error function. */
  erfinv(): Tensor { return ops.erfinv(this as unknown as Tensor); }
  /** ln|Gamma(x)|. */
  lgamma(): Tensor { return ops.lgamma(this as unknown as Tensor); }
  /** psi(x) = d ln Gamma(x) / dx. */
  digamma(): Tensor { return ops.digamma(this as unknown as Tensor); }
  /** psi^(n)(x), the n-th derivative of digamma. */
  polygamma(n: number): Tensor { return ops.polygamma(n, this as unknown as Tensor); }
  /** Rounds down (gradient 0). */
  floor(): Tensor { return ops.floor(this as unknown as Tensor); }
  /** Rounds up (gradient 0). */
  ceil(): Tensor { return ops.ceil(this as unknown as Tensor); }
  /** Rounds half to even, optionally to `decimals` places (gradient 0). */
  round(opts?: ops.RoundOptions): Tensor { return ops.round(this as unknown as Tensor, opts); }
  /** Rounds toward zero (gradient 0). */
  trunc(): Tensor { return ops.trunc(this as unknown as Tensor); }
  /** x - trunc(x). */
  frac(): Tensor { return ops.frac(this as unknown as Tensor); }
  /** -1, 0 or 1 (gradient 0). */
  sign(): Tensor { return ops.sign(this as unknown as Tensor); }
  /** C's fmod: the remainder with the sign of this. */
  fmod(b: TensorLike): Tensor { return ops.fmod(this as unknown as Tensor, b); }
  /** Python's modulus: the remainder with the sign of b. */
  remainder(b: TensorLike): Tensor { return ops.remainder(this as unknown as Tensor, b); }
  /** this + weight (end - this). */
  lerp(end: TensorLike, weight: TensorLike): Tensor { return ops.lerp(this as unknown as Tensor, end, weight); }
  /** this + value * a * b. */
  addcmul(a: TensorLike, b: TensorLike, opts?: ops.AddcOptions): Tensor { return ops.addcmul(this as unknown as Tensor, a, b, opts); }
  /** this + value * a / b. */
  addcdiv(a: TensorLike, b: TensorLike, opts?: ops.AddcOptions): Tensor { return ops.addcdiv(this as unknown as Tensor, a, b, opts); }
  /** log(e^this + e^b) without overflow. */
  logaddexp(b: TensorLike): Tensor { return ops.logaddexp(this as unknown as Tensor, b); }
  /** this * log(b), 0 where this is 0. */
  xlogy(b: TensorLike): Tensor { return ops.xlogy(this as unknown as Tensor, b); }
  /** int32 mask of NaN elements. */
  isnan(): Tensor { return ops.isnan(this as unknown as Tensor); }
  /** int32 mask of infinite elements. */
  isinf(): Tensor { return ops.isinf(this as unknown as Tensor); }
  /** int32 mask of finite elements. */
  isfinite(): Tensor { return ops.isfinite(this as unknown as Tensor); }
  /** NaN and infinities replaced by finite numbers. */
  nanToNum(opts?: ops.NanToNumOptions): Tensor { return ops.nanToNum(this as unknown as Tensor, opts); }
  /** int32 mask: both nonzero. */
  logicalAnd(b: TensorLike): Tensor { return ops.logicalAnd(this as unknown as Tensor, b); }
  /** int32 mask: either nonzero. */
  logicalOr(b: TensorLike): Tensor { return ops.logicalOr(this as unknown as Tensor, b); }
  /** int32 mask: exactly one nonzero. */
  logicalXor(b: TensorLike): Tensor { return ops.logicalXor(this as unknown as Tensor, b); }
  /** int32 mask: zero. */
  logicalNot(): Tensor { return ops.logicalNot(this as unknown as Tensor); }
  /** x tanh(softplus(x)). */
  mish(): Tensor { return ops.mish(this as unknown as Tensor); }
  /** x relu6(x + 3) / 6. */
  hardswish(): Tensor { return ops.hardswish(this as unknown as Tensor); }
  /** relu6(x + 3) / 6. */
  hardsigmoid(): Tensor { return ops.hardsigmoid(this as unknown as Tensor); }
  /** Scaled ELU with the self-normalising constants. */
  selu(): Tensor { return ops.selu(this as unknown as Tensor); }
  /** Continuously differentiable ELU. */
  celu(opts?: ops.CeluOptions): Tensor { return ops.celu(this as unknown as Tensor, opts); }
  /** min(max(x, 0), 6). */
  relu6(): Tensor { return ops.relu6(this as unknown as Tensor); }
  /** Clips to [min, max] (default [-1, 1]) with gradient 0 at the bounds. */
  hardtanh(opts?: ops.HardtanhOptions): Tensor { return ops.hardtanh(this as unknown as Tensor, opts); }
  /** x / (1 + |x|). */
  softsign(): Tensor { return ops.softsign(this as unknown as Tensor); }
  /** log(sigmoid(x)), stably. */
  logsigmoid(): Tensor { return ops.logsigmoid(this as unknown as Tensor); }
  /** Gated linear unit along `axis` (default -1). */
  glu(axis = -1): Tensor { return ops.glu(this as unknown as Tensor, axis); }
  /** Parametric ReLU with a learnable slope `weight` (1 or per channel). */
  prelu(weight: Tensor): Tensor { return ops.prelu(this as unknown as Tensor, weight); }
  /** Running sum along `axis`. */
  cumsum(axis: number): Tensor { return ops.cumsum(this as unknown as Tensor, axis); }
  /** Running product along `axis`. */
  cumprod(axis: number): Tensor { return ops.cumprod(this as unknown as Tensor, axis); }
  /** log(cumsum(exp(x))) along `axis`, stably. */
  logcumsumexp(axis: number): Tensor { return ops.logcumsumexp(this as unknown as Tensor, axis); }
  /** Running max along `axis` with its int32 indices. */
  cummax(axis: number): ops.ValuesIndices { return ops.cummax(this as unknown as Tensor, axis); }
  /** Running min along `axis` with its int32 indices. */
  cummin(axis: number): ops.ValuesIndices { return ops.cummin(this as unknown as Tensor, axis); }
  /** int32 1 where all elements over `axis` are nonzero. */
  all(axis?: number | number[], keepDims = false): Tensor { return ops.all(this as unknown as Tensor, axis, keepDims); }
  /** int32 1 where some element over `axis` is nonzero. */
  any(axis?: number | number[], keepDims = false): Tensor { return ops.any(this as unknown as Tensor, axis, keepDims); }
  /** int32 count of nonzero elements over `axis`. */
  countNonzero(axis?: number | number[]): Tensor { return ops.countNonzero(this as unknown as Tensor, axis); }
  /** Sum over `axis` with NaN as 0. */
  nansum(axis?: number | number[], keepDims = false): Tensor { return ops.nansum(this as unknown as Tensor, axis, keepDims); }
  /** Mean over `axis` of the non-NaN elements. */
  nanmean(axis?: number | number[], keepDims = false): Tensor { return ops.nanmean(this as unknown as Tensor, axis, keepDims); }
  /** Maximum over `axis` (ties split the gradient). */
  amax(axis?: number | number[], keepDims = false): Tensor { return ops.amax(this as unknown as Tensor, axis, keepDims); }
  /** Minimum over `axis` (ties split the gradient). */
  amin(axis?: number | number[], keepDims = false): Tensor { return ops.amin(this as unknown as Tensor, axis, keepDims); }
  /** Lower median: over all elements (a 0-d tensor), or `{ values, indices }` along `axis`. */
  median(): Tensor;
  median(axis: number, keepDims?: boolean): ops.ValuesIndices;
  median(axis?: number, keepDims = false): Tensor | ops.ValuesIndices {
    return axis === undefined ? ops.median(this as unknown as Tensor) : ops.median(this as unknown as Tensor, axis, keepDims);
  }
  /** The q-th quantiles along `axis` (all elements when omitted), PyTorch's interpolations. */
  quantile(q: number | Tensor, axis?: number, opts?: ops.QuantileOptions): Tensor { return ops.quantile(this as unknown as Tensor, q, axis, opts); }
  /** 0/1 samples with this tensor's probabilities (see `bernoulli`). */
  bernoulli(opts?: SamplingOptions): Tensor { return bernoulli(this as unknown as Tensor, opts); }
  /** int32 category indices drawn from this tensor's weights (see `multinomial`). */
  multinomial(numSamples: number, opts?: MultinomialOptions): Tensor { return multinomial(this as unknown as Tensor, numSamples, opts); }

  // ---- linear algebra ----------------------------------------------------------------------------
  /** Matrix product with NumPy rules (1-D operands promoted, batch axes broadcast). */
  matmul(y: Tensor): Tensor { return ops.matmul(this as unknown as Tensor, y); }
  /** Inner product of two 1-D tensors. */
  dot(y: Tensor): Tensor { return ops.dot(this as unknown as Tensor, y); }
  /** Outer product of two 1-D tensors: [m] and [n] give [m, n]. */
  outer(y: Tensor): Tensor { return ops.outer(this as unknown as Tensor, y); }
}
