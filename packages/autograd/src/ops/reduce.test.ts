import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { zeros } from '../creation/fill.js';
import { ShapeError, ValueError } from '../errors.js';
import { arbShape, arbTensor } from '../testing/arbitraries.js';
import type { Tensor } from '../tensor/tensor.js';
import { argmax, argmin, logsumexp, max, mean, min, prod, sum } from './reduce.js';

type Axis = number | number[] | undefined;

/** Plain-JS reduction: groups the row-major values of `shape` by their kept coordinates. */
function refReduce(data: ArrayLike<number>, shape: readonly number[], axis: Axis, keepDims: boolean, f: (v: number[]) => number) {
  const nd = shape.length;
  const list = axis === undefined ? shape.map((_, i) => i) : typeof axis === 'number' ? [axis] : axis;
  const axes = list.map((a) => (a < 0 ? a + nd : a));
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const groups: number[][] = Array.from({ length: outShape.reduce((a, b) => a * b, 1) }, () => []);
  for (let flat = 0; flat < data.length; flat++) {
    let rem = flat, out = 0, stride = 1;
    for (let i = nd - 1; i >= 0; i--) {
      const c = rem % shape[i]!;
      rem = Math.floor(rem / shape[i]!);
      if (!axes.includes(i)) out += c * stride;
      stride *= outShape[i]!;
    }
    groups[out]!.push(data[flat]!);
  }
  return { data: groups.map(f), shape: keepDims ? outShape : shape.filter((_, i) => !axes.includes(i)) };
}

/** A shape, an axis spec valid for it (undefined, one axis or a list, negatives included) and keepDims. */
const arbCase = arbShape({ maxRank: 4, maxDim: 3 }).chain((shape) => {
  const nd = shape.length;
  const axisArb: fc.Arbitrary<Axis> = nd === 0
    ? fc.constantFrom<Axis>(undefined, [])
    : fc.oneof(
        fc.constant(undefined),
        fc.integer({ min: -nd, max: nd - 1 }),
        fc.subarray(shape.map((_, i) => i), { minLength: 1 }).chain((axes) =>
          fc.array(fc.boolean(), { minLength: axes.length, maxLength: axes.length }).map((neg) => axes.map((a, i) => (neg[i] ? a - nd : a)))),
      );
  return fc.record({ x: arbTensor({ shape, dtype: 'float64' }), axis: axisArb, keepDims: fc.boolean() });
});

const lse = (v: number[]) => { const m = Math.max(...v); return m + Math.log(v.reduce((s, a) => s + Math.exp(a - m), 0)); };
const rows: [string, (x: Tensor, a: Axis, k: boolean) => Tensor, (v: number[]) => number][] = [
  ['sum', sum, (v) => v.reduce((a, b) => a + b, 0)],
  ['mean', mean, (v) => v.reduce((a, b) => a + b, 0) / v.length],
  ['max', max, (v) => Math.max(...v)],
  ['min', min, (v) => Math.min(...v)],
  ['prod', prod, (v) => v.reduce((a, b) => a * b, 1)],
  ['logsumexp', logsumexp, lse],
];

describe('reductions: forward against a plain-JS reference', () => {
  it.each(rows)('%s over random shapes (rank 0..4), axes (negative, multiple) and keepDims', (_, op, ref) => {
    fc.assert(fc.property(arbCase, ({ x, axis, keepDims }) => {
      const out = op(x, axis, keepDims);
      const want = refReduce(x.data(), x.shape, axis, keepDims, ref);
      expect(out.shape).toEqual(want.shape);
      const got = Array.from(out.data());
      want.data.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 10));
    }), { seed: 11, numRuns: 60 });
  });

  it('argmax/argmin match a reference, flattened or along an axis, first index on ties', () => {
    const firstIndex = (v: number[], best: number) => v.indexOf(best);
    fc.assert(fc.property(arbShape({ minRank: 1, maxRank: 4, maxDim: 3 }).chain((shape) =>
      fc.record({ x: arbTensor({ shape, dtype: 'float64', min: -2, max: 2 }).map((t) => t.mul(2).astype('int32').astype('float64')),
        axis: fc.integer({ min: -shape.length, max: shape.length - 1 }), keepDims: fc.boolean() })), ({ x, axis, keepDims }) => {
      const flatMax = Array.from(x.data());
      expect(argmax(x).item()).toBe(firstIndex(flatMax, Math.max(...flatMax)));
      expect(argmin(x).item()).toBe(firstIndex(flatMax, Math.min(...flatMax)));
      const want = refReduce(x.data(), x.shape, axis, keepDims, (v) => firstIndex(v, Math.max(...v)));
      const got = argmax(x, axis, keepDims);
      expect(got.dtype).toBe('int32');
      expect(got.shape).toEqual(want.shape);
      expect(Array.from(got.data())).toEqual(want.data);
    }), { seed: 12, numRuns: 60 });
  });

  it('argmax with keepDims and no axis keeps every axis as 1; ties and NaN follow PyTorch', () => {
    const x = tensor([[1, 9, 9], [9, 0, 2]]);
    expect(argmax(x, undefined, true).shape).toEqual([1, 1]);
    expect(argmax(x).item()).toBe(1);
    expect(argmin(x, 1).toArray()).toEqual([0, 1]);
    expect(argmax(tensor([1, NaN, 5])).item()).toBe(1);
    expect(argmax(tensor(4)).item()).toBe(0);
  });
});

