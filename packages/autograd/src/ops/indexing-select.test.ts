import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import { arbShape, arbTensor } from '../testing/arbitraries.js';
import { gather, indexSelect, repeat } from './indexing.js';

function product(lists: number[][]): number[][] {
  return lists.reduce<number[][]>((acc, l) => acc.flatMap((p) => l.map((i) => [...p, i])), [[]]);
}
const flat = (shape: readonly number[], idx: number[]) => idx.reduce((f, i, k) => f * shape[k]! + i, 0);
const range = (n: number) => [...Array(n).keys()];
const int32 = (data: number[], shape: number[]) => tensor(data, { dtype: 'int32', shape });

/** x of rank 1..4, an axis (maybe negative), and an int32 index no larger than x off the axis. */
const arbGather = arbShape({ minRank: 1, maxRank: 4, maxDim: 3 }).chain((shape) =>
  fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) => {
    const n = shape[axis]!;
    const idxShape = fc.tuple(...shape.map((d, i) => fc.integer({ min: i === axis ? 0 : Math.min(d, 1), max: i === axis ? 4 : d })));
    return fc.record({
      x: arbTensor({ shape, dtype: 'float64' }),
      axis: fc.constantFrom(axis, axis - shape.length),
      index: idxShape.chain((s) =>
        fc.array(fc.integer({ min: 0, max: n - 1 }), { minLength: s.reduce((a, b) => a * b, 1), maxLength: s.reduce((a, b) => a * b, 1) })
          .map((v) => int32(v, s))),
    });
  }));

describe('gather', () => {
  it('matches torch.gather: out[p] = x[p with axis coordinate index[p]]', () => {
    fc.assert(fc.property(arbGather, ({ x, axis, index }) => {
      const a = axis < 0 ? axis + x.ndim : axis;
      const xd = x.data();
      const id = index.data();
      const want = product(index.shape.map(range)).map((p) => {
        const q = p.slice();
        q[a] = id[flat(index.shape, p)]!;
        return xd[flat(x.shape, q)];
      });
      const out = gather(x, axis, index);
      expect(out.shape).toEqual(index.shape);
      expect(Array.from(out.data())).toEqual(want);
    }), { seed: 41, numRuns: 150 });
  });

  it('works on non-contiguous inputs and indices, and on 0-d tensors', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]).transpose(); // [[1,4],[2,5],[3,6]]
    const idx = int32([1, 0, 0, 1, 1, 1], [2, 3]).transpose(); // [[1,1],[0,1],[0,1]]
    expect(gather(x, 1, idx).toArray()).toEqual([[4, 4], [2, 5], [3, 6]]);
    expect(gather(tensor(7), 0, tensor(0, { dtype: 'int32' })).toArray()).toBe(7);
  });

  it('repeated indices accumulate in the gradient', () => {
    const x = tensor([[1, 2, 3]], { dtype: 'float64', requiresGrad: true });
    gather(x, 1, int32([2, 2, 0, 2], [1, 4])).mul(tensor([[1, 2, 3, 4]], { dtype: 'float64' })).sum().backward();
    expect(x.grad!.toArray()).toEqual([[3, 0, 7]]);
  });

  it('gradcheck and gradgradcheck', () => {
    fc.assert(fc.property(arbGather, ({ x, axis, index }) => {
      expect(gradcheck((t, i) => gather(t, axis, i!), [x, index])).toBe(true);
      expect(gradgradcheck((t, i) => gather(t, axis, i!).square(), [x, index])).toBe(true);
    }), { seed: 42, numRuns: 20 });
  });

  it('rejects bad indices before computing, naming value, position and valid range', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(() => gather(x, 1, int32([0, 3, 1, 0], [2, 2]))).toThrow(ValueError);
    expect(() => gather(x, 1, int32([0, 3, 1, 0], [2, 2]))).toThrow(
      /gather: index value 3 at position \[0,1\] is out of range for axis 1 of size 3 \(input shape \[2,3\]; valid: \[0, 2\]\)/);
    expect(() => gather(x, 0, int32([0, -1], [1, 2]))).toThrow(/index value -1 at position \[0,1\]/);
    expect(() => gather(x, 0, tensor([[0]]))).toThrow(DTypeError);
    expect(() => gather(x, 0, tensor([[0]]))).toThrow(/index must be an int32 tensor, got float32/);
    expect(() => gather(x, 0, int32([0], [1]))).toThrow(ShapeError);
    expect(() => gather(x, 0, int32([0], [1]))).toThrow(/index must have the input's rank: input \[2,3\], index \[1\]/);
    expect(() => gather(x, 0, int32([0, 0, 0, 0], [1, 4]))).toThrow(/index \[1,4\] is larger than input \[2,3\] at dim 1/);
    expect(() => gather(x, 2, int32([0], [1, 1]))).toThrow(/axis 2 is out of range/);
    expect(() => gather(x, 0, [0] as never)).toThrow(/gather: index must be a Tensor/);
  });
});

