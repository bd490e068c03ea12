import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { zeros } from '../creation/fill.js';
import { softmax, logSoftmax } from '../ops/softmax.js';

describe('issue 20 item 11', () => {
  it('toArray on a tensor with 100,000 axes does not overflow the stack', () => {
    const shape = new Array<number>(100_000).fill(1);
    const t = tensor([7]).reshape(shape);
    let v: unknown = t.toArray();
    let depth = 0;
    let lengths = 0;
    while (Array.isArray(v)) {
      lengths += v.length;
      v = v[0];
      depth++;
    }
    expect([depth, lengths]).toEqual([100_000, 100_000]);
    expect(v).toBe(7);
  });

  it('toArray keeps zero-size axes and ordinary nesting', () => {
    expect(zeros([2, 0, 3]).toArray()).toEqual([[], []]);
    expect(zeros([0, 2]).toArray()).toEqual([]);
    expect(tensor([[1, 2, 3], [4, 5, 6]]).transpose().toArray()).toEqual([[1, 4], [2, 5], [3, 6]]);
    expect(tensor(3).toArray()).toBe(3);
  });

  for (const [name, op] of [['softmax', softmax], ['logSoftmax', logSoftmax]] as const) {
    it(`${name} of an all -inf row: NaN values and NaN gradient in that row only (PyTorch's values, documented)`, () => {
      const x = tensor([[-Infinity, -Infinity], [1, 2]], { dtype: 'float64', requiresGrad: true });
      op(x).mul(tensor([[1, 2], [3, 5]], { dtype: 'float64' })).sum().backward();
      const [bad, good] = x.grad!.toArray() as number[][];
      expect(bad!.every(Number.isNaN)).toBe(true);
      expect(good!.every(Number.isFinite)).toBe(true);
    });
  }
});
