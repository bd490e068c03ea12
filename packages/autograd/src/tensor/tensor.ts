import { getBackend } from '../backend/registry.js';
import { DTypeError, GraphError, TENSOR_BRAND, THIS_COPY, ValueError, describe, fmtShape } from '../errors.js';
import { backward } from '../autodiff/backward.js';
import { isGradEnabled } from '../autodiff/grad-mode.js';
import { isInferenceMode } from '../autodiff/inference-mode.js';
import type { Node } from '../autodiff/node.js';
import { batchedDataError, hasElements, type Tracer, wrapBatch } from '../transforms/levels.js';
import * as ops from '../ops/index.js';
import { bernoulli, multinomial, type MultinomialOptions, type SamplingOptions } from '../creation/sampling.js';
import { checkDType, isFloat, type DType, type TypedArray } from './dtype.js';
import { formatTensor, withSuffixes } from './format.js';
import { printOptions } from './print-options.js';
import { nest } from './nest.js';
import { contiguousStrides, sameShape, sizeOf } from './shape.js';
import { Storage } from './storage.js';
import { checkNoOverlap, isDense, scatterInto } from './write-through.js';

/** A tensor or a plain number wherever an operand is expected (`x.mul(2)`). */
export type TensorLike = Tensor | number;
/** Nested JavaScript arrays of numbers, as `toArray` returns and `tensor` accepts. */
export type NestedArray = Array<number | NestedArray>;
/** A removable hook registration. Removing twice is a no-op. */
export interface HookHandle {
  /** Unregisters the hook. */
  remove(): void;
}
/** A gradient hook: sees the gradient during backward and may return a replacement of the same shape. */
export type GradHook = (g: Tensor) => Tensor | void;
/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep the saved inputs so backward can run through this graph again (gradients then add up). */
  retainGraph?: boolean;
  /** Record the backward pass itself, so the gradients can be differentiated again. Implies retainGraph. */
  createGraph?: boolean;
}

/**
 * An n-dimensional array of float32 (default), float64 or int32 numbers that records the ops applied to it
 * when it (or an input) requires grad, so `backward()` can compute gradients by reverse-mode autodiff.
 *
 * Storage is a row-major typed array; shape views (reshape of a contiguous tensor, expand, transpose,
 * permute) share it. Create tensors with `tensor`, `zeros`, `randn`, ... rather than the constructor.
 *
 * @example
 * const x = tensor([[1, 2], [3, 4]], { requiresGrad: true });
 * x.mul(x).sum().backward();
 * x.grad?.toArray(); // [[2, 4], [6, 8]]
 */
export class Tensor {
  /**
   * Size of each axis, e.g. [2, 3] for 2 rows of 3. Read-only: reshape to change it. (Typed `readonly number[]`
   * rather than frozen at run time: V8 copies and maps frozen arrays through slow paths, which cost 20-25% of a
   * small model's training step.)
   */
  readonly shape: readonly number[];
  /** Element type: 'float32', 'float64' or 'int32'. */
  readonly dtype: DType;
  /** Number of elements (the product of the shape; 1 for a 0-d tensor). */
  readonly size: number;
  /** @internal Shared memory; views of one tensor share it. */
  _storage: Storage;
  /** @internal Element strides into the storage. */
  _strides: number[];
  /** @internal Element offset of this view's first element. */
  _offset: number;
  /** @internal The op that produced this tensor, if the graph was recorded. */
  _node: Node | null = null;
  /** @internal Gradient hooks, run in registration order. */
  _hooks: GradHook[] | null = null;
  /** @internal The op (comparison, argmax, int32 cast) that cut this result off from inputs requiring grad. */
  _cutBy: string | null = null;
  /** @internal Created inside `inferenceMode`: may never require grad. */
  _inference = isInferenceMode();
  /** @internal Set when this tensor stands for a batch (vmap) or carries a tangent (forward-mode jvp). */
  _tracer: Tracer | null = null;
  /** @internal Mark of the last topological sort that visited this tensor. */
  _visited = 0;
  /** @internal Whether a non-leaf keeps its gradient in `.grad`. */
  _retainsGrad = false;
  /** Whether gradients flow to this tensor. */
  requiresGrad = false;
  /** The accumulated gradient of a leaf (or of a non-leaf after `retainGrad()`), or null. */
  grad: Tensor | null = null;

  /** @internal Use the creation functions (`tensor`, `zeros`, ...) instead. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType, strides?: number[], offset = 0) {
    this._storage = storage;
    this.shape = shape;
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this._strides = strides ?? contiguousStrides(shape);
    this._offset = offset;
  }

  /**
   * @internal Wraps a fresh contiguous typed array (not copied). `like`, a tensor of the same shape, lends
   * its shape and (when it is contiguous) its strides arrays: elementwise ops then allocate neither. Shape
   * and stride arrays are never mutated after construction, so sharing them is safe.
   */
  static _fromData(data: TypedArray, shape: readonly number[], dtype: DType, like?: Tensor): Tensor {
    const strides = like !== undefined && like.shape === shape && like._isContiguous ? like._strides : undefined;
    return new Tensor(new Storage(data), shape, dtype, strides);
  }

