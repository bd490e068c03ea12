/**
 * The base of the `Tensor` class chain (TensorCore -> TensorMath -> Tensor, split by the 400-line cap): the
 * fields and constructor, element access, printing and the graph methods (backward, requiresGrad, hooks,
 * in-place `mutate`). Every instance is a `Tensor`: only `Tensor` extends the chain and the bases are abstract.
 * So where `this` goes to a function taking a Tensor, `this as unknown as Tensor` is a true (and free) cast;
 * a `this: Tensor` parameter would say the same but shows up in every signature of the API docs. `Tensor` is
 * imported as a type only: this file needs nothing from ./tensor.ts at load time (a subclass must evaluate
 * after its base, never before).
 */
import { getBackend } from '../backend/registry.js';
import { DTypeError, GraphError, ValueError, describe, fmtShape } from '../errors.js';
import { backward } from '../autodiff/backward.js';
import { isGradEnabled } from '../autodiff/grad-mode.js';
import { isInferenceMode } from '../autodiff/inference-mode.js';
import type { Node } from '../autodiff/node.js';
import { batchedDataError, hasElements, type Tracer } from '../transforms/levels.js';
import { isFloat, type DType, type TypedArray } from './dtype.js';
import { formatTensor, withSuffixes } from './format.js';
import { printOptions } from './print-options.js';
import { nest } from './nest.js';
import { contiguousStrides, sizeOf } from './shape.js';
import type { Storage } from './storage.js';
import type { BackwardOptions, GradHook, HookHandle, NestedArray, Tensor } from './tensor.js';
import { checkNoOverlap, isDense, scatterInto } from './write-through.js';

/** @internal Fields, element access, printing and graph methods of `Tensor` (see the file comment). */
export abstract class TensorCore {
  /** @internal Size of each axis (see `shape`); the library's own array, never handed to users. */
  declare readonly _shape: readonly number[];
  /** @internal The frozen copy `shape` hands out, made on first access. */
  declare _publicShape: readonly number[] | null;
  /** Element type: 'float32', 'float64' or 'int32'. */
  declare readonly dtype: DType;
  /** Number of elements (the product of the shape; 1 for a 0-d tensor). */
  declare readonly size: number;
  /** @internal Shared memory; views of one tensor share it. */
  declare _storage: Storage;
  /** @internal Element strides into the storage. */
  declare _strides: number[];
  /** @internal Element offset of this view's first element. */
  declare _offset: number;
  /** @internal The op that produced this tensor, if the graph was recorded. */
  declare _node: Node | null;
  /** @internal Gradient hooks, run in registration order. */
  declare _hooks: GradHook[] | null;
  /** @internal The op (comparison, argmax, int32 cast) that cut this result off from inputs requiring grad. */
  declare _cutBy: string | null;
  /** @internal Created inside `inferenceMode`: may never require grad. */
  declare _inference: boolean;
  /** @internal Set when this tensor stands for a batch (vmap) or carries a tangent (forward-mode jvp). */
  declare _tracer: Tracer | null;
  /** @internal Mark of the last topological sort that visited this tensor. */
  declare _visited: number;
  /** @internal Whether a non-leaf keeps its gradient in `.grad`. */
  declare _retainsGrad: boolean;
  /** Whether gradients flow to this tensor. */
  declare requiresGrad: boolean;
  /** The accumulated gradient of a leaf (or of a non-leaf after `retainGrad()`), or null. */
  declare grad: Tensor | null;

  /** @internal Use the creation functions (`tensor`, `zeros`, ...) instead. */
  constructor(storage: Storage, shape: readonly number[], dtype: DType, strides?: number[], offset = 0) {
    // Every field is assigned here, in declaration order, rather than initialised where it is declared: V8
    // (Node 20) constructs a subclass of a class with field initialisers about twice as slowly, and every op
    // allocates a Tensor, the subclass of this one.
    this._shape = shape;
    this._publicShape = null;
    this.dtype = dtype;
    this.size = sizeOf(shape);
    this._storage = storage;
    this._strides = strides ?? contiguousStrides(shape);
    this._offset = offset;
    this._node = null;
    this._hooks = null;
    this._cutBy = null;
    this._inference = isInferenceMode();
    this._tracer = null;
    this._visited = 0;
    this._retainsGrad = false;
    this.requiresGrad = false;
    this.grad = null;
  }

  /**
   * Size of each axis, e.g. [2, 3] for 2 rows of 3: a frozen array (like PyTorch's `torch.Size`), so
   * `t.shape.push(7)` throws instead of corrupting the tensor; reshape to change it. The library itself reads
   * an unfrozen twin, `_shape`: V8 (Node 20) reads, copies and maps frozen arrays through slow paths (a
   * `slice` ~30x slower), which would cost 20-25% of a small model's training step.
   */
  get shape(): readonly number[] {
    return (this._publicShape ??= Object.freeze(this._shape.slice()));
  }

