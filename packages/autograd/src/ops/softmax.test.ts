import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { zeros } from '../creation/fill.js';
import { ShapeError } from '../errors.js';
import { arbShape, arbTensor } from '../testing/arbitraries.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import type { Tensor } from '../tensor/tensor.js';
import { logSoftmax, softmax } from './softmax.js';

/** Plain-JS softmax of every 1-D slice along `axis` of a row-major array. */
function refSoftmax(data: ArrayLike<number>, shape: readonly number[], axis: number, log: boolean): number[] {
  const ax = axis < 0 ? axis + shape.length : axis;
  const r = shape[ax]!;
  const inner = shape.slice(ax + 1).reduce((a, b) => a * b, 1);
  const outer = data.length / (r * inner);
  const out = new Array<number>(data.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const idx = Array.from({ length: r }, (_, k) => (o * r + k) * inner + i);
      const m = Math.max(...idx.map((j) => data[j]!));
      const s = idx.reduce((acc, j) => acc + Math.exp(data[j]! - m), 0);
      for (const j of idx) out[j] = log ? data[j]! - m - Math.log(s) : Math.exp(data[j]! - m) / s;
    }
  }
  return out;
}

const arbCase = arbShape({ minRank: 1, maxRank: 4, maxDim: 3 }).chain((shape) =>
  fc.record({ x: arbTensor({ shape, dtype: 'float64', min: -3, max: 3 }), axis: fc.integer({ min: -shape.length, max: shape.length - 1 }) }));

const rows: [string, (x: Tensor, axis?: number) => Tensor, boolean][] = [['softmax', softmax, false], ['logSoftmax', logSoftmax, true]];

describe.each(rows)('%s', (name, op, log) => {
  it('matches a plain-JS reference over random shapes (rank 1..4) and axes', () => {
    fc.assert(fc.property(arbCase, ({ x, axis }) => {
      const got = op(x, axis);
      expect(got.shape).toEqual(x.shape);
      const want = refSoftmax(x.data(), x.shape, axis, log);
      Array.from(got.data()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    }), { seed: 41, numRuns: 50 });
  });

  it('gradcheck and gradgradcheck on random float64 inputs', () => {
    fc.assert(fc.property(arbCase, ({ x, axis }) => {
      expect(gradcheck((t) => op(t, axis), [x])).toBe(true);
      expect(gradgradcheck((t) => op(t, axis), [x])).toBe(true);
    }), { seed: 42, numRuns: 20 });
  });

  it('logits of +-1e4 do not overflow (float32), in value or gradient', () => {
    const x = tensor([[1e4, -1e4, 0], [1e4, 1e4, 1e4]], { requiresGrad: true });
    const y = op(x);
    const want = log ? [[0, -2e4, -1e4], [-Math.log(3), -Math.log(3), -Math.log(3)]] : [[1, 0, 0], [1 / 3, 1 / 3, 1 / 3]];
    const got = y.toArray() as number[][];
    want.flat().forEach((w, i) => expect(got.flat()[i]).toBeCloseTo(w, 5));
    y.mul(tensor([[1, 2, 3], [1, 2, 3]])).sum().backward();
    expect(Array.from(x.grad!.data()).every(Number.isFinite)).toBe(true);
  });

  it('a row of all -inf gives NaN (as PyTorch) without throwing, and leaves other rows intact', () => {
    const x = tensor([[-Infinity, -Infinity], [0, 0]], { dtype: 'float64', requiresGrad: true });
    const y = op(x);
    const [bad, good] = y.toArray() as number[][];
    expect(bad!.every(Number.isNaN)).toBe(true);
    expect(good).toEqual(log ? [-Math.LN2, -Math.LN2] : [0.5, 0.5]);
    expect(() => y.sum().backward()).not.toThrow();
    // One -inf among finite logits is fine: it gets probability 0.
    expect(op(tensor([-Infinity, 0])).toArray()).toEqual(log ? [-Infinity, 0] : [0, 1]);
  });

  it('defaults to the last axis, accepts int32 (as float32) and zero-size tensors', () => {
    const x = tensor([[1, 2], [3, 5]], { dtype: 'float64' });
    expect(op(x).toArray()).toEqual(op(x, 1).toArray());
    expect(op(tensor([1, 2], { dtype: 'int32' })).dtype).toBe('float32');
    expect(op(zeros([0, 3])).shape).toEqual([0, 3]);
  });

  it('rejects an axis out of range (4-D and 0-D) naming the axis and ndim', () => {
    expect(() => op(zeros([2, 2, 2, 2]), 4)).toThrow(ShapeError);
    expect(() => op(zeros([2, 2, 2, 2]), -5)).toThrow(`${name}: axis -5 is out of range for a 4-d tensor (valid: [-4, 3])`);
    expect(() => op(tensor(1))).toThrow(`${name}: axis -1 is out of range for a 0-d tensor`);
    expect(() => op([1, 2] as unknown as Tensor)).toThrow(`${name}: input must be a Tensor`);
  });
});

describe('softmax gradients in closed form', () => {
  it('J^T g = out * (g - <g, out>) and, for logSoftmax, g - softmax * sum(g)', () => {
    const x = tensor([0, Math.log(3)], { dtype: 'float64', requiresGrad: true }); // softmax = [0.25, 0.75]
    softmax(x).mul(tensor([1, 0], { dtype: 'float64' })).sum().backward();
    expect(Array.from(x.grad!.data()).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.1875, -0.1875]);
    x.zeroGrad();
    logSoftmax(x).sum().backward();
    expect(Array.from(x.grad!.data()).map((v) => Math.round(v * 1e12) / 1e12)).toEqual([0.5, -0.5]);
  });
});