describe('indexSelect', () => {
  const arbSelect = arbShape({ minRank: 1, maxRank: 4, maxDim: 3 }).chain((shape) =>
    fc.record({
      x: arbTensor({ shape, dtype: 'float64' }),
      axis: fc.integer({ min: -shape.length, max: shape.length - 1 }),
      picks: fc.array(fc.nat(), { maxLength: 5 }),
    }));

  it('matches a plain-JS reference (repeats, empty index, negative axis)', () => {
    fc.assert(fc.property(arbSelect, ({ x, axis, picks }) => {
      const a = axis < 0 ? axis + x.ndim : axis;
      const idx = picks.map((p) => p % x.shape[a]!);
      const xd = x.data();
      const outShape = x.shape.map((d, i) => (i === a ? idx.length : d));
      const want = product(outShape.map(range)).map((p) => xd[flat(x.shape, p.map((v, k) => (k === a ? idx[v]! : v)))]);
      const out = indexSelect(x, axis, int32(idx, [idx.length]));
      expect(out.shape).toEqual(outShape);
      expect(Array.from(out.data())).toEqual(want);
      expect(gradcheck((t) => indexSelect(t, axis, int32(idx, [idx.length])), [x])).toBe(true);
    }), { seed: 51, numRuns: 60 });
  });

  it('gradgradcheck, and a 0-d index selects one entry', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64' });
    expect(gradgradcheck((t) => indexSelect(t, 1, int32([2, 0, 2], [3])).square(), [x])).toBe(true);
    expect(indexSelect(x, 0, tensor(1, { dtype: 'int32' })).toArray()).toEqual([[4, 5, 6]]);
    expect(indexSelect(x.transpose(), 0, int32([2, 0, 2, 1], [4]).slice([[undefined, undefined, 2]])).toArray()).toEqual([[3, 6], [3, 6]]);
  });

  it('rejects bad indices', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(() => indexSelect(x, 0, int32([0, 2], [2]))).toThrow(ValueError);
    expect(() => indexSelect(x, 0, int32([0, 2], [2]))).toThrow(/indexSelect: index value 2 at position \[1\] is out of range for axis 0 of size 2/);
    expect(() => indexSelect(x, 0, int32([0, 1], [1, 2]))).toThrow(/indexSelect: index must be 1-D, got shape \[1,2\] \(input \[2,3\]\)/);
    expect(() => indexSelect(x, 1, tensor([0]))).toThrow(DTypeError);
  });
});

describe('repeat', () => {
  const arbRepeat = arbShape({ maxRank: 3, maxDim: 3 }).chain((shape) =>
    fc.record({ x: arbTensor({ shape, dtype: 'float64' }), reps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: shape.length, maxLength: shape.length + 2 }) }));

  it('tiles like torch.Tensor.repeat (extra leading reps, zero reps)', () => {
    fc.assert(fc.property(arbRepeat, ({ x, reps }) => {
      const shape = [...Array(reps.length - x.ndim).fill(1), ...x.shape] as number[];
      const outShape = shape.map((d, i) => d * reps[i]!);
      const xd = x.data();
      const want = product(outShape.map(range)).map((p) => xd[flat(shape, p.map((v, k) => v % shape[k]!))]);
      const out = repeat(x, reps);
      expect(out.shape).toEqual(outShape);
      expect(Array.from(out.data())).toEqual(want);
    }), { seed: 61, numRuns: 150 });
  });

  it('gradcheck (the gradient sums the copies)', () => {
    fc.assert(fc.property(arbRepeat, ({ x, reps }) => {
      expect(gradcheck((t) => repeat(t, reps), [x])).toBe(true);
    }), { seed: 62, numRuns: 25 });
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    repeat(x, [3, 2]).sum().backward();
    expect(x.grad!.toArray()).toEqual([6, 6]);
  });

  it('rejects bad reps', () => {
    const x = tensor([[1, 2]]);
    expect(() => repeat(x, [2])).toThrow(ShapeError);
    expect(() => repeat(x, [2])).toThrow(/repeat: got 1 reps for a tensor of shape \[1,2\]; need at least 2/);
    expect(() => repeat(x, [1, -1])).toThrow(/repeat: reps\[1\] is -1; reps must be non-negative/);
    expect(() => repeat(x, [1, 1.5])).toThrow(ValueError);
    expect(() => repeat(x, 2 as unknown as number[])).toThrow(/reps must be an array/);
  });
});
