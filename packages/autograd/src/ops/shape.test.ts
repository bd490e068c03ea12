import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { ShapeError } from '../errors.js';

const x = () => tensor([[1, 2, 3], [4, 5, 6]], { dtype: 'float64', requiresGrad: true });

describe('reshape and views', () => {
  it('infers one -1 and shares storage when contiguous', () => {
    const t = tensor([1, 2, 3, 4, 5, 6]);
    const r = t.reshape([2, -1]);
    expect(r.shape).toEqual([2, 3]);
    expect(r._storage).toBe(t._storage);
  });

  it('rejects count mismatches and two -1s, naming both shapes', () => {
    expect(() => x().reshape([4, 2])).toThrow(ShapeError);
    expect(() => x().reshape([4, 2])).toThrow('reshape: cannot reshape a tensor of shape [2,3] (6 elements) into [4,2] (8 elements)');
    expect(() => x().reshape([-1, -1])).toThrow('reshape: only one dimension can be -1, got [-1,-1] for a tensor of shape [2,3]');
    expect(() => x().reshape([4, -1])).toThrow(/cannot reshape a tensor of shape \[2,3\] \(6 elements\) into \[4,-1\]/);
  });

  it('reshape of a transposed tensor copies and the gradient flows back', () => {
    const a = x();
    const r = a.transpose().reshape([6]);
    expect(r.toArray()).toEqual([1, 4, 2, 5, 3, 6]);
    r.mul(tensor([1, 2, 3, 4, 5, 6], { dtype: 'float64' })).sum().backward();
    expect(a.grad!.toArray()).toEqual([[1, 3, 5], [2, 4, 6]]);
  });

  it('expand sums the gradient back over broadcast axes', () => {
    const b = tensor([[1], [2]], { dtype: 'float64', requiresGrad: true });
    b.expand([3, 2, 4]).sum().backward();
    expect(b.grad!.toArray()).toEqual([[12], [12]]);
    expect(() => b.expand([3, 3, 4])).toThrow('expand: cannot expand shape [2,1] to [3,3,4] (dim 1: 2 vs 3)');
  });

  it('permute, transpose, squeeze, unsqueeze and flatten check their axes', () => {
    expect(x().permute(1, 0).shape).toEqual([3, 2]);
    expect(() => x().permute(0)).toThrow(/permute: expected 2 axes/);
    expect(() => x().permute(0, 0)).toThrow(/repeat an axis/);
    expect(() => x().transpose(0, 2)).toThrow('transpose: axis 2 is out of range for a 2-d tensor (valid: [-2, 1])');
    expect(tensor([[[1]]]).squeeze().shape).toEqual([]);
    expect(tensor([[1, 2]]).squeeze(1).shape).toEqual([1, 2]);
    expect(x().unsqueeze(-1).shape).toEqual([2, 3, 1]);
    expect(() => x().unsqueeze(4)).toThrow(ShapeError);
    expect(tensor([[[1, 2]], [[3, 4]]]).flatten(1).shape).toEqual([2, 2]);
  });
});

describe('matmul', () => {
  it('follows NumPy 1-D promotion and broadcasts batch dims', () => {
    const a = tensor([[1, 2], [3, 4]]);
    const v = tensor([1, 1]);
    expect(a.matmul(v).toArray()).toEqual([3, 7]);
    expect(v.matmul(a).toArray()).toEqual([4, 6]);
    expect(v.matmul(v).item()).toBe(2);
    expect(tensor(new Float32Array(24), { shape: [2, 3, 1, 4] }).matmul(tensor(new Float32Array(60), { shape: [3, 4, 5] })).shape).toEqual([2, 3, 1, 5]);
  });

  it('errors name both shapes and the inner sizes', () => {
    const a = tensor(new Float32Array(6), { shape: [2, 3] });
    const b = tensor(new Float32Array(20), { shape: [4, 5] });
    expect(() => a.matmul(b)).toThrow('matmul: inner dimensions differ: a is [2,3] and b is [4,5] (3 vs 4)');
    expect(() => tensor([1, 2, 3]).matmul(tensor([1, 2]))).toThrow('matmul: inner dimensions differ: a is [3] and b is [2] (3 vs 2)');
    expect(() => tensor([1, 2, 3, 4]).matmul(a)).toThrow('matmul: inner dimensions differ: a is [4] and b is [2,3] (4 vs 2)');
    expect(() => tensor(2).matmul(a)).toThrow(/at least 1 dimension, got a \[\] and b \[2,3\]; use mul for scalars/);
    expect(() => tensor([1, 2]).dot(tensor([1, 2, 3]))).toThrow(/dot: expected two 1-D tensors of the same length/);
  });
});
