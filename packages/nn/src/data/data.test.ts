import { Generator, ShapeError, Tensor, ValueError, arange, manualSeed, tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { DataLoader, defaultCollate } from './dataloader.js';
import { Subset, TensorDataset, randomSplit, type Dataset } from './dataset.js';

const bad = (fn: () => unknown, cls: typeof ValueError, message: string) => expect(fn).toThrow(expect.objectContaining({ constructor: cls, message }));
const xs = () => arange(0, 20, 1, { dtype: 'float64' }).reshape([10, 2]); // row i is [2i, 2i + 1]
const ys = () => arange(0, 10, 1, { dtype: 'int32' });
const firstCol = (x: Tensor) => (x.toArray() as number[][]).map((r) => r[0]! / 2);

describe('TensorDataset and Subset', () => {
  it('serve rows of equally long tensors', () => {
    const ds = new TensorDataset(xs(), ys());
    expect(ds.length).toBe(10);
    const [x, y] = ds.get(3);
    expect(x.toArray()).toEqual([6, 7]);
    expect(y.shape).toEqual([]);
    expect(y.item()).toBe(3);
    const sub = new Subset(ds, [7, 2]);
    expect(sub.length).toBe(2);
    expect(sub.get(1)[1].item()).toBe(2);
  });

  it('refuse mismatched lengths, 0-D tensors and out-of-range indices, naming shapes and values', () => {
    bad(() => new TensorDataset(xs(), arange(0, 9)), ShapeError, 'TensorDataset: size mismatch between tensors: every tensor needs the same length along axis 0, got [10,2], [9]');
    bad(() => new TensorDataset(tensor(1)), ShapeError, 'TensorDataset: tensor 0 is 0-D (shape []); each tensor needs a leading sample axis');
    bad(() => new TensorDataset(), ValueError, 'TensorDataset: expected at least one tensor');
    const ds = new TensorDataset(xs());
    bad(() => ds.get(10), ValueError, 'TensorDataset.get: index must be an integer in [0, 10), got number 10');
    bad(() => new Subset(ds, [0, -1]), ValueError, 'Subset: index must be an integer in [0, 10), got number -1');
  });
});

describe('DataLoader', () => {
  it('batches in order with a short last batch, or drops it with dropLast; length counts batches', () => {
    const ds = new TensorDataset(xs(), ys());
    const loader = new DataLoader(ds, { batchSize: 4 });
    expect(loader.length).toBe(3);
    const batches = [...loader];
    expect(batches.map(([x, y]) => [x.shape, y.toArray()])).toEqual([[[4, 2], [0, 1, 2, 3]], [[4, 2], [4, 5, 6, 7]], [[2, 2], [8, 9]]]);
    const dropped = new DataLoader(ds, { batchSize: 4, dropLast: true });
    expect(dropped.length).toBe(2);
    expect([...dropped]).toHaveLength(2);
    expect(new DataLoader(ds).length).toBe(10);
  });

  it('shuffles with its generator: a fresh permutation per pass, reproducible from the seed, rows kept together', () => {
    const ds = new TensorDataset(xs(), ys());
    const pass = (l: DataLoader<[Tensor, Tensor]>) => [...l].flatMap(([x, y]) => {
      expect(firstCol(x)).toEqual(y.toArray()); // x and y rows stay paired
      return y.toArray() as number[];
    });
    const a = new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator(5) });
    const b = new DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator(5) });
    const [a1, a2] = [pass(a), pass(a)];
    expect([...a1].sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a1).not.toEqual(a2);
    expect([pass(b), pass(b)]).toEqual([a1, a2]);
    // Without a generator, the global one (manualSeed) decides.
    manualSeed(3);
    const g1 = pass(new DataLoader(ds, { batchSize: 10, shuffle: true }));
    manualSeed(3);
    expect(pass(new DataLoader(ds, { batchSize: 10, shuffle: true }))).toEqual(g1);
  });

  it('collates arbitrary samples with defaultCollate or a custom collate', () => {
    const samples: Dataset<{ x: number[]; label: number }> = { length: 3, get: (i) => ({ x: [i, i + 0.5], label: i }) };
    const [first] = [...new DataLoader(samples, { batchSize: 2 })];
    expect(first!.x[0]!.toArray()).toEqual([0, 1]);
    expect(first!.x[1]!.toArray()).toEqual([0.5, 1.5]);
    expect(first!.label.dtype).toBe('int32');
    const sums = [...new DataLoader(samples, { batchSize: 2, collate: (s) => s.reduce((a, v) => a + v.label, 0) })];
    expect(sums).toEqual([1, 2]);
    // TensorDataset through the generic path (a custom collate) gives the same batch as its indexSelect fast path.
    const ds = new TensorDataset(xs(), ys());
    const [slow] = [...new DataLoader(ds, { batchSize: 4, collate: defaultCollate })];
    const [fast] = [...new DataLoader(ds, { batchSize: 4 })];
    expect(slow!.map((t) => t.toArray())).toEqual(fast!.map((t) => t.toArray()));
    bad(() => defaultCollate([tensor([1]), 2]), ValueError, 'defaultCollate: sample of sample 0 is an object (Tensor) but of sample 1 is number 2');
  });

  it('rejects bad options, naming the valid keys, and non-datasets', () => {
    const ds = new TensorDataset(xs());
    bad(() => new DataLoader(ds, { batch_size: 2 } as never), ValueError, "DataLoader: unknown option 'batch_size' (did you mean 'batchSize'?); valid options are batchSize, shuffle, dropLast, generator, collate");
    bad(() => new DataLoader(ds, { batchSize: 0 }), ValueError, 'DataLoader: batchSize must be an integer >= 1, got number 0');
    bad(() => new DataLoader(ds, { shuffle: 1 } as never), ValueError, 'DataLoader: shuffle must be a boolean, got number 1');
    bad(() => new DataLoader(ds, { generator: 7 } as never), ValueError, 'DataLoader: generator must be a Generator, got number 7');
    bad(() => new DataLoader([1, 2] as never), ValueError, 'DataLoader: dataset must have an integer length >= 0 and a get(index) method, got an array of length 2');
  });
});