  /** Number of axes (the length of `shape`). */
  get ndim(): number {
    return this.shape.length;
  }

  /** True for tensors created by the user (no recorded op behind them). */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** @internal True when the view covers its storage in row-major order from offset 0. */
  get _isContiguous(): boolean {
    if (this._offset !== 0 || this._storage.data.length !== this.size) return false;
    let s = 1;
    for (let i = this.shape.length - 1; i >= 0; i--) {
      if (this.shape[i] !== 1 && this._strides[i] !== s) return false;
      s *= this.shape[i]!;
    }
    return true;
  }

  /** @internal The elements in row-major order: the storage itself when contiguous (do not write), else a copy. */
  _contiguousData(): TypedArray {
    if (this._tracer !== null && !hasElements(this)) throw batchedDataError('reading values', this);
    if (this._isContiguous) return this._storage.data;
    return getBackend().contiguous(this._strided(), this.shape, this.dtype);
  }

  /** @internal This tensor as a kernel's strided input. */
  _strided(): { data: TypedArray; offset: number; strides: number[] } {
    return { data: this._storage.data, offset: this._offset, strides: this._strides };
  }

  /** A copy of the elements in row-major order. */
  data(): TypedArray {
    const d = this._contiguousData();
    return d === this._storage.data ? d.slice() : d;
  }

