import { ShapeError, Tensor, ValueError, defaultGenerator, describe, fmtShape, tensor, type Generator } from '@nabla/autograd';
import { generatorArg } from '../check.js';
import { checkOptionKeys, keysOf } from '../option-keys.js';

/**
 * A map-style data set (PyTorch's `Dataset`): `length` samples, sample `i` from `get(i)`. A data set may also
 * offer `getBatch(indices)` returning the already-collated batch, which DataLoader uses when it has no custom
 * `collate` (TensorDataset does, gathering a whole batch in one indexSelect per tensor).
 */
export interface Dataset<S> {
  /** Number of samples. */
  readonly length: number;
  /** Sample `index`, for 0 <= index < length. */
  get(index: number): S;
  /** Optional: the collated batch of these samples (what the default collate would make of them). */
  getBatch?(indices: readonly number[]): unknown;
}

/** Throws unless `i` is an integer index into `n` samples. */
export function checkIndex(op: string, i: unknown, n: number): number {
  if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= n) {
    throw new ValueError(`${op}: index must be an integer in [0, ${n}), got ${describe(i)}`);
  }
  return i;
}

/** Throws unless `d` looks like a Dataset (a length and a get method). */
export function checkDataset(op: string, d: unknown): Dataset<unknown> {
  const ds = d as Partial<Dataset<unknown>> | null;
  if (typeof d !== 'object' || ds === null || typeof ds.get !== 'function' || typeof ds.length !== 'number' || !Number.isInteger(ds.length) || ds.length < 0) {
    throw new ValueError(`${op}: dataset must have an integer length >= 0 and a get(index) method, got ${describe(d)}`);
  }
  return ds as Dataset<unknown>;
}

/**
 * Samples are the rows (axis 0) of equally long tensors (PyTorch's `TensorDataset`): sample i is
 * `[x[i], y[i], ...]`. Batches are gathered with one indexSelect per tensor.
 * @example
 * const ds = new TensorDataset(x, y); // x [100, 4], y [100]
 * const [xi, yi] = ds.get(0);         // [4] and []
 */
export class TensorDataset<T extends Tensor[]> implements Dataset<T> {
  /** The tensors, each with `length` rows. */
  readonly tensors: T;

  constructor(...tensors: T) {
    if (tensors.length === 0) throw new ValueError('TensorDataset: expected at least one tensor');
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new ValueError(`TensorDataset: argument ${i} must be a Tensor, got ${describe(t)}`);
      if (t.ndim === 0) throw new ShapeError(`TensorDataset: tensor ${i} is 0-D (shape []); each tensor needs a leading sample axis`);
    });
    const n = tensors[0]!.shape[0];
    if (tensors.some((t) => t.shape[0] !== n)) {
      throw new ShapeError(`TensorDataset: size mismatch between tensors: every tensor needs the same length along axis 0, got ${tensors.map((t) => fmtShape(t.shape)).join(', ')}`);
    }
    this.tensors = tensors;
  }

  get length(): number {
    return this.tensors[0]!.shape[0]!;
  }

  /** Row `index` of every tensor (views, no copy). */
  get(index: number): T {
    const i = checkIndex('TensorDataset.get', index, this.length);
    return this.tensors.map((t) => t.slice([[i, i + 1]]).reshape(t.shape.slice(1))) as T;
  }

  /** Rows `indices` of every tensor, stacked along a new axis 0. */
  getBatch(indices: readonly number[]): T {
    for (const i of indices) checkIndex('TensorDataset.getBatch', i, this.length);
    const idx = tensor(indices as number[], { dtype: 'int32', shape: [indices.length] });
    return this.tensors.map((t) => t.indexSelect(0, idx)) as T;
  }
}

/**
 * The samples of `dataset` at `indices`, in that order (PyTorch's `Subset`).
 * @example
 * const firstTen = new Subset(ds, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
 */
export class Subset<S> implements Dataset<S> {
  /** The underlying data set. */
  readonly dataset: Dataset<S>;
  /** Indices into `dataset`. */
  readonly indices: readonly number[];

  constructor(dataset: Dataset<S>, indices: readonly number[]) {
    const ds = checkDataset('Subset', dataset) as Dataset<S>;
    if (!Array.isArray(indices)) throw new ValueError(`Subset: indices must be an array of integers, got ${describe(indices)}`);
    for (const i of indices) checkIndex('Subset', i, ds.length);
    this.dataset = ds;
    this.indices = indices.slice();
  }

  get length(): number {
    return this.indices.length;
  }

  get(index: number): S {
    return this.dataset.get(this.indices[checkIndex('Subset.get', index, this.length)]!);
  }

  getBatch(indices: readonly number[]): unknown {
    const mapped = indices.map((i) => this.indices[checkIndex('Subset.getBatch', i, this.length)]!);
    return this.dataset.getBatch ? this.dataset.getBatch(mapped) : undefined;
  }
}

/** 0..n-1 in a random order drawn from `g` (Fisher-Yates, from the end). */
export function permutation(n: number, g: Generator): number[] {
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = g.int(0, i + 1);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  return order;
}

/** Options of `randomSplit`. */
export interface RandomSplitOptions {
  /** Random source of the permutation (default: the global generator). */
  generator?: Generator;
}

/**
 * Splits a data set into non-overlapping random subsets (PyTorch's `random_split`). `lengths` are sample
 * counts summing to the data set's length, or fractions summing to 1 (each gets floor(fraction * n), and the
 * remainder goes one by one to the first subsets, as PyTorch does).
 * @example
 * const [train, val] = randomSplit(ds, [0.8, 0.2], { generator: new Generator(0) });
 */
export function randomSplit<S>(dataset: Dataset<S>, lengths: readonly number[], opts?: RandomSplitOptions): Subset<S>[] {
  const op = 'randomSplit';
  const ds = checkDataset(op, dataset) as Dataset<S>;
  const o = checkOptionKeys(op, opts, keysOf<RandomSplitOptions>({ generator: true }));
  const g = generatorArg(op, o.generator) ?? defaultGenerator();
  if (!Array.isArray(lengths) || lengths.length === 0 || !lengths.every((l) => typeof l === 'number' && Number.isFinite(l) && l >= 0)) {
    throw new ValueError(`${op}: lengths must be a non-empty array of numbers >= 0, got ${describe(lengths)}`);
  }
  const n = ds.length;
  let counts = lengths.slice();
  const total = lengths.reduce((a, b) => a + b, 0);
  if (Math.abs(total - 1) < 1e-9 && total !== n) {
    if (lengths.some((l) => l > 1)) throw new ValueError(`${op}: fractions must each be in [0, 1], got [${lengths.join(', ')}]`);
    counts = lengths.map((f) => Math.floor(n * f));
    let rest = n - counts.reduce((a, b) => a + b, 0);
    for (let i = 0; rest > 0; i = (i + 1) % counts.length, rest--) counts[i]! += 1;
  } else if (!lengths.every(Number.isInteger) || total !== n) {
    throw new ValueError(`${op}: sum of input lengths [${lengths.join(', ')}] (${total}) does not equal the length of the dataset (${n}), and the lengths are not fractions summing to 1`);
  }
  const order = permutation(n, g);
  let start = 0;
  return counts.map((c) => new Subset(ds, order.slice(start, (start += c))));
}
