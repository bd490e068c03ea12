import type { DType, TypedArray } from '../tensor/dtype.js';

/**
 * A strided read-only view of a typed array: element (i0, i1, ...) sits at offset + sum(ik * strides[k]).
 * Broadcast dims have stride 0 and transposes permute strides, so neither needs a copy.
 */
export interface Strided {
  /** The underlying typed array (never written by kernels). */
  readonly data: TypedArray;
  /** Index of element (0, 0, ...) in `data`. */
  readonly offset: number;
  /** Per-axis step in `data`, in elements (0 for a broadcast axis). */
  readonly strides: readonly number[];
}

export type UnaryOp =
  | 'neg' | 'exp' | 'log' | 'log1p' | 'expm1' | 'sqrt' | 'rsqrt' | 'abs' | 'sign' | 'square' | 'reciprocal'
  | 'sin' | 'cos' | 'tanh' | 'sigmoid' | 'relu' | 'softplus' | 'erf' | 'step';
/**
 * Binary kernels. The last three are the fused backward passes of tanh, sigmoid and relu, each one pass instead
 * of three or four: tanhGrad(g, y) = g (1 - y y), sigmoidGrad(g, s) = (g s)(1 - s), reluGrad(g, x) = g [x > 0],
 * rounded step by step exactly as the unfused ops would (the same bits).
 */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'pow' | 'maximum' | 'minimum' | 'tanhGrad' | 'sigmoidGrad' | 'reluGrad';
export type CompareOp = 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type ReduceOp = 'sum' | 'max' | 'min' | 'prod';
/** Elementwise special functions and roundings of the `special` kernel (round is half to even). */
export type SpecialOp =
  | 'tan' | 'asin' | 'acos' | 'atan' | 'sinh' | 'cosh' | 'asinh' | 'acosh' | 'atanh' | 'log2' | 'log10' | 'exp2'
  | 'erfinv' | 'lgamma' | 'digamma' | 'floor' | 'ceil' | 'round' | 'trunc' | 'sign';
/** Binary ops of the `special2` kernel: atan2(y, x), hypot, fmod (C's) and remainder (Python's). */
export type Special2Op = 'atan2' | 'hypot' | 'fmod' | 'remainder';
/** Inclusive scans of the `cumulative` kernel. */
export type ScanOp = 'sum' | 'prod' | 'logsumexp';
/** How `scatterReduce` combines values; 'assign' is plain scatter (the last write wins). */
export type ScatterReduceOp = 'assign' | 'sum' | 'prod' | 'mean' | 'amax' | 'amin';

/**
 * The kernels a compute backend provides. Kernels are plain loops over typed arrays: they know nothing
 * about Tensors, graphs or gradients, so a WASM or WebGPU backend can replace the CPU one without touching
 * autodiff. Inputs are never written; every kernel returns a fresh array unless it says otherwise.
 */