describe('reductions: dtypes, accuracy and empty tensors', () => {
  it('int32 sum/max/prod stay int32; mean and logsumexp of int32 give float32', () => {
    const x = tensor([[1, 2], [3, 4]], { dtype: 'int32' });
    expect([sum(x).dtype, max(x).dtype, min(x).dtype, prod(x).dtype]).toEqual(['int32', 'int32', 'int32', 'int32']);
    expect([sum(x).item(), max(x).item(), min(x).item(), prod(x).item()]).toEqual([10, 4, 1, 24]);
    expect(mean(x).dtype).toBe('float32');
    expect(mean(x, 0).toArray()).toEqual([2, 3]);
    expect(logsumexp(x).dtype).toBe('float32');
  });

  it('sums 1e6 x 0.1 in float32 to within 1e-3 relative of 1e5 (float64 accumulator)', () => {
    const x = tensor(new Float32Array(1_000_000).fill(0.1));
    const s = sum(x);
    expect(s.dtype).toBe('float32');
    expect(Math.abs(s.item() - 1e5) / 1e5).toBeLessThan(1e-3);
    expect(Math.abs(mean(x).item() - 0.1)).toBeLessThan(1e-6);
  });

  it('zero-size: sum = 0, mean = NaN, prod = 1, logsumexp = -inf; max/min/argmax of an empty slice throw', () => {
    expect(sum(zeros([0])).item()).toBe(0);
    expect(sum(zeros([0, 3]), 0).toArray()).toEqual([0, 0, 0]);
    expect(Number.isNaN(mean(zeros([0, 3])).item())).toBe(true);
    expect(prod(zeros([2, 0]), 1).toArray()).toEqual([1, 1]);
    expect(logsumexp(zeros([0])).item()).toBe(-Infinity);
    expect(max(zeros([0, 3]), 1).shape).toEqual([0]); // reducing a non-empty axis of an empty tensor is fine
    expect(() => max(zeros([0, 3]))).toThrow(ValueError);
    expect(() => min(zeros([2, 0]), -1)).toThrow(/min: cannot reduce over axis 1 of size 0 \(input shape \[2,0\]\)/);
    expect(() => argmax(zeros([0]))).toThrow(/argmax: cannot reduce over axis 0 of size 0/);
  });

  it('max/min propagate NaN', () => {
    expect(Number.isNaN(max(tensor([1, NaN, 3])).item())).toBe(true);
    expect(Number.isNaN(min(tensor([1, NaN, 3])).item())).toBe(true);
  });
});

describe('reductions: bad inputs', () => {
  const x4 = zeros([2, 3, 4, 5]);
  const ops: [string, (x: Tensor, a: Axis) => Tensor][] = [
    ['sum', sum], ['mean', mean], ['max', max], ['min', min], ['prod', prod], ['logsumexp', logsumexp],
    ['argmax', (x, a) => argmax(x, a as number)], ['argmin', (x, a) => argmin(x, a as number)],
  ];
  it.each(ops)('%s: axis out of range on 4-D and 0-D names the axis and ndim', (name, op) => {
    expect(() => op(x4, 4)).toThrow(ShapeError);
    expect(() => op(x4, 4)).toThrow(`${name}: axis 4 is out of range for a 4-d tensor (valid: [-4, 3])`);
    expect(() => op(x4, -5)).toThrow(`${name}: axis -5 is out of range for a 4-d tensor`);
    expect(() => op(tensor(1), 1)).toThrow(ShapeError);
    expect(() => op(tensor(1), 1)).toThrow(`${name}: axis 1 is out of range for a 0-d tensor`);
  });

  it('rejects repeated axes, non-integer axes, non-boolean keepDims and non-tensors', () => {
    expect(() => sum(x4, [1, -3])).toThrow(/sum: axis \[1,-3\] repeats an axis/);
    expect(() => max(x4, 1.5)).toThrow(/max: axis must be an integer, got number 1.5/);
    expect(() => mean(x4, 0, 'yes' as unknown as boolean)).toThrow(/mean: keepDims must be a boolean/);
    expect(() => prod([1, 2] as unknown as Tensor)).toThrow(/prod: input must be a Tensor, got an array of length 2/);
  });
});
