import { Tensor, ValueError, defaultGenerator, describe, stack, tensor, type Generator } from '@nabla/autograd';
import { boolArg, generatorArg, intArg } from '../check.js';
import { checkOptionKeys, keysOf } from '../option-keys.js';
import { checkDataset, permutation, type Dataset } from './dataset.js';

/** What the default collate makes of a batch of samples of type S: tensors and numbers stack into one Tensor. */
export type Collated<S> = S extends Tensor | number
  ? Tensor
  : S extends readonly unknown[]
    ? { -readonly [K in keyof S]: Collated<S[K]> }
    : S extends object
      ? { [K in keyof S]: Collated<S[K]> }
      : S;

/** Options of `DataLoader` (PyTorch's names, camelCase). */
export interface DataLoaderOptions<S, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Visit the samples in a fresh random order on every pass (default false). */
  shuffle?: boolean;
  /** Leave out the last batch when it is smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Random source of the shuffling (default: the global generator, seeded by manualSeed). */
  generator?: Generator;
  /** Turns a list of samples into a batch (default: `defaultCollate`, stacking along a new axis 0). */
  collate?: (samples: S[]) => B;
}

const KEYS = keysOf<DataLoaderOptions<unknown, unknown>>({ batchSize: true, shuffle: true, dropLast: true, generator: true, collate: true });

/**
 * Stacks a list of samples into a batch along a new axis 0, keeping their structure (PyTorch's
 * `default_collate`): Tensors stack, numbers become a 1-D Tensor (int32 if all are integers, else float32),
 * arrays and plain objects are collated position by position and key by key.
 * @example
 * defaultCollate([[tensor([1, 2]), 0], [tensor([3, 4]), 1]]); // [Tensor [[1, 2], [3, 4]], Tensor [0, 1]]
 */
export function defaultCollate<S>(samples: S[]): Collated<S> {
  return collateAt(samples, 'sample') as Collated<S>;
}

function collateAt(items: readonly unknown[], path: string): unknown {
  const first = items[0];
  const kind = (v: unknown) => (v instanceof Tensor ? 'Tensor' : Array.isArray(v) ? 'array' : typeof v === 'number' ? 'number' : typeof v);
  const mismatch = items.findIndex((v) => kind(v) !== kind(first));
  if (mismatch >= 0) throw new ValueError(`defaultCollate: ${path} of sample 0 is ${describe(first)} but of sample ${mismatch} is ${describe(items[mismatch])}`);
  if (first instanceof Tensor) return stack(items as Tensor[], 0);
  if (typeof first === 'number') {
    const ints = (items as number[]).every(Number.isInteger);
    return tensor(items as number[], { dtype: ints ? 'int32' : 'float32' });
  }
  if (Array.isArray(first)) {
    const bad = (items as unknown[][]).findIndex((v) => v.length !== first.length);
    if (bad >= 0) throw new ValueError(`defaultCollate: ${path} of sample 0 has ${first.length} elements but of sample ${bad} has ${(items[bad] as unknown[]).length}`);
    return first.map((_, k) => collateAt((items as unknown[][]).map((v) => v[k]), `${path}[${k}]`));
  }
  if (typeof first === 'object' && first !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) out[key] = collateAt(items.map((v) => (v as Record<string, unknown>)[key]), `${path}.${key}`);
    return out;
  }
  throw new ValueError(`defaultCollate: cannot batch ${path} = ${describe(first)}; pass a collate function`);
}

/**
 * Iterates over a data set in batches (PyTorch's `DataLoader`, single process): `for (const [x, y] of
 * loader)`. With `shuffle`, every pass draws a fresh order from the generator, so a seeded generator makes
 * the whole run reproducible. `length` is the number of batches per pass.
 * @example
 * const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 32, shuffle: true, generator: new Generator(0) });
 * for (const [xb, yb] of loader) { ... } // xb [32, ...], yb [32]
 */
export class DataLoader<S, B = Collated<S>> implements Iterable<B> {
  /** The data set batches are drawn from. */
  readonly dataset: Dataset<S>;
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each pass uses a fresh random order. */
  readonly shuffle: boolean;
  /** Whether a short last batch is left out. */
  readonly dropLast: boolean;
  declare private readonly generator: Generator | undefined;
  declare private readonly collate: ((samples: S[]) => B) | undefined;

  constructor(dataset: Dataset<S>, opts?: DataLoaderOptions<S, B>) {
    const op = 'DataLoader';
    this.dataset = checkDataset(op, dataset) as Dataset<S>;
    const o = checkOptionKeys(op, opts, KEYS);
    this.batchSize = intArg(op, 'batchSize', o.batchSize ?? 1, 1);
    this.shuffle = boolArg(op, 'shuffle', o.shuffle, false);
    this.dropLast = boolArg(op, 'dropLast', o.dropLast, false);
    if (o.collate !== undefined && typeof o.collate !== 'function') throw new ValueError(`${op}: collate must be a function, got ${describe(o.collate)}`);
    Object.defineProperty(this, 'generator', { value: generatorArg(op, o.generator), enumerable: false });
    Object.defineProperty(this, 'collate', { value: o.collate, enumerable: false });
  }

  /** Batches per pass: ceil(n / batchSize), or floor with dropLast. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One pass over the data set; the order is drawn when the pass starts. */
  *[Symbol.iterator](): Iterator<B> {
    const n = this.dataset.length;
    const order = this.shuffle ? permutation(n, this.generator ?? defaultGenerator()) : Array.from({ length: n }, (_, i) => i);
    for (let b = 0; b < this.length; b++) {
      const indices = order.slice(b * this.batchSize, (b + 1) * this.batchSize);
      yield this.batch(indices);
    }
  }

  private batch(indices: number[]): B {
    if (this.collate) return this.collate(indices.map((i) => this.dataset.get(i)));
    const fast = this.dataset.getBatch?.(indices);
    if (fast !== undefined) return fast as B;
    return defaultCollate(indices.map((i) => this.dataset.get(i))) as B;
  }
}
