import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import { arbShape, arbTensor } from '../testing/arbitraries.js';
import type { Tensor } from '../tensor/tensor.js';
import { concat, split, stack } from './join.js';

/** Plain-JS concatenation through nested arrays: concat along axis a of nested lists. */
function refConcat(parts: unknown[], axis: number): unknown {
  if (axis === 0) return (parts as unknown[][]).flat(1);
  const first = parts[0] as unknown[];
  return first.map((_, i) => refConcat((parts as unknown[][]).map((p) => p[i]), axis - 1));
}

/** 1..4 tensors of rank 1..4 that agree except on `axis` (sizes 0..3 there). */
const arbConcat = arbShape({ minRank: 1, maxRank: 4, maxDim: 3 }).chain((shape) =>
  fc.integer({ min: 0, max: shape.length - 1 }).chain((axis) =>
    fc.record({
      axis: fc.constant(axis),
      xs: fc.array(
        fc.integer({ min: 0, max: 3 }).chain((n) => arbTensor({ shape: shape.map((d, i) => (i === axis ? n : d)), dtype: 'float64' })),
        { minLength: 1, maxLength: 4 },
      ),
      negative: fc.boolean(),
    })));

describe('concat', () => {
  it('matches a plain-JS reference (empty parts, negative axis, rank 1..4)', () => {
    fc.assert(fc.property(arbConcat, ({ xs, axis, negative }) => {
      const out = concat(xs, negative ? axis - xs[0]!.ndim : axis);
      const want = refConcat(xs.map((x) => x.toArray()), axis);
      expect(out.shape).toEqual(xs[0]!.shape.map((d, i) => (i === axis ? xs.reduce((n, x) => n + x.shape[axis]!, 0) : d)));
      expect(out.toArray()).toEqual(want);
    }), { seed: 71, numRuns: 150 });
  });

  it('gradcheck and gradgradcheck', () => {
    fc.assert(fc.property(arbConcat, ({ xs, axis }) => {
      expect(gradcheck((...ts) => concat(ts, axis), xs)).toBe(true);
      expect(gradgradcheck((...ts) => concat(ts, axis).square(), xs)).toBe(true);
    }), { seed: 72, numRuns: 15 });
  });

  it('promotes dtypes, reads strided views, and the gradient is cast back', () => {
    const a = tensor([[1, 2], [3, 4]], { dtype: 'int32' }).transpose();
    const b = tensor([[0.5, 0.25]], { dtype: 'float64', requiresGrad: true });
    const c = tensor([9]).expand([1, 2]);
    const out = concat([a, b, c], 0);
    expect(out.dtype).toBe('float64');
    expect(out.toArray()).toEqual([[1, 3], [2, 4], [0.5, 0.25], [9, 9]]);
    const f = tensor([[1, 2]], { requiresGrad: true });
    concat([f, b], 0).mul(tensor([[1, 2], [3, 4]], { dtype: 'float64' })).sum().backward();
    expect(f.grad!.dtype).toBe('float32');
    expect(f.grad!.toArray()).toEqual([[1, 2]]);
    expect(b.grad!.toArray()).toEqual([[3, 4]]);
  });

  it('rejects mismatched inputs, naming the op, the tensor index and both shapes', () => {
    const a = tensor([[1, 2, 3]]);
    expect(() => concat([a, tensor([[1, 2]])], 0)).toThrow(ShapeError);
    expect(() => concat([a, a, tensor([[1, 2]])], 0)).toThrow(
      /concat: tensor 2 has shape \[1,2\] but tensor 0 has shape \[1,3\]; all dims except axis 0 must match \(dim 1: 2 vs 3\)/);
    expect(() => concat([a, tensor([1, 2, 3])], 0)).toThrow(/tensor 1 has shape \[3\] but tensor 0 has shape \[1,3\]; all need rank 2/);
    expect(() => concat([a, tensor(1)])).toThrow(/concat: tensor 1 is 0-d and cannot be concatenated/);
    expect(() => concat([a], 2)).toThrow(/concat: axis 2 is out of range for a 2-d tensor/);
    expect(() => concat([], 0)).toThrow(ValueError);
    expect(() => concat([], 0)).toThrow(/concat: expected a non-empty array of Tensors/);
    expect(() => concat([a, [1, 2, 3] as unknown as Tensor])).toThrow(/concat: tensors\[1\] must be a Tensor, got an array of length 3/);
    expect(() => a.concat([tensor([[1]])], 1)).not.toThrow();
  });
});

