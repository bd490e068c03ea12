import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { maximum, minimum, where } from './elementwise.js';

const f64 = (v: number[]) => tensor(v, { dtype: 'float64', requiresGrad: true });
function gradOf(x: Tensor, f: (t: Tensor) => Tensor): number[] {
  f(x).sum().backward();
  return Array.from(x.grad!.data());
}

describe('subgradients at kinks (pinned)', () => {
  it('relu and abs pick 0 at 0', () => {
    expect(gradOf(f64([-1, 0, 2]), (x) => x.relu())).toEqual([0, 0, 1]);
    expect(gradOf(f64([-1, 0, 2]), (x) => x.abs())).toEqual([-1, 0, 1]);
    expect(gradOf(f64([-1, 0, 2]), (x) => x.leakyRelu(0.1))).toEqual([0.1, 0.1, 1]);
  });

  it('maximum and minimum split ties 0.5 / 0.5', () => {
    const x = f64([1, 2, 3]);
    const y = f64([1, 5, 0]);
    maximum(x, y).sum().backward();
    expect(Array.from(x.grad!.data())).toEqual([0.5, 0, 1]);
    expect(Array.from(y.grad!.data())).toEqual([0.5, 1, 0]);
    const a = f64([4]);
    const b = f64([4]);
    minimum(a, b).sum().backward();
    expect([a.grad!.item(), b.grad!.item()]).toEqual([0.5, 0.5]);
  });

  it('clamp passes the gradient at its bounds and blocks it outside', () => {
    expect(gradOf(f64([-2, -1, 0, 1, 2]), (x) => x.clamp(-1, 1))).toEqual([0, 1, 1, 1, 0]);
  });

  it('sqrt(0) has gradient +inf; log(0) = -inf with gradient +inf; log(-1) = NaN', () => {
    expect(gradOf(f64([0]), (x) => x.sqrt())).toEqual([Infinity]);
    const x = f64([0, -1]);
    const y = x.log();
    expect(Array.from(y.data())).toEqual([-Infinity, NaN]);
    y.sum().backward();
    expect(x.grad!.data()[0]).toBe(Infinity);
  });

  it('pow: 0^0 = 1, negative base with fractional exponent is NaN, exponent gradient at base 0 is 0', () => {
    expect(Array.from(tensor([0, -8]).pow(tensor([0, 1 / 3])).data())).toEqual([1, NaN]);
    const base = f64([0, 2]);
    const e = f64([2, 3]);
    base.pow(e).sum().backward();
    expect(e.grad!.data()[0]).toBe(0);
    expect(e.grad!.data()[1]).toBeCloseTo(8 * Math.log(2), 12);
  });
});

describe('numerical stability', () => {
  it('sigmoid(+-400) is exactly 1 / 0 in float32 with gradient exactly 0', () => {
    const x = tensor([-400, 400], { requiresGrad: true });
    const s = x.sigmoid();
    expect(Array.from(s.data())).toEqual([0, 1]);
    s.sum().backward();
    expect(Array.from(x.grad!.data())).toEqual([0, 0]);
  });

  it('softplus is exact for large |x|; exp overflows to Infinity without throwing', () => {
    expect(Array.from(tensor([1e4, -1e4, 0], { dtype: 'float64' }).softplus().data())).toEqual([1e4, 0, Math.log(2)]);
    expect(tensor([1000], { dtype: 'float64' }).exp().item()).toBe(Infinity);
    expect(tensor([100]).exp().item()).toBe(Infinity);
  });

  it('elu does not leak NaN from the unpicked branch for huge inputs', () => {
    expect(gradOf(f64([1000, -1000]), (x) => x.elu())).toEqual([1, 0]);
  });
});

describe('dtype promotion and operands', () => {
  it('follows PyTorch promotion for our three dtypes', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    expect(i.add(1).dtype).toBe('int32');
    expect(i.add(1.5).dtype).toBe('float32');
    expect(i.div(i).dtype).toBe('float32');
    expect(i.add(tensor([1, 2], { dtype: 'float64' })).dtype).toBe('float64');
    expect(tensor([1]).add(tensor([1], { dtype: 'float64' })).dtype).toBe('float64');
    expect(i.exp().dtype).toBe('float32');
  });

  it('works on strided views (transposed and broadcast operands)', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    const b = tensor([[10], [20], [30]]);
    expect(a.transpose().add(b).toArray()).toEqual([[11, 14], [22, 25], [33, 36]]);
    expect(tensor([1, 2]).reshape([2, 1, 1]).mul(tensor([[1, 10, 100]])).toArray()).toEqual([[[1, 10, 100]], [[2, 20, 200]]]);
  });

  it('where broadcasts cond and accepts numbers', () => {
    const c = tensor([[1], [0]], { dtype: 'int32' });
    expect(where(c, tensor([1, 2]), 0).toArray()).toEqual([[1, 2], [0, 0]]);
  });
});

describe('bad inputs', () => {
  it('names the op, both shapes and the clashing dim; inputs unchanged', () => {
    const a = tensor([[1, 2, 3], [4, 5, 6]]);
    const b = tensor(new Float32Array(12), { shape: [4, 3] });
    expect(() => a.add(b)).toThrow(ShapeError);
    expect(() => a.add(b)).toThrow('add: cannot broadcast shapes [2,3] and [4,3] (dim 0: 2 vs 4)');
    expect(() => a.maximum(b)).toThrow(/^maximum: cannot broadcast/);
    expect(a.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
  });

  it('rejects non-numeric operands from plain JS', () => {
    const a = tensor([1, 2]);
    expect(() => a.add('3' as unknown as number)).toThrow(ValueError);
    expect(() => a.mul(undefined as unknown as number)).toThrow(/mul: y must be a Tensor or a number, got undefined/);
    expect(() => a.clamp()).toThrow(/at least one of min and max/);
    expect(() => a.gelu({ approximate: 'fast' as 'tanh' })).toThrow(/approximate must be/);
  });
});
