import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import { arbShape, arbTensor } from '../testing/arbitraries.js';
import type { Tensor } from '../tensor/tensor.js';
import { flip, pad, slice, type SliceRange } from './indexing.js';

/** All multi-indices of the given per-axis index lists, row-major. */
function product(lists: number[][]): number[][] {
  return lists.reduce<number[][]>((acc, l) => acc.flatMap((p) => l.map((i) => [...p, i])), [[]]);
}
const flat = (shape: readonly number[], idx: number[]) => idx.reduce((f, i, k) => f * shape[k]! + i, 0);
/** Python's list(range(n))[start:stop:step] for step > 0: JS Array.slice has the same clamping rules. */
const pySlice = (n: number, [s, e, st = 1]: SliceRange) => [...Array(n).keys()].slice(s, e).filter((_, k) => k % st === 0);

/** A shape, a float64 tensor of it (sometimes a transposed, non-contiguous view) and slice ranges. */
const arbSliceCase = arbShape({ maxRank: 4, maxDim: 4, minDim: 0 }).chain((shape) => {
  const range = (n: number) =>
    fc.tuple(
      fc.option(fc.integer({ min: -n - 2, max: n + 2 }), { nil: undefined }),
      fc.option(fc.integer({ min: -n - 2, max: n + 2 }), { nil: undefined }),
      fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    );
  return fc.record({
    x: arbTensor({ shape: shape.slice().reverse(), dtype: 'float64' }).map((t) => t.permute(...t.shape.map((_, i) => t.ndim - 1 - i))),
    ranges: fc.tuple(...shape.map(range)).chain((rs) => fc.integer({ min: 0, max: rs.length }).map((k) => rs.slice(0, k) as SliceRange[])),
  });
});

describe('slice', () => {
  it('matches Python slicing (negative, out-of-range, steps, empty, rank 0..4, non-contiguous)', () => {
    fc.assert(fc.property(arbSliceCase, ({ x, ranges }) => {
      const lists = x.shape.map((n, i) => pySlice(n, ranges[i] ?? []));
      const xd = x.data();
      const out = slice(x, ranges);
      expect(out.shape).toEqual(lists.map((l) => l.length));
      expect(Array.from(out.data())).toEqual(product(lists).map((idx) => xd[flat(x.shape, idx)]));
    }), { seed: 11, numRuns: 200 });
  });

  it('is a zero-copy view, and slices of slices compose', () => {
    const x = tensor([[0, 1, 2, 3, 4], [5, 6, 7, 8, 9], [10, 11, 12, 13, 14]]);
    const s = slice(x, [[undefined, undefined, 2], [1, undefined, 2]]);
    expect(s._storage).toBe(x._storage);
    expect(s.toArray()).toEqual([[1, 3], [11, 13]]);
    expect(slice(s, [[-1], [1]]).toArray()).toEqual([[13]]);
    expect(x.slice([[1, 2]]).toArray()).toEqual([[5, 6, 7, 8, 9]]);
    expect(slice(x, [])).toBe(x);
  });

  it('gradcheck and gradgradcheck over random ranges', () => {
    fc.assert(fc.property(arbSliceCase, ({ x, ranges }) => {
      expect(gradcheck((t) => slice(t, ranges), [x])).toBe(true);
      expect(gradgradcheck((t) => slice(t, ranges).square(), [x])).toBe(true);
    }), { seed: 12, numRuns: 25 });
  });

  it('second order by hand: the gradient of a slice is itself differentiable', () => {
    const x = tensor([1, 2, 3, 4], { dtype: 'float64', requiresGrad: true });
    slice(x, [[1, undefined, 2]]).pow(3).sum().backward(undefined, { createGraph: true }); // x1^3 + x3^3
    const g = x.grad!;
    expect(g.toArray()).toEqual([0, 12, 0, 48]); // 3 x^2 at the picked entries
    x.zeroGrad();
    g.sum().backward(); // d(3 x^2) = 6x
    expect(x.grad!.toArray()).toEqual([0, 12, 0, 24]);
  });

  it('rejects bad ranges', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(() => slice(x, [[0, 2, 0]])).toThrow(ValueError);
    expect(() => slice(x, [[0, 2, 0]])).toThrow(/step must be a positive integer, got 0 for axis 0/);
    expect(() => slice(x, [[], [0, 2, -1]])).toThrow(/step must be a positive integer, got -1 for axis 1/);
    expect(() => slice(x, [[0.5]])).toThrow(/slice: start of the range for axis 0 must be an integer, got number 0.5/);
    expect(() => slice(x, [[0, Number.NaN]])).toThrow(ValueError);
    expect(() => slice(x, [[], [], []])).toThrow(ShapeError);
    expect(() => slice(x, [[], [], []])).toThrow(/3 ranges for a tensor of shape \[2,2\] \(at most 2\)/);
    expect(() => slice(x, 3 as unknown as SliceRange[])).toThrow(/ranges must be an array/);
    expect(() => slice([1] as unknown as Tensor, [])).toThrow(/slice: input must be a Tensor/);
  });
});