  /** Number of axes (the length of `shape`). */
  get ndim(): number {
    return this._shape.length;
  }

  /** True for tensors created by the user (no recorded op behind them). */
  get isLeaf(): boolean {
    return this._node === null;
  }

  /** @internal True when the view covers its storage in row-major order from offset 0. */
  get _isContiguous(): boolean {
    if (this._offset !== 0 || this._storage.data.length !== this.size) return false;
    let s = 1;
    for (let i = this._shape.length - 1; i >= 0; i--) {
      if (this._shape[i] !== 1 && this._strides[i] !== s) return false;
      s *= this._shape[i]!;
    }
    return true;
  }

  /** @internal The elements in row-major order: the storage itself when contiguous (do not write), else a copy. */
  _contiguousData(): TypedArray {
    if (this._tracer !== null && !hasElements(this as unknown as Tensor)) throw batchedDataError('reading values', this as unknown as Tensor);
    if (this._isContiguous) return this._storage.data;
    return getBackend().contiguous(this._strided(), this._shape, this.dtype);
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
    return nest(this._contiguousData(), this._shape);
  }

  /** The value of a one-element tensor. */
  item(): number {
    if (this._tracer !== null && !hasElements(this as unknown as Tensor)) throw batchedDataError('item', this as unknown as Tensor);
    if (this.size !== 1) {
      throw new ValueError(`item: only one-element tensors convert to a number; this one has shape ${fmtShape(this._shape)}`);
    }
    return this._storage.data[this._offset]!;
  }

  /**
   * PyTorch-style printout (its number format, summarising and line wrapping; see `setPrintOptions`) with the
   * shape, dtype and grad function, e.g. `tensor([1.5000, 2.0000], shape=[2], dtype=float32)`. Node's
   * `console.log` prints a tensor this way too.
   */
  toString(): string {
    // Inside vmap a tensor has no values of its own: show the whole batch it stands for, as functorch does.
    const tr = this._tracer;
    if (tr !== null && tr.kind === 'batch') return `BatchedTensor(vmap, example shape ${fmtShape(this._shape)}, batch of ${tr.level.size}: ${tr.phys.toString()})`;
    const opts = printOptions();
    const body = formatTensor(this._contiguousData(), this._shape, this.dtype, opts);
    const suffixes = [`shape=${fmtShape(this._shape)}`, `dtype=${this.dtype}`];
    if (this._node) suffixes.push(`gradFn=${this._node.prim}`);
    else if (this.requiresGrad) suffixes.push('requiresGrad=true');
    return withSuffixes(`tensor(${body}`, suffixes, 'tensor('.length, opts.linewidth);
  }

  /**
   * Computes gradients of this tensor with respect to every leaf that requires grad, adding them into
   * the leaves' `.grad`. A non-scalar output needs a `seed` of its own shape (the vector in the vector-Jacobian product).
   */
  backward(seed?: Tensor, opts: BackwardOptions = {}): void {
    backward(this as unknown as Tensor, seed, opts);
  }

  /** Marks a leaf as requiring grad (or not). Only float tensors can require grad. */
  setRequiresGrad(flag = true): this {
    if (flag && !isFloat(this.dtype)) {
      throw new DTypeError(`setRequiresGrad: only float tensors can require grad; this one is ${this.dtype} of shape ${fmtShape(this._shape)}`);
    }
    if (flag && this._inference) {
      throw new GraphError(
        `setRequiresGrad: this tensor of shape ${fmtShape(this._shape)} was created inside inferenceMode and can never require grad (no graph was kept for it); clone() it outside inferenceMode to get an ordinary tensor`,
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
    if (!this.requiresGrad) throw new GraphError(`retainGrad: tensor of shape ${fmtShape(this._shape)} does not require grad`);
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
    if (!this.requiresGrad) throw new GraphError(`registerHook: tensor of shape ${fmtShape(this._shape)} does not require grad`);
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
        `mutate: in-place write to a tensor of shape ${fmtShape(this._shape)} ${tr.kind === 'batch' ? 'batched' : 'carrying a tangent'} inside ${tr.level.op}; ` +
          `in-place operations are not supported under ${tr.level.op}: use the out-of-place op`,
      );
    }
    if (this._node) throw new GraphError(`mutate: in-place write to a non-leaf made by ${this._node.prim}; detach() it first`);
    if (this.requiresGrad && isGradEnabled()) {
      throw new GraphError(`mutate: in-place write to a leaf of shape ${fmtShape(this._shape)} that requires grad; wrap it in noGrad()`);
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
}
