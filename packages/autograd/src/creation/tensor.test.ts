import { describe, expect, it } from 'vitest';
import { ShapeError, ValueError } from '../errors.js';
import { full, ones, zeros, zerosLike } from './fill.js';
import { tensor } from './tensor.js';

describe('tensor()', () => {
  it('infers shape from nesting; float32 by default, typed arrays keep their type', () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect([t.shape, t.dtype, t.size, t.ndim]).toEqual([[2, 3], 'float32', 6, 2]);
    expect(tensor(new Float64Array([1, 2])).dtype).toBe('float64');
    expect(tensor(new Int32Array([1, 2])).dtype).toBe('int32');
    expect(tensor(3).shape).toEqual([]);
    expect(tensor([]).shape).toEqual([0]);
    expect(tensor([1, 2, 3, 4], { shape: [2, 2] }).toArray()).toEqual([[1, 2], [3, 4]]);
  });

  it('copies its input', () => {
    const src = new Float32Array([1, 2]);
    const t = tensor(src);
    src[0] = 9;
    expect(t.toArray()).toEqual([1, 2]);
    const d = t.data();
    d[0] = 7;
    expect(t.toArray()).toEqual([1, 2]);
  });

  it('names the path of a ragged or non-numeric element', () => {
    expect(() => tensor([[1, 2], [3]])).toThrow(ValueError);
    expect(() => tensor([[1, 2], [3]])).toThrow('tensor: ragged nested array: element at [1] has length 1, expected an array of length 2 (shape [2,2])');
    expect(() => tensor([[1, 2], [3, '4' as unknown as number]])).toThrow('tensor: element at [1][1] is the string "4"; expected a number');
    expect(() => tensor([[1, 2], 3 as unknown as number[]])).toThrow(/element at \[1\] has number 3/);
    expect(() => tensor('3' as unknown as number)).toThrow(/data must be a number, a nested array/);
    expect(() => tensor(undefined as unknown as number)).toThrow(ValueError);
  });

  it('checks an explicit shape against the data', () => {
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow(ShapeError);
    expect(() => tensor([1, 2, 3], { shape: [2, 2] })).toThrow('tensor: shape [2,2] holds 4 elements but the data has 3');
    expect(() => tensor([1], { dtype: 'float16' as 'float32' })).toThrow(/unknown dtype "float16"/);
  });
});

describe('fill constructors', () => {
  it('reject negative, fractional, NaN and infinite dimensions, naming the dimension', () => {
    expect(() => zeros([2, -3])).toThrow('zeros: dimension 1 of shape [2,-3] is -3; dimensions must be non-negative integers');
    expect(() => ones([2.5])).toThrow(ValueError);
    expect(() => full([NaN], 1)).toThrow(/dimension 0 .* is NaN/);
    expect(() => zeros([Infinity])).toThrow(/is Infinity/);
    expect(() => zeros('3' as unknown as number[])).toThrow(/shape must be an array/);
  });

  it('zero-size tensors: sum 0, mean NaN (documented), backward gives zero-size grads', () => {
    const x = zeros([0, 3], { dtype: 'float64' });
    expect(x.sum().item()).toBe(0);
    expect(Number.isNaN(x.mean().item())).toBe(true);
    expect(x.sum(0).toArray()).toEqual([0, 0, 0]);
    expect(zerosLike(x).shape).toEqual([0, 3]);
  });
});

describe('toString', () => {
  it('prints like PyTorch, with shape and dtype, aligned rows', () => {
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe('tensor([[1., 2.],\n        [3., 4.]], shape=[2,2], dtype=float32)');
    expect(tensor([1, 22], { dtype: 'int32' }).toString()).toBe('tensor([ 1, 22], shape=[2], dtype=int32)');
    expect(tensor(0.5, { requiresGrad: true }).toString()).toBe('tensor(0.5000, shape=[], dtype=float32, requiresGrad=true)');
  });

  it('summarises large tensors with ...', () => {
    const s = zeros([2000]).toString();
    expect(s).toContain('...');
    expect(s.length).toBeLessThan(200);
  });
});