describe('stack', () => {
  it('adds a new axis at any position, including negative ones', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const b = tensor([[5, 6], [7, 8]]);
    expect(stack([a, b]).toArray()).toEqual([[[1, 2], [3, 4]], [[5, 6], [7, 8]]]);
    expect(stack([a, b], 1).toArray()).toEqual([[[1, 2], [5, 6]], [[3, 4], [7, 8]]]);
    expect(stack([a, b], -1).toArray()).toEqual([[[1, 5], [2, 6]], [[3, 7], [4, 8]]]);
    expect(stack([tensor(1), tensor(2)]).toArray()).toEqual([1, 2]);
  });

  it('gradcheck', () => {
    const xs = [tensor([[1, 2, 3]], { dtype: 'float64' }), tensor([[4, 5, 6]], { dtype: 'float64' })];
    expect(gradcheck((x, y) => stack([x!, y!], 1).square(), xs)).toBe(true);
  });

  it('rejects different shapes and bad axes', () => {
    expect(() => stack([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(ShapeError);
    expect(() => stack([tensor([1, 2]), tensor([1, 2, 3])])).toThrow(/stack: tensor 1 has shape \[3\] but tensor 0 has shape \[2\]; all must be equal/);
    expect(() => stack([tensor([1, 2])], 2)).toThrow(/stack: axis 2 is out of range for a 2-d tensor/);
    expect(() => stack([] as Tensor[])).toThrow(/stack: expected a non-empty array of Tensors/);
  });
});

describe('split', () => {
  it('chunks by size (last chunk smaller) or by a list of lengths, along any axis', () => {
    const x = tensor([0, 1, 2, 3, 4]);
    expect(split(x, 2).map((t) => t.toArray())).toEqual([[0, 1], [2, 3], [4]]);
    expect(split(x, 5).map((t) => t.toArray())).toEqual([[0, 1, 2, 3, 4]]);
    expect(split(x, 9).map((t) => t.toArray())).toEqual([[0, 1, 2, 3, 4]]);
    expect(split(x, [1, 0, 4]).map((t) => t.shape)).toEqual([[1], [0], [4]]);
    const m = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(split(m, [2, 1], -1).map((t) => t.toArray())).toEqual([[[1, 2], [4, 5]], [[3], [6]]]);
    expect(m.split(1).map((t) => t.toArray())).toEqual([[[1, 2, 3]], [[4, 5, 6]]]);
    expect(split(tensor([]), 3).map((t) => t.shape)).toEqual([[0]]);
  });

  it('round-trips with concat and its gradients reach every chunk (gradcheck)', () => {
    fc.assert(fc.property(arbConcat, ({ xs, axis }) => {
      const whole = concat(xs, axis);
      const parts = split(whole, xs.map((x) => x.shape[axis]!), axis);
      parts.forEach((p, i) => expect(p.toArray()).toEqual(xs[i]!.toArray()));
      const w = xs.map((_, i) => i + 1);
      expect(gradcheck((t) => split(t, xs.map((x) => x.shape[axis]!), axis).reduce((s, p, i) => s.add(p.square().sum().mul(w[i]!)), t.sum().mul(0)), [whole])).toBe(true);
    }), { seed: 81, numRuns: 20 });
  });

  it('rejects bad sizes', () => {
    const x = tensor([[1, 2, 3]]);
    expect(() => split(x, [1, 1], 1)).toThrow(ShapeError);
    expect(() => split(x, [1, 1], 1)).toThrow(/split: sizes \[1,1\] sum to 2 but axis 1 of shape \[1,3\] has length 3/);
    expect(() => split(x, 0, 1)).toThrow(/split: chunk size must be a positive integer, got 0/);
    expect(() => split(x, [2, -1, 2], 1)).toThrow(/split: sizes\[1\] is number -1; sizes must be non-negative integers/);
    expect(() => split(x, '2' as unknown as number)).toThrow(ValueError);
    expect(() => split(x, 1, 2)).toThrow(/split: axis 2 is out of range/);
  });
});