  /** The elements as nested arrays (a plain number for a 0-d tensor). @example tensor([[1, 2]]).toArray() // [[1, 2]] */
  toArray(): number | NestedArray {
    return nest(this._contiguousData(), this.shape);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this._tracer !== null && !hasElements(this)) throw batchedDataError('item', this);
    if (this.size !== 1) {
      throw new ValueError(`item: only one-element tensors convert to a number; this one has shape ${fmtShape(this.shape)}`);
    }
    return this._storage.data[this._offset]!;
  }

  /**
   * PyTorch-style printout (its number format, summarising and line wrapping; see `setPrintOptions`) with the
   * shape, dtype and grad function, e.g. `tensor([1.5000, 2.0000], shape=[2], dtype=float32)`. Node's
   * `console.log` prints a tensor this way too.
   */
  toString(): string {
    const opts = printOptions();
    const body = formatTensor(this._contiguousData(), this.shape, this.dtype, opts);
    const suffixes = [`shape=${fmtShape(this.shape)}`, `dtype=${this.dtype}`];
    if (this._node) suffixes.push(`gradFn=${this._node.prim}`);
    else if (this.requiresGrad) suffixes.push('requiresGrad=true');
    return withSuffixes(`tensor(${body}`, suffixes, 'tensor('.length, opts.linewidth);
  }

  /**
   * Computes gradients of this tensor with respect to every leaf that requires grad, adding them into
   * the leaves' `.grad`. A non-scalar output needs a `seed` of its own shape (the vector in the vector-Jacobian product).
   */
  backward(seed?: Tensor, opts: BackwardOptions = {}): void {
    backward(this, seed, opts);
  }

  /**
   * A tensor sharing this one's data but cut from the graph (no gradient flows through it). Inside `vmap` it
   * stays batched; under forward-mode `jvp` it drops its tangent (a constant, as JAX's stop_gradient).
   */
  detach(): Tensor {
    const tr = this._tracer;
    if (tr !== null) return tr.kind === 'batch' ? wrapBatch(tr.phys.detach(), tr.level) : tr.primal.detach();
    const t = new Tensor(this._storage, this.shape.slice(), this.dtype, this._strides.slice(), this._offset);
    t._inference = this._inference; // a view of an inference tensor stays one
    return t;
  }

  /** Marks a leaf as requiring grad (or not). Only float tensors can require grad. */
  setRequiresGrad(flag = true): this {
    if (flag && !isFloat(this.dtype)) {
      throw new DTypeError(`setRequiresGrad: only float tensors can require grad; this one is ${this.dtype} of shape ${fmtShape(this.shape)}`);
    }
    if (flag && this._inference) {
      throw new GraphError(
        `setRequiresGrad: this tensor of shape ${fmtShape(this.shape)} was created inside inferenceMode and can never require grad (no graph was kept for it); clone() it outside inferenceMode to get an ordinary tensor`,
      );
    }
    if (!flag && this._node) {
      throw new GraphError(`setRequiresGrad: cannot turn off requiresGrad on a non-leaf (made by ${this._node.prim}); use detach()`);
    }
    this.requiresGrad = flag;
    return this;
  }

  /** Keeps the gradient of a non-leaf in `.grad` after backward (leaves always keep theirs). */
  retainGrad(): this {
    if (!this.requiresGrad) throw new GraphError(`retainGrad: tensor of shape ${fmtShape(this.shape)} does not require grad`);
    this._retainsGrad = true;
    return this;
  }

  /** Clears `.grad`. */
  zeroGrad(): void {
    this.grad = null;
  }

  /**
   * Registers `fn` to run on this tensor's gradient during backward, before it is accumulated; returning a
   * tensor replaces the gradient (it must keep the shape). Hooks run in registration order.
   */
  registerHook(fn: GradHook): HookHandle {
    if (typeof fn !== 'function') throw new ValueError(`registerHook: expected a function, got ${describe(fn)}`);
    if (!this.requiresGrad) throw new GraphError(`registerHook: tensor of shape ${fmtShape(this.shape)} does not require grad`);
    (this._hooks ??= []).push(fn);
    return {
      remove: () => {
        const i = this._hooks?.indexOf(fn) ?? -1;
        if (i >= 0) this._hooks!.splice(i, 1);
      },
    };
  }

  /**
   * Writes into this tensor's memory in place through `fn(data)`, where `data` holds the elements in
   * row-major order (used by optimizers, initialisers and running statistics). As in PyTorch the write goes
   * through views: mutating a slice, a transpose or a `detach()`ed copy changes the tensor it views. The
   * version counter of the shared memory is bumped so a graph that saved the old values refuses to
   * backward through them. A broadcast (`expand`ed) view is refused: its elements share memory.
   * @example
   * const w = zeros([2, 3]);
   * noGrad(() => w.slice([[0, 1]]).mutate((d) => d.fill(1))); // w's first row is now ones
   */
  mutate(fn: (data: TypedArray) => void): this {
    if (typeof fn !== 'function') throw new ValueError(`mutate: expected a function, got ${describe(fn)}`);
    if (this._tracer !== null) {
      const tr = this._tracer;
      throw new ValueError(
        `mutate: in-place write to a tensor of shape ${fmtShape(this.shape)} ${tr.kind === 'batch' ? 'batched' : 'carrying a tangent'} inside ${tr.level.op}; ` +
          `in-place operations are not supported under ${tr.level.op}: use the out-of-place op`,
      );
    }
    if (this._node) throw new GraphError(`mutate: in-place write to a non-leaf made by ${this._node.prim}; detach() it first`);
    if (this.requiresGrad && isGradEnabled()) {
      throw new GraphError(`mutate: in-place write to a leaf of shape ${fmtShape(this.shape)} that requires grad; wrap it in noGrad()`);
    }
    if (this._isContiguous) {
      fn(this._storage.data);
    } else if (isDense(this)) {
      fn(this._storage.data.subarray(this._offset, this._offset + this.size));
    } else {
      checkNoOverlap('mutate', this);
      // A strided view: let fn write a row-major copy, then scatter it back into the shared storage.
      const copy = this._contiguousData();
      fn(copy);
      scatterInto(this, copy);
    }
    this._storage.version++;
    return this;
  }

  /** A copy with another element type (float to int32 truncates toward zero). */
  astype(dtype: DType): Tensor {
    return ops.astype(this, checkDType('astype', dtype));
  }

  /** A copy with its own memory; stays in the graph (the gradient passes through unchanged). */
  clone(): Tensor {
    return ops.clone(this);
  }

  /** True when `other` has the same shape. @example ones([2, 3]).sameShape(zeros([2, 3])) // true */
  sameShape(other: Tensor): boolean {
    if (!(other instanceof Tensor)) throw new ValueError(`sameShape: other must be a Tensor, got ${describe(other)}`);
    return sameShape(this.shape, other.shape);
  }

  // ---- elementwise -------------------------------------------------------------------------------
  /** x + y, broadcasting. @example x.add(1) */
  add(y: TensorLike): Tensor { return ops.add(this, y); }
  /** x - y, broadcasting. */
  sub(y: TensorLike): Tensor { return ops.sub(this, y); }
  /** x * y elementwise, broadcasting. */
  mul(y: TensorLike): Tensor { return ops.mul(this, y); }
  /** x / y elementwise, broadcasting. */
  div(y: TensorLike): Tensor { return ops.div(this, y); }
  /** x^y elementwise, broadcasting. @example x.pow(2) */
  pow(y: TensorLike): Tensor { return ops.pow(this, y); }
  /** Elementwise max(x, y), broadcasting (the gradient goes to the larger; split evenly at ties). */
  maximum(y: TensorLike): Tensor { return ops.maximum(this, y); }
  /** Elementwise min(x, y), broadcasting. */
  minimum(y: TensorLike): Tensor { return ops.minimum(this, y); }
  /** -x. */
  neg(): Tensor { return ops.neg(this); }
  /** e^x. */
  exp(): Tensor { return ops.exp(this); }
  /** Natural logarithm ln x. */
  log(): Tensor { return ops.log(this); }
  /** ln(1 + x), accurate for small x. */
  log1p(): Tensor { return ops.log1p(this); }
  /** e^x - 1, accurate for small x. */
  expm1(): Tensor { return ops.expm1(this); }
  /** Square root. */
  sqrt(): Tensor { return ops.sqrt(this); }
  /** 1 / sqrt(x). */
  rsqrt(): Tensor { return ops.rsqrt(this); }
  /** |x| (gradient 0 at x = 0). */
  abs(): Tensor { return ops.abs(this); }
  /** x^2. */
  square(): Tensor { return ops.square(this); }
  /** 1 / x. */
  reciprocal(): Tensor { return ops.reciprocal(this); }
  /** sin x. */
  sin(): Tensor { return ops.sin(this); }
  /** cos x. */
  cos(): Tensor { return ops.cos(this); }
  /** tanh x. */
  tanh(): Tensor { return ops.tanh(this); }
  /** 1 / (1 + e^-x). */
  sigmoid(): Tensor { return ops.sigmoid(this); }
  /** max(x, 0) (gradient 0 at x = 0). */
  relu(): Tensor { return ops.relu(this); }
  /** x for x > 0, slope * x otherwise (default slope 0.01). */
  leakyRelu(slope = 0.01): Tensor { return ops.leakyRelu(this, slope); }
  /** x for x > 0, alpha (e^x - 1) otherwise (default alpha 1). */
  elu(alpha = 1): Tensor { return ops.elu(this, alpha); }
  /** x Φ(x), exact (erf) or with `{ approximate: 'tanh' }`. */
  gelu(opts?: { approximate?: 'none' | 'tanh' }): Tensor { return ops.gelu(this, opts); }
  /** x sigmoid(x) (swish). */
  silu(): Tensor { return ops.silu(this); }
  /** ln(1 + e^x), computed without overflow; PyTorch's `{ beta, threshold }` when given. */
  softplus(opts?: ops.SoftplusOptions): Tensor { return ops.softplus(this, opts); }
  /** Clips values into [min, max] (either bound may be omitted). */
  clamp(min?: number, max?: number): Tensor { return ops.clamp(this, min, max); }
  /** `cond ? this : y` elementwise (PyTorch's `x.where(cond, y)`). */
  where(cond: Tensor, y: TensorLike): Tensor { return ops.where(cond, this, y); }
  /** x == y as an int32 0/1 mask (no gradient). */
  eq(y: TensorLike): Tensor { return ops.eq(this, y); }
  /** x != y as an int32 0/1 mask. */
  ne(y: TensorLike): Tensor { return ops.ne(this, y); }
  /** x < y as an int32 0/1 mask. */
  lt(y: TensorLike): Tensor { return ops.lt(this, y); }
  /** x <= y as an int32 0/1 mask. */
  le(y: TensorLike): Tensor { return ops.le(this, y); }
  /** x > y as an int32 0/1 mask. */
  gt(y: TensorLike): Tensor { return ops.gt(this, y); }
  /** x >= y as an int32 0/1 mask. */
  ge(y: TensorLike): Tensor { return ops.ge(this, y); }

  // ---- reductions --------------------------------------------------------------------------------
  /** Sum over `axis` (a number, a list, or all axes when omitted); `keepDims` keeps them as size 1. @example x.sum(1, true) */
  sum(axis?: number | number[], keepDims = false): Tensor { return ops.sum(this, axis, keepDims); }
  /** Mean over `axis` (all axes when omitted). */
  mean(axis?: number | number[], keepDims = false): Tensor { return ops.mean(this, axis, keepDims); }
  /** Maximum over `axis` (all when omitted); the gradient is split evenly among ties. */
  max(axis?: number | number[], keepDims = false): Tensor { return ops.max(this, axis, keepDims); }
  /** Minimum over `axis` (all when omitted). */
  min(axis?: number | number[], keepDims = false): Tensor { return ops.min(this, axis, keepDims); }
  /** Product over `axis` (all when omitted). */
  prod(axis?: number | number[], keepDims = false): Tensor { return ops.prod(this, axis, keepDims); }
  /** log(sum(exp(x))) over `axis`, computed stably. */
  logsumexp(axis?: number | number[], keepDims = false): Tensor { return ops.logsumexp(this, axis, keepDims); }
  /** int32 index of the maximum along `axis` (over the flattened tensor when omitted). */
  argmax(axis?: number, keepDims = false): Tensor { return ops.argmax(this, axis, keepDims); }
  /** int32 index of the minimum along `axis` (over the flattened tensor when omitted). */
  argmin(axis?: number, keepDims = false): Tensor { return ops.argmin(this, axis, keepDims); }
  /** Variance over `axis` with `correction` (default 1, the unbiased estimate). */
  var(axis?: number | number[], opts?: ops.VarOptions): Tensor { return ops.variance(this, axis, opts); }
  /** Standard deviation over `axis`, sqrt of `var`. */
  std(axis?: number | number[], opts?: ops.VarOptions): Tensor { return ops.std(this, axis, opts); }
  /** p-norm over `axis` (default p = 2, all axes). */
  norm(p: number = 2, axis?: number | number[], keepDims = false): Tensor { return ops.norm(this, p, axis, keepDims); }
  /** e^x / sum(e^x) along `axis` (default -1); the outputs sum to 1. */
  softmax(axis = -1): Tensor { return ops.softmax(this, axis); }
  /** log(softmax(x)) along `axis`, computed stably (x - logsumexp(x)). */
  logSoftmax(axis = -1): Tensor { return ops.logSoftmax(this, axis); }

  // ---- special functions, activations, scans (wave 2) ---------------------------------------------
  /** tan x. */
  tan(): Tensor { return ops.tan(this); }
  /** Inverse sine. */
  asin(): Tensor { return ops.asin(this); }
  /** Inverse cosine. */
  acos(): Tensor { return ops.acos(this); }
  /** Inverse tangent. */
  atan(): Tensor { return ops.atan(this); }
  /** Hyperbolic sine. */
  sinh(): Tensor { return ops.sinh(this); }
  /** Hyperbolic cosine. */
  cosh(): Tensor { return ops.cosh(this); }
  /** Inverse hyperbolic sine. */
  asinh(): Tensor { return ops.asinh(this); }
  /** Inverse hyperbolic cosine. */
  acosh(): Tensor { return ops.acosh(this); }
  /** Inverse hyperbolic tangent. */
  atanh(): Tensor { return ops.atanh(this); }
  /** atan2(this = y, x): the angle of (x, y). */
  atan2(x: TensorLike): Tensor { return ops.atan2(this, x); }
  /** sqrt(this^2 + b^2) without overflow. */
  hypot(b: TensorLike): Tensor { return ops.hypot(this, b); }
  /** Base-2 logarithm. */
  log2(): Tensor { return ops.log2(this); }
  /** Base-10 logarithm. */
  log10(): Tensor { return ops.log10(this); }
  /** 2^x. */
  exp2(): Tensor { return ops.exp2(this); }
  /** The error function. */
  erf(): Tensor { return ops.erf(this); }
  /** The inverse error function. */
  erfinv(): Tensor { return ops.erfinv(this); }
  /** ln|Gamma(x)|. */
  lgamma(): Tensor { return ops.lgamma(this); }
  /** psi(x) = d ln Gamma(x) / dx. */
  digamma(): Tensor { return ops.digamma(this); }
  /** psi^(n)(x), the n-th derivative of digamma. */
  polygamma(n: number): Tensor { return ops.polygamma(n, this); }
  /** Rounds down (gradient 0). */
  floor(): Tensor { return ops.floor(this); }
  /** Rounds up (gradient 0). */
  ceil(): Tensor { return ops.ceil(this); }
  /** Rounds half to even, optionally to `decimals` places (gradient 0). */
  round(opts?: ops.RoundOptions): Tensor { return ops.round(this, opts); }
  /** Rounds toward zero (gradient 0). */
  trunc(): Tensor { return ops.trunc(this); }
  /** x - trunc(x). */
  frac(): Tensor { return ops.frac(this); }
  /** -1, 0 or 1 (gradient 0). */
  sign(): Tensor { return ops.sign(this); }
  /** C's fmod: the remainder with the sign of this. */
  fmod(b: TensorLike): Tensor { return ops.fmod(this, b); }
  /** Python's modulus: the remainder with the sign of b. */
  remainder(b: TensorLike): Tensor { return ops.remainder(this, b); }
  /** this + weight (end - this). */
  lerp(end: TensorLike, weight: TensorLike): Tensor { return ops.lerp(this, end, weight); }
  /** this + value * a * b. */
  addcmul(a: TensorLike, b: TensorLike, opts?: ops.AddcOptions): Tensor { return ops.addcmul(this, a, b, opts); }
  /** this + value * a / b. */
  addcdiv(a: TensorLike, b: TensorLike, opts?: ops.AddcOptions): Tensor { return ops.addcdiv(this, a, b, opts); }
  /** log(e^this + e^b) without overflow. */
  logaddexp(b: TensorLike): Tensor { return ops.logaddexp(this, b); }
  /** this * log(b), 0 where this is 0. */
  xlogy(b: TensorLike): Tensor { return ops.xlogy(this, b); }
  /** int32 mask of NaN elements. */
  isnan(): Tensor { return ops.isnan(this); }
  /** int32 mask of infinite elements. */
  isinf(): Tensor { return ops.isinf(this); }
  /** int32 mask of finite elements. */
  isfinite(): Tensor { return ops.isfinite(this); }
  /** NaN and infinities replaced by finite numbers. */
  nanToNum(opts?: ops.NanToNumOptions): Tensor { return ops.nanToNum(this, opts); }
  /** int32 mask: both nonzero. */
  logicalAnd(b: TensorLike): Tensor { return ops.logicalAnd(this, b); }
  /** int32 mask: either nonzero. */
  logicalOr(b: TensorLike): Tensor { return ops.logicalOr(this, b); }
  /** int32 mask: exactly one nonzero. */
  logicalXor(b: TensorLike): Tensor { return ops.logicalXor(this, b); }
  /** int32 mask: zero. */
  logicalNot(): Tensor { return ops.logicalNot(this); }
  /** x tanh(softplus(x)). */
  mish(): Tensor { return ops.mish(this); }
  /** x relu6(x + 3) / 6. */
  hardswish(): Tensor { return ops.hardswish(this); }
  /** relu6(x + 3) / 6. */
  hardsigmoid(): Tensor { return ops.hardsigmoid(this); }
  /** Scaled ELU with the self-normalising constants. */
  selu(): Tensor { return ops.selu(this); }
  /** Continuously differentiable ELU. */
  celu(opts?: ops.CeluOptions): Tensor { return ops.celu(this, opts); }
  /** min(max(x, 0), 6). */
  relu6(): Tensor { return ops.relu6(this); }
  /** Clips to [min, max] (default [-1, 1]) with gradient 0 at the bounds. */
  hardtanh(opts?: ops.HardtanhOptions): Tensor { return ops.hardtanh(this, opts); }
  /** x / (1 + |x|). */
  softsign(): Tensor { return ops.softsign(this); }
  /** log(sigmoid(x)), stably. */
  logsigmoid(): Tensor { return ops.logsigmoid(this); }
  /** Gated linear unit along `axis` (default -1). */
  glu(axis = -1): Tensor { return ops.glu(this, axis); }
  /** Parametric ReLU with a learnable slope `weight` (1 or per channel). */
  prelu(weight: Tensor): Tensor { return ops.prelu(this, weight); }
  /** Running sum along `axis`. */
  cumsum(axis: number): Tensor { return ops.cumsum(this, axis); }
  /** Running product along `axis`. */
  cumprod(axis: number): Tensor { return ops.cumprod(this, axis); }
  /** log(cumsum(exp(x))) along `axis`, stably. */
  logcumsumexp(axis: number): Tensor { return ops.logcumsumexp(this, axis); }
  /** Running max along `axis` with its int32 indices. */
  cummax(axis: number): ops.ValuesIndices { return ops.cummax(this, axis); }
  /** Running min along `axis` with its int32 indices. */
  cummin(axis: number): ops.ValuesIndices { return ops.cummin(this, axis); }
  /** int32 1 where all elements over `axis` are nonzero. */
  all(axis?: number | number[], keepDims = false): Tensor { return ops.all(this, axis, keepDims); }
  /** int32 1 where some element over `axis` is nonzero. */
  any(axis?: number | number[], keepDims = false): Tensor { return ops.any(this, axis, keepDims); }
  /** int32 count of nonzero elements over `axis`. */
  countNonzero(axis?: number | number[]): Tensor { return ops.countNonzero(this, axis); }
  /** Sum over `axis` with NaN as 0. */
  nansum(axis?: number | number[], keepDims = false): Tensor { return ops.nansum(this, axis, keepDims); }
  /** Mean over `axis` of the non-NaN elements. */
  nanmean(axis?: number | number[], keepDims = false): Tensor { return ops.nanmean(this, axis, keepDims); }
  /** Maximum over `axis` (ties split the gradient). */
  amax(axis?: number | number[], keepDims = false): Tensor { return ops.amax(this, axis, keepDims); }
  /** Minimum over `axis` (ties split the gradient). */
  amin(axis?: number | number[], keepDims = false): Tensor { return ops.amin(this, axis, keepDims); }
  /** Lower median: over all elements (a 0-d tensor), or `{ values, indices }` along `axis`. */
  median(): Tensor;
  median(axis: number, keepDims?: boolean): ops.ValuesIndices;
  median(axis?: number, keepDims = false): Tensor | ops.ValuesIndices {
    return axis === undefined ? ops.median(this) : ops.median(this, axis, keepDims);
  }
  /** The q-th quantiles along `axis` (all elements when omitted), PyTorch's interpolations. */
  quantile(q: number | Tensor, axis?: number, opts?: ops.QuantileOptions): Tensor { return ops.quantile(this, q, axis, opts); }
  /** 0/1 samples with this tensor's probabilities (see `bernoulli`). */
  bernoulli(opts?: SamplingOptions): Tensor { return bernoulli(this, opts); }
  /** int32 category indices drawn from this tensor's weights (see `multinomial`). */
  multinomial(numSamples: number, opts?: MultinomialOptions): Tensor { return multinomial(this, numSamples, opts); }

  // ---- linear algebra ----------------------------------------------------------------------------
  /** Matrix product with NumPy rules (1-D operands promoted, batch axes broadcast). */
  matmul(y: Tensor): Tensor { return ops.matmul(this, y); }
  /** Inner product of two 1-D tensors. */
  dot(y: Tensor): Tensor { return ops.dot(this, y); }
  /** Outer product of two 1-D tensors: [m] and [n] give [m, n]. */
  outer(y: Tensor): Tensor { return ops.outer(this, y); }

  // ---- shape -------------------------------------------------------------------------------------
  /** The same elements in a new shape (one entry may be -1); a view when the layout allows. */
  reshape(shape: readonly number[]): Tensor { return ops.reshape(this, shape); }
  /** Merges axes start..end (inclusive; default all) into one. */
  flatten(start = 0, end = -1): Tensor { return ops.flatten(this, start, end); }
  /** Swaps two axes (default the last two); a view. */
  transpose(d0 = -2, d1 = -1): Tensor { return ops.transpose(this, d0, d1); }
  /** Reorders the axes; a view. @example x.permute(0, 2, 1) */
  permute(...axes: number[]): Tensor { return ops.permute(this, axes); }
  /** Broadcasts size-1 axes (and new leading axes) to `shape` without copying; its gradient sums back. */
  expand(shape: readonly number[]): Tensor { return ops.expand(this, shape); }
  /** Like `expand`: the tensor broadcast to `shape`. */
  broadcastTo(shape: readonly number[]): Tensor { return ops.broadcastTo(this, shape); }
  /** Removes size-1 axes (all, or the given ones). */
  squeeze(axis?: number | number[]): Tensor { return ops.squeeze(this, axis); }
  /** Inserts a size-1 axis at `axis`. */
  unsqueeze(axis: number): Tensor { return ops.unsqueeze(this, axis); }
  /** A view of ranges `[start, stop, step]`, one per leading axis (undefined = default, negatives count from the end). */
  slice(ranges: ops.SliceRange[]): Tensor { return ops.slice(this, ranges); }
  /** Joins this tensor with `others` along `axis`. */
  concat(others: Tensor[], axis = 0): Tensor {
    if (!Array.isArray(others)) throw new ValueError(`concat: others must be an array of Tensors, got ${describe(others)}`);
    return ops.concat([this, ...others], axis);
  }
  /** Splits along `axis` into pieces of `sizes` (one size for equal pieces). */
  split(sizes: number | number[], axis = 0): Tensor[] { return ops.split(this, sizes, axis); }
  /** Pads, NumPy-order widths `[[before, after], ...]` per axis, with a constant (default 0) or `{ mode, value }`. */
  pad(widths: [number, number][], value: number | ops.PadOptions = 0): Tensor { return ops.pad(this, widths, value); }
  /** Reverses the order along `axes`. */
  flip(axes: number | number[]): Tensor { return ops.flip(this, axes); }
  /** Picks elements along `axis` at the int32 `index` (of the output shape), like `torch.gather`. */
  gather(axis: number, index: Tensor): Tensor { return ops.gather(this, axis, index); }
  /** Selects whole slices along `axis` at the int32 1-D `index`. */
  indexSelect(axis: number, index: Tensor): Tensor { return ops.indexSelect(this, axis, index); }
  /** Tiles the tensor `reps[i]` times along each axis. */
  repeat(reps: number[]): Tensor { return ops.repeat(this, reps); }

  // ---- sorting and indexing (wave 2) -------------------------------------------------------------
  /** Sorts along `axis`: `{ values, indices }` (stable; NaN largest). */
  sort(axis = -1, opts?: ops.SortOptions): ops.ValuesIndices { return ops.sort(this, axis, opts); }
  /** The int32 indices that sort along `axis`. */
  argsort(axis = -1, opts?: ops.SortOptions): Tensor { return ops.argsort(this, axis, opts); }
  /** The k largest (or smallest) along `axis`: `{ values, indices }`. */
  topk(k: number, axis = -1, opts?: ops.TopkOptions): ops.ValuesIndices { return ops.topk(this, k, axis, opts); }
  /** The k-th smallest (k from 1) along `axis`: `{ values, indices }`. */
  kthvalue(k: number, axis = -1, keepDims = false): ops.ValuesIndices { return ops.kthvalue(this, k, axis, keepDims); }
  /** Distinct values (or slices along `opts.axis`), sorted; no gradient. */
  unique(opts?: ops.UniqueOptions & { returnInverse?: false; returnCounts?: false }): Tensor;
  unique(opts: ops.UniqueOptions): ops.UniqueResult;
  unique(opts: ops.UniqueOptions = {}): Tensor | ops.UniqueResult { return ops.unique(this, opts); }
  /** This tensor's bucket index between sorted 1-D `boundaries` (int32). */
  bucketize(boundaries: Tensor, opts?: ops.SearchOptions): Tensor { return ops.bucketize(this, boundaries, opts); }
  /** A copy with `value` where `mask` is nonzero (mask broadcasts to this shape). */
  maskedFill(mask: Tensor, value: number | Tensor): Tensor { return ops.maskedFill(this, mask, value); }
  /** The entries where `mask` is nonzero, as 1-D. */
  maskedSelect(mask: Tensor): Tensor { return ops.maskedSelect(this, mask); }
  /** A copy with `src` written at `index` along `axis` (torch.scatter, out of place). */
  scatter(axis: number, index: Tensor, src: Tensor | number): Tensor { return ops.scatter(this, axis, index, src); }
  /** A copy with `src` added at `index` along `axis`. */
  scatterAdd(axis: number, index: Tensor, src: Tensor): Tensor { return ops.scatterAdd(this, axis, index, src); }
  /** A copy with `src` combined at `index` along `axis` by `reduce`. */
  scatterReduce(axis: number, index: Tensor, src: Tensor, reduce: ops.ScatterReduction, opts?: { includeSelf?: boolean }): Tensor {
    return ops.scatterReduce(this, axis, index, src, reduce, opts);
  }
  /** A copy with `alpha * src` added at the 1-D `index` along `axis`. */
  indexAdd(axis: number, index: Tensor, src: Tensor, opts?: { alpha?: number }): Tensor { return ops.indexAdd(this, axis, index, src, opts); }
  /** A copy with the slices at the 1-D `index` along `axis` replaced by src's. */
  indexCopy(axis: number, index: Tensor, src: Tensor): Tensor { return ops.indexCopy(this, axis, index, src); }
  /** A copy with the slices at the 1-D `index` along `axis` set to `value`. */
  indexFill(axis: number, index: Tensor, value: number | Tensor): Tensor { return ops.indexFill(this, axis, index, value); }
  /** A copy with `values` put (or added) at one int32 index tensor per leading axis. */
  indexPut(indices: Tensor[], values: Tensor | number, opts?: { accumulate?: boolean }): Tensor { return ops.indexPut(this, indices, values, opts); }
  /** int32 coordinates [n, ndim] of the nonzero entries. */
  nonzero(): Tensor { return ops.nonzero(this); }
  /** Same as `nonzero`. */
  argwhere(): Tensor { return ops.argwhere(this); }
  /** Picks entries along `axis` at `index` (broadcast elsewhere); flattened without an axis. */
  takeAlongAxis(index: Tensor, axis?: number): Tensor { return ops.takeAlongAxis(this, index, axis); }
  /** Entries of the flattened tensor at int32 `index`. */
  take(index: Tensor): Tensor { return ops.take(this, index); }
  /** The slice at `index` along `axis`, with the axis removed. */
  select(axis: number, index: number): Tensor { return ops.select(this, axis, index); }
  /** `length` entries along `axis` from `start` (a view). */
  narrow(axis: number, start: number, length: number): Tensor { return ops.narrow(this, axis, start, length); }
  /** All axes reversed (PyTorch's `x.T`; a view). */
  get T(): Tensor { return ops.permute(this, this.shape.map((_, i) => this.ndim - 1 - i)); }
  /** The last two axes swapped (PyTorch's `x.mT`; a view). */
  get mT(): Tensor {
    if (this.ndim < 2) throw new ValueError(`mT: needs at least 2 dimensions, got shape ${fmtShape(this.shape)}`);
    return ops.transpose(this, -2, -1);
  }
  /** Splits into `chunks` pieces along `axis`. */
  chunk(chunks: number, axis = 0): Tensor[] { return ops.chunk(this, chunks, axis); }
  /** The slices along `axis`, each without it. */
  unbind(axis = 0): Tensor[] { return ops.unbind(this, axis); }
  /** Rolls entries along `axes` by `shifts` (flattened without axes). */
  roll(shifts: number | number[], axes?: number | number[]): Tensor { return ops.roll(this, shifts, axes); }
  /** Repeats each entry `repeats` times along `axis` (flattened without an axis). */
  repeatInterleave(repeats: number | Tensor, axis?: number): Tensor { return ops.repeatInterleave(this, repeats, axis); }
  /** Tiles the tensor (reps padded with leading 1s). */
  tile(reps: number[]): Tensor { return ops.tile(this, reps); }
  /** Lower triangle of the last two axes (col - row <= k). */
  tril(k = 0): Tensor { return ops.tril(this, k); }
  /** Upper triangle of the last two axes (col - row >= k). */
  triu(k = 0): Tensor { return ops.triu(this, k); }
  /** 1-D: a matrix with this on diagonal k; 2-D: diagonal k. */
  diag(k = 0): Tensor { return ops.diag(this, k); }
  /** Diagonal of the matrices spanned by `axis1`, `axis2` (default 0, 1), as the last axis. */
  diagonal(opts?: ops.DiagonalOptions): Tensor { return ops.diagonal(this, opts); }
  /** Matrices with the last axis on diagonal `offset`. */
  diagEmbed(opts?: { offset?: number }): Tensor { return ops.diagEmbed(this, opts); }
  /** Moves axes `source` to `destination`. */
  movedim(source: number | number[], destination: number | number[]): Tensor { return ops.movedim(this, source, destination); }
  /** Swaps two axes. */
  swapaxes(axis0: number, axis1: number): Tensor { return ops.swapaxes(this, axis0, axis1); }
  /** Splits `axis` into `sizes`. */
  unflatten(axis: number, sizes: number[]): Tensor { return ops.unflatten(this, axis, sizes); }
  /** At least 2 axes ([1, 1] or [1, n]). */
  atleast2d(): Tensor { return ops.atleast2d(this); }
  /** Sum of the main diagonal (2-D). */
  trace(): Tensor { return ops.trace(this); }
  /** Matrix-vector product. */
  mv(vec: Tensor): Tensor { return ops.mv(this, vec); }
  /** Batched matrix product of 3-D tensors. */
  bmm(y: Tensor): Tensor { return ops.bmm(this, y); }
  /** beta * this + alpha * (a @ b). */
  addmm(a: Tensor, b: Tensor, opts?: ops.AddProductOptions): Tensor { return ops.addmm(this, a, b, opts); }
  /** beta * this + alpha * bmm(a, b). */
  baddbmm(a: Tensor, b: Tensor, opts?: ops.AddProductOptions): Tensor { return ops.baddbmm(this, a, b, opts); }
  /** beta * this + alpha * (mat @ vec). */
  addmv(mat: Tensor, vec: Tensor, opts?: ops.AddProductOptions): Tensor { return ops.addmv(this, mat, vec, opts); }
  /** Cross product of 3-vectors along `axis`. */
  cross(y: Tensor, axis = -1): Tensor { return ops.cross(this, y, axis); }
  /** Kronecker product. */
  kron(y: Tensor): Tensor { return ops.kron(this, y); }
  /** Sums products over `dims` (see `tensordot`). */
  tensordot(y: Tensor, dims: number | [number[], number[]] = 2): Tensor { return ops.tensordot(this, y, dims); }
  // ---- end of wave-2 sorting, indexing, shape and einsum methods
}

// Node's console.log and util.inspect print a tensor as its toString(), found through a global symbol so that
// this file imports nothing from Node. The brand tells a Tensor of another loaded copy of the library apart
// (see `describe` in errors.ts).
Object.defineProperty(Tensor.prototype, Symbol.for('nodejs.util.inspect.custom'), {
  value(this: Tensor): string {
    return this.toString();
  },
});
Object.defineProperty(Tensor.prototype, TENSOR_BRAND, { value: THIS_COPY });
