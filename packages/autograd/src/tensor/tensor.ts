/**
 * `Tensor`, the end of a class chain split by the 400-line cap: ./tensor-core.ts holds the fields, element
 * access, printing and graph methods, ./tensor-math.ts the elementwise, reduction and matrix-product methods,
 * and this file the shape, indexing and sorting methods plus the methods that construct or recognise a
 * `Tensor` itself (`_fromData`, `detach`, `sameShape`), so no base class ever builds a base-class instance.
 * Import `Tensor` from here, never the base files: loading one of them first would, through the ops' import
 * cycle back to this file, evaluate `extends TensorMath` before the base class exists.
 */
import { TENSOR_BRAND, THIS_COPY, ValueError, describe, fmtShape } from '../errors.js';
import { wrapBatch } from '../transforms/levels.js';
import * as ops from '../ops/index.js';
import type { DType, TypedArray } from './dtype.js';
import { sameShape } from './shape.js';
import { Storage } from './storage.js';
import { TensorMath } from './tensor-math.js';

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
export class Tensor extends TensorMath {
  /**
   * @internal Wraps a fresh contiguous typed array (not copied). `like`, a tensor of the same shape, lends
   * its shape and (when it is contiguous) its strides arrays: elementwise ops then allocate neither. Shape
   * and stride arrays are never mutated after construction, so sharing them is safe.
   */
  static _fromData(data: TypedArray, shape: readonly number[], dtype: DType, like?: Tensor): Tensor {
    const strides = like !== undefined && like._shape === shape && like._isContiguous ? like._strides : undefined;
    return new Tensor(new Storage(data), shape, dtype, strides);
  }

  /**
   * A tensor sharing this one's data but cut from the graph (no gradient flows through it). Inside `vmap` it
   * stays batched; under forward-mode `jvp` it drops its tangent (a constant, as JAX's stop_gradient).
   */
  detach(): Tensor {
    const tr = this._tracer;
    if (tr !== null) return tr.kind === 'batch' ? wrapBatch(tr.phys.detach(), tr.level) : tr.primal.detach();
    const t = new Tensor(this._storage, this._shape.slice(), this.dtype, this._strides.slice(), this._offset);
    t._inference = this._inference; // a view of an inference tensor stays one
    return t;
  }

  /** True when `other` has the same shape. @example ones([2, 3]).sameShape(zeros([2, 3])) // true */
  sameShape(other: Tensor): boolean {
    if (!(other instanceof Tensor)) throw new ValueError(`sameShape: other must be a Tensor, got ${describe(other)}`);
    return sameShape(this._shape, other._shape);
  }

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
  get T(): Tensor { return ops.permute(this, this._shape.map((_, i) => this.ndim - 1 - i)); }
  /** The last two axes swapped (PyTorch's `x.mT`; a view). */
  get mT(): Tensor {
    if (this.ndim < 2) throw new ValueError(`mT: needs at least 2 dimensions, got shape ${fmtShape(this._shape)}`);
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