export interface Backend {
  /** The backend's name, e.g. 'cpu'. */
  readonly name: string;
  /**
   * y <- y + alpha x in place (the one kernel that writes an argument: optimizers update parameters with it), for
   * contiguous arrays of one float type and length; each element is computed in float64 and rounded once into
   * y's type, as JavaScript's `y[i] = y[i] + alpha * x[i]` is.
   */
  axpy(y: Float32Array | Float64Array, alpha: number, x: Float32Array | Float64Array): void;
  /** Whether every element of a contiguous float array is finite (no NaN or ±Infinity). */
  allFinite(x: Float32Array | Float64Array): boolean;
  /** Copies a strided view of `shape` into a fresh contiguous array of `dtype`. */
  contiguous(x: Strided, shape: readonly number[], dtype: DType): TypedArray;
  /** Converts element type (float to int32 truncates toward zero, as PyTorch does). */
  cast(x: TypedArray, dtype: DType): TypedArray;
  /** out[i] = op(x[i]) on a contiguous array. */
  unary(op: UnaryOp, x: TypedArray, dtype: DType): TypedArray;
  /** out = op(a, b) where a and b are strided views already broadcast to `shape`. */
  binary(op: BinaryOp, a: Strided, b: Strided, shape: readonly number[], dtype: DType): TypedArray;
  /** 0/1 mask of op(a, b), views broadcast to `shape`. */
  compare(op: CompareOp, a: Strided, b: Strided, shape: readonly number[]): Int32Array;
  /** out = cond != 0 ? a : b, all three broadcast to `shape`. */
  where(cond: Strided, a: Strided, b: Strided, shape: readonly number[], dtype: DType): TypedArray;
  /**
   * Reduces a contiguous array over the sorted `axes` (result shape keeps them as 1). Float32 input is
   * accumulated in float64 so long sums keep their precision.
   */
  reduce(op: ReduceOp, x: TypedArray, shape: readonly number[], axes: readonly number[]): TypedArray;
  /** Index of the max (or min) along one axis; ties go to the first index, as in PyTorch. */
  argReduce(op: 'argmax' | 'argmin', x: TypedArray, shape: readonly number[], axis: number): Int32Array;
  /**
   * log(sum(exp(x))) of a contiguous array over the sorted `axes`, with the slice max subtracted first so
   * finite inputs never overflow; a slice whose max is not finite (all -inf, +inf, NaN) gives that max.
   */
  logsumexp(x: TypedArray, shape: readonly number[], axes: readonly number[]): TypedArray;
  /** Softmax (log-softmax when `log`) of a contiguous array along one axis, with the slice max subtracted first. */
  softmax(x: TypedArray, shape: readonly number[], axis: number, log: boolean): TypedArray;
  /**
   * Batched matrix product: a is [batch, m, k], b is [batch, k, n] as strided views (a transposed operand
   * is just swapped strides), out is a fresh contiguous [batch, m, n].
   */
  matmul(a: Strided, b: Strided, batch: number, m: number, k: number, n: number, dtype: DType): TypedArray;
  /**
   * A fresh array of `outShape` filled with `fill`, with the view x (of `shape`) written so that its element
   * i (per axis) lands at starts + i * steps: padding, and the adjoint of a strided slice.
   */
  embed(
    x: Strided, shape: readonly number[], outShape: readonly number[],
    starts: readonly number[], steps: readonly number[], fill: number, dtype: DType,
  ): TypedArray;
  /** Joins views along `axis` into a fresh contiguous array; `shapes` agree except at `axis`. */
  concat(xs: readonly Strided[], shapes: readonly (readonly number[])[], axis: number, dtype: DType): TypedArray;
  /**
   * torch.gather over `shape`: out[p] = x[p with its `axis` coordinate replaced by index[p]]; `index` is an
   * int32 view of `shape` whose values are already validated.
   */
  gather(x: Strided, index: Strided, shape: readonly number[], axis: number, dtype: DType): TypedArray;
  /** The adjoint of gather: zeros of `outShape`, then out[p with axis coordinate index[p]] += src[p]. */
  scatterAdd(
    src: Strided, index: Strided, shape: readonly number[], axis: number, outShape: readonly number[], dtype: DType,
  ): TypedArray;
  /** im2col of a contiguous [n, c, h, w] array: [n, c * kh * kw, oh * ow], zeros where taps hit the padding. */
  unfold(x: TypedArray, shape: readonly number[], win: Window2d, dtype: DType): TypedArray;
  /** col2im, the adjoint of unfold: [n, c * kh * kw, oh * ow] summed back into a fresh [n, c, h, w] (`shape`). */
  fold(cols: TypedArray, shape: readonly number[], win: Window2d, dtype: DType): TypedArray;
  /**
   * A 2-D convolution as one matrix product per image, fused: weight [o, c kh kw] @ unfold(x) for a contiguous
   * x [n, c, h, w], giving [n, o, oh ow]. Equal, bit for bit, to `unfold` then `matmul` (weight broadcast over
   * the images), without the columns ever being a separate array.
   */
  conv2d(x: TypedArray, weight: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray;
  /** conv2d's gradient for x, g [n, o, oh ow] -> [n, c, h, w]: fold(weight^T @ g) per image (matmul then fold). */
  conv2dGradX(g: TypedArray, weight: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray;
  /** conv2d's gradient for weight, -> [o, c kh kw]: g @ unfold(x)^T per image (matmul), summed over images (reduce). */
  conv2dGradW(x: TypedArray, g: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray;
  /** out[i] = op(x[i]) on a contiguous array for the special functions and roundings (see SpecialOp). */
  special(op: SpecialOp, x: TypedArray, dtype: DType): TypedArray;
  /** out[i] = psi^(n)(x[i]), the n-th derivative of digamma (n >= 1), on a contiguous array. */
  polygamma(n: number, x: TypedArray, dtype: DType): TypedArray;
  /** out = op(a, b) for atan2 (a = y), hypot, fmod and remainder, views broadcast to `shape`. */
  special2(op: Special2Op, a: Strided, b: Strided, shape: readonly number[], dtype: DType): TypedArray;
  /** Inclusive running sum, product or log-sum-exp along `axis` of a contiguous array (float64 running value). */
  cumulative(op: ScanOp, x: TypedArray, shape: readonly number[], axis: number): TypedArray;
  /** Index of the running max (or min) along `axis`: ties move to the later index, NaN sticks (PyTorch cummax). */
  cumIndex(op: 'max' | 'min', x: TypedArray, shape: readonly number[], axis: number): Int32Array;
  /** Flat in-plane index of each pooling window's first max (NaN wins) of a contiguous [n, c, h, w] array; no padding. */
  maxPoolIndex(x: TypedArray, shape: readonly number[], win: Window2d): Int32Array;
  /**
   * Fused scaled dot-product attention of contiguous q, k, v (float, one dtype): softmax(scale q k^T + mask) v
   * as [...batch, l, ev], the softmax taken in one numerically stable pass over the scores without storing
   * them; with `v` null, the probabilities [...batch, l, s] instead. `mask` (optional) is an additive view
   * broadcast to [...batch, l, s].
   */
  attention(q: TypedArray, k: TypedArray, v: TypedArray | null, mask: Strided | null, dims: AttentionDims): TypedArray;
  /**
   * Stable argsort of a contiguous array along `axis` (ascending, or descending); NaN is the largest key.
   * Equal keys keep their original order.
   */
  argsort(x: TypedArray, shape: readonly number[], axis: number, descending: boolean): Int32Array;
  /**
   * Insertion points of contiguous `values` in the sorted last axis of contiguous `seq` (1-D, or with the
   * values' leading axes): the count of entries < v, or <= v when `right`.
   */
  searchsorted(seq: TypedArray, seqShape: readonly number[], values: TypedArray, valuesShape: readonly number[], right: boolean): Int32Array;
  /**
   * torch.scatter_reduce on contiguous arrays: a copy of x with src[p] combined by `op` into
   * out[p with its `axis` coordinate replaced by index[p]] for every p of `indexShape` (validated indices).
   */
  scatterReduce(
    x: TypedArray, shape: readonly number[], src: TypedArray, srcShape: readonly number[], index: Int32Array,
    indexShape: readonly number[], axis: number, op: ScatterReduceOp, includeSelf: boolean, dtype: DType,
  ): TypedArray;
  // Linear algebra (float32/float64, contiguous batches of row-major matrices; arithmetic in float64).
  /** Cholesky factor L (L L^T = A) of [batch, n, n], reading A's lower triangle. */
  cholesky(a: TypedArray, batch: number, n: number, dtype: DType): {
    /** L, [batch, n, n]. */
    out: TypedArray;
    /** Per matrix: 0, or k + 1 when the leading minor of order k + 1 is not positive definite. */
    info: Int32Array;
  };
  /** X with A X = B by substitution: A [batch, n, n] (only its lower, or `upper`, triangle read; ones on the diagonal when `unit`), B [batch, n, k]. */
  triangularSolve(a: TypedArray, b: TypedArray, batch: number, n: number, k: number, upper: boolean, unit: boolean, dtype: DType): TypedArray;
  /** X with A X = B by LU with partial pivoting: A [batch, n, n], B [batch, n, k]. */
  luSolve(a: TypedArray, b: TypedArray, batch: number, n: number, k: number, dtype: DType): {
    /** X, [batch, n, k]. */
    out: TypedArray;
    /** Per matrix: 0, or j + 1 when U's pivot j is exactly 0 (singular). */
    info: Int32Array;
  };
  /** Determinant data of [batch, n, n] from one pivoted LU, each [batch]. */
  luDet(a: TypedArray, batch: number, n: number, dtype: DType): {
    /** det(A). */
    det: TypedArray;
    /** -1, 0 (singular) or 1. */
    sign: TypedArray;
    /** log|det A| (-Infinity when singular). */
    logabsdet: TypedArray;
  };
  /** Householder QR of [batch, m, n] (LAPACK's signs); c = m when `complete`, else min(m, n). */
  qr(a: TypedArray, batch: number, m: number, n: number, complete: boolean, dtype: DType): {
    /** Q, [batch, m, c]. */
    q: TypedArray;
    /** R, [batch, c, n]. */
    r: TypedArray;
  };
  /** Eigendecomposition of the symmetric [batch, n, n] held in the lower (or `upper`) triangle. */
  eigh(a: TypedArray, batch: number, n: number, upper: boolean, dtype: DType): {
    /** Eigenvalues, ascending, [batch, n]. */
    values: TypedArray;
    /** Eigenvectors as the columns of [batch, n, n]. */
    vectors: TypedArray;
  };
  /** SVD of [batch, m, n], accurate for ill-conditioned input; k = min(m, n). */
  svd(a: TypedArray, batch: number, m: number, n: number, full: boolean, dtype: DType): {
    /** U, [batch, m, full ? m : k]. */
    u: TypedArray;
    /** Singular values, descending, [batch, k]. */
    s: TypedArray;
    /** Vh, [batch, full ? n : k, n]. */
    vh: TypedArray;
  };
}

/** The geometry of a fused attention call: q [...batch, l, e], k [...batch, s, e], v [...batch, s, ev]. */
export interface AttentionDims {
  readonly batch: readonly number[];
  readonly l: number;
  readonly s: number;
  readonly e: number;
  readonly ev: number;
  /** Multiplies q . k (usually 1 / sqrt(e)). */
  readonly scale: number;
  /** Query i sees only keys j <= i (read off the indices; no mask is built). */
  readonly causal: boolean;
}

/** A convolution's input shape [n, c, h, w], output channels and window (see Backend.conv2d). */
export interface ConvGeometry {
  readonly shape: readonly number[];
  readonly out: number;
  readonly win: Window2d;
}

/** A 2-D sliding window: kernel size, stride, symmetric zero padding and dilation, each [along h, along w]. */
export interface Window2d {
  readonly kernel: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly dilation: readonly [number, number];
}