/** Plain-JS constant padding. */
function refPad(x: Tensor, widths: [number, number][], value: number) {
  const shape = x.shape.map((d, i) => d + widths[i]![0] + widths[i]![1]);
  const xd = x.data();
  const data = product(shape.map((d) => [...Array(d).keys()])).map((idx) => {
    const src = idx.map((i, k) => i - widths[k]![0]);
    return src.every((i, k) => i >= 0 && i < x.shape[k]!) ? xd[flat(x.shape, src)]! : value;
  });
  return { shape, data };
}

const arbPadCase = arbShape({ maxRank: 4, maxDim: 3, minDim: 0 }).chain((shape) =>
  fc.record({
    x: arbTensor({ shape, dtype: 'float64' }),
    widths: fc.tuple(...shape.map(() => fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 0, max: 2 })))),
    value: fc.double({ min: -3, max: 3, noNaN: true }),
  }),
);

describe('pad', () => {
  it('matches a plain-JS reference (rank 0..4, zero widths, empty axes)', () => {
    fc.assert(fc.property(arbPadCase, ({ x, widths, value }) => {
      const out = pad(x, widths, value);
      const want = refPad(x, widths, value);
      expect(out.shape).toEqual(want.shape);
      expect(Array.from(out.data())).toEqual(want.data);
    }), { seed: 21, numRuns: 150 });
  });

  it('pads a transposed view and stores the value in the input dtype', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]).transpose();
    expect(pad(x, [[0, 1], [1, 0]], -1).toArray()).toEqual([[-1, 1, 4], [-1, 2, 5], [-1, 3, 6], [-1, -1, -1]]);
    expect(pad(tensor([1], { dtype: 'int32' }), [[1, 0]], 2.7).toArray()).toEqual([2, 1]);
  });

  it('gradcheck and gradgradcheck', () => {
    fc.assert(fc.property(arbPadCase, ({ x, widths, value }) => {
      expect(gradcheck((t) => pad(t, widths, value), [x])).toBe(true);
      expect(gradgradcheck((t) => pad(t, widths, value).square(), [x])).toBe(true);
    }), { seed: 22, numRuns: 20 });
  });

  it('rejects bad widths', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(() => pad(x, [[1, 1]])).toThrow(ShapeError);
    expect(() => pad(x, [[1, 1]])).toThrow(/one \[before, after\] pair per axis: 2 for shape \[2,2\]/);
    expect(() => pad(x, [[0, 0], [-1, 2]])).toThrow(ValueError);
    expect(() => pad(x, [[0, 0], [-1, 2]])).toThrow(/pad: widths\[1\] is \[-1,2\]; widths must be non-negative/);
    expect(() => pad(x, [[0, 0], [1, 1.5]])).toThrow(/widths\[1\] must be an integer/);
    expect(() => pad(x, [[0, 0], [1] as unknown as [number, number]])).toThrow(/must be a \[before, after\] pair/);
    expect(() => pad(x, [[0, 0], [0, 0]], '1' as unknown as number)).toThrow(/value must be a number/);
  });
});

describe('flip', () => {
  const arbFlip = arbShape({ maxRank: 4, maxDim: 3, minDim: 0 }).chain((shape) =>
    fc.record({ x: arbTensor({ shape, dtype: 'float64' }), axes: fc.subarray(shape.map((_, i) => i)) }));

  it('matches a plain-JS reference', () => {
    fc.assert(fc.property(arbFlip, ({ x, axes }) => {
      const xd = x.data();
      const want = product(x.shape.map((d) => [...Array(d).keys()]))
        .map((idx) => xd[flat(x.shape, idx.map((i, k) => (axes.includes(k) ? x.shape[k]! - 1 - i : i)))]);
      expect(Array.from(flip(x, axes).data())).toEqual(want);
    }), { seed: 31, numRuns: 150 });
  });

  it('handles negative axes, a single number and non-contiguous input; result is a copy', () => {
    const x = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(flip(x, -1).toArray()).toEqual([[3, 2, 1], [6, 5, 4]]);
    expect(flip(x.transpose(), [0, 1]).toArray()).toEqual([[6, 3], [5, 2], [4, 1]]);
    expect(flip(x, 0)._storage).not.toBe(x._storage);
  });

  it('gradcheck and gradgradcheck', () => {
    fc.assert(fc.property(arbFlip, ({ x, axes }) => {
      expect(gradcheck((t) => flip(t, axes).mul(t), [x])).toBe(true);
      expect(gradgradcheck((t) => flip(t, axes).mul(t), [x])).toBe(true);
    }), { seed: 32, numRuns: 20 });
  });

  it('rejects bad axes', () => {
    const x = tensor([[1, 2], [3, 4]]);
    expect(() => flip(x, 2)).toThrow(ShapeError);
    expect(() => flip(x, 2)).toThrow(/flip: axis 2 is out of range for a 2-d tensor/);
    expect(() => flip(x, [0, -2])).toThrow(/repeats an axis/);
    expect(() => flip(x, undefined as unknown as number)).toThrow(/flip: axes are required/);
  });
});