describe('randomSplit', () => {
  it('splits by counts or fractions into disjoint subsets covering the data set, seeded', () => {
    const ds = new TensorDataset(ys());
    const parts = randomSplit(ds, [3, 7], { generator: new Generator(1) });
    expect(parts.map((p) => p.length)).toEqual([3, 7]);
    const all = parts.flatMap((p) => [...p.indices]);
    expect(all.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(randomSplit(ds, [3, 7], { generator: new Generator(1) }).map((p) => p.indices)).toEqual(parts.map((p) => p.indices));
    expect(randomSplit(ds, [0.3, 0.3, 0.4], { generator: new Generator(2) }).map((p) => p.length)).toEqual([3, 3, 4]);
    // floor(10 * f) = [3, 3, 3] and the remaining 1 goes to the first subset, as in PyTorch.
    expect(randomSplit(ds, [0.35, 0.35, 0.3], { generator: new Generator(2) }).map((p) => p.length)).toEqual([4, 3, 3]);
    // A split is itself a data set a DataLoader can batch.
    expect([...new DataLoader(parts[0]!, { batchSize: 3 })][0]![0].shape).toEqual([3]);
  });

  it('rejects lengths that do not add up, naming them and the data set length', () => {
    const ds = new TensorDataset(ys());
    bad(() => randomSplit(ds, [3, 6]), ValueError, 'randomSplit: sum of input lengths [3, 6] (9) does not equal the length of the dataset (10), and the lengths are not fractions summing to 1');
    bad(() => randomSplit(ds, [3, 7], { seed: 1 } as never), ValueError, "randomSplit: unknown option 'seed'; valid options are generator");
  });
});
