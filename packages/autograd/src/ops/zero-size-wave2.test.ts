import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { zeros } from '../creation/fill.js';
import type { Tensor } from '../tensor/tensor.js';
import * as ops from './index.js';

const empty = (shape: number[]) => zeros(shape, { dtype: 'float64', requiresGrad: true });
const idx = (shape: number[]) => zeros(shape, { dtype: 'int32' });

// Zero-size inputs: each op gives its defined zero-size (or zero-filled) result, and backward hands back
// gradients of the inputs' exact shapes instead of throwing.
const cases: [string, number[], (x: Tensor) => Tensor, number[]][] = [
  ['sort', [0, 3], (x) => x.sort(0).values, [0, 3]],
  ['topk k=0', [2, 3], (x) => x.topk(0).values, [2, 0]],
  ['kthvalue over an empty axis of a [0, 3]', [0, 3], (x) => x.kthvalue(1, 1).values, [0]],
  ['scatter with an empty index', [2, 3], (x) => x.scatter(1, idx([2, 0]), 1), [2, 3]],
  ['scatterReduce amax, empty index', [2, 3], (x) => x.scatterReduce(1, idx([2, 0]), zeros([2, 0], { dtype: 'float64' }), 'amax'), [2, 3]],
  ['indexAdd of nothing', [0, 2], (x) => x.indexAdd(1, idx([0]), zeros([0, 0], { dtype: 'float64' })), [0, 2]],
  ['maskedSelect', [0, 2], (x) => x.maskedSelect(idx([0, 2])), [0]],
  ['take', [3], (x) => x.take(idx([0])), [0]],
  ['tril', [0, 0], (x) => x.tril(), [0, 0]],
  ['diagonal of [0, 4]', [0, 4], (x) => x.diagonal(), [0]],
  ['diagEmbed of [2, 0]', [2, 0], (x) => x.diagEmbed(), [2, 0, 0]],
  ['roll', [0, 2], (x) => x.roll(1, 0), [0, 2]],
  ['repeatInterleave', [0], (x) => x.repeatInterleave(3), [0]],
  ['pad replicate on a non-empty axis', [0, 2], (x) => x.pad([[0, 0], [1, 1]], { mode: 'replicate' }), [0, 4]],
  ['einsum', [0, 3], (x) => ops.einsum('ij,jk->ik', x, tensor([[1], [2], [3]], { dtype: 'float64' })), [0, 1]],
  ['cdist', [2, 0], (x) => ops.cdist(x, zeros([3, 0], { dtype: 'float64' })), [2, 3]],
  ['trace of [0, 0]', [0, 0], (x) => x.trace(), []],
];

describe('wave-2 ops on zero-size tensors', () => {
  for (const [name, shape, f, outShape] of cases) {
    it(name, () => {
      const x = empty(shape);
      const y = f(x);
      expect(y.shape).toEqual(outShape);
      y.sum().backward();
      expect(x.grad!.shape).toEqual(shape);
      expect(Array.from(x.grad!.data()).every((v) => v === 0 || v === 1)).toBe(true);
    });
  }
  it('nonzero, unique and combinations of empty inputs', () => {
    expect(ops.nonzero(zeros([0, 2])).shape).toEqual([0, 2]);
    expect(ops.unique(zeros([0])).shape).toEqual([0]);
    expect(ops.combinations(zeros([1]), 2).shape).toEqual([0, 2]);
    expect(ops.triuIndices(0, 3).shape).toEqual([2, 0]);
  });
  it('sorts a transposed (non-contiguous) view', () => {
    const x = tensor([[3, 1], [2, 4]], { dtype: 'float64' }).transpose();
    expect(x.sort(-1).values.toArray()).toEqual([[2, 3], [1, 4]]);
  });
});
