import { describe, expect, it } from 'vitest';
import { tensor } from '../../creation/tensor.js';
import { zeros } from '../../creation/fill.js';
import { concat, embed, gather, scatterAdd } from './shape.js';
import { concat as concatOp } from '../../ops/join.js';
import { gather as gatherOp, indexSelect, pad, slice } from '../../ops/indexing.js';

const f64 = (v: number[]) => Float64Array.from(v);
const i32 = (v: number[]) => Int32Array.from(v);

describe('shape kernels on raw strided views', () => {
  it('embed writes a transposed view at starts + i * steps into a filled array', () => {
    // x = [[1, 2], [3, 4]] stored transposed: element (i, j) at 2j + i.
    const x = { data: f64([1, 3, 2, 4]), offset: 0, strides: [1, 2] };
    const out = embed(x, [2, 2], [3, 5], [1, 0], [1, 3], -1, 'float64');
    expect(Array.from(out)).toEqual([-1, -1, -1, -1, -1, 1, -1, -1, 2, -1, 3, -1, -1, 4, -1]);
  });

  it('concat joins an offset view and a broadcast (stride 0) view along axis 1', () => {
    const a = { data: f64([9, 1, 2, 3, 4]), offset: 1, strides: [2, 1] }; // [[1, 2], [3, 4]]
    const b = { data: f64([7]), offset: 0, strides: [0, 0] }; // [[7], [7]]
    expect(Array.from(concat([a, b], [[2, 2], [2, 1]], 1, 'float64'))).toEqual([1, 2, 7, 3, 4, 7]);
  });

  it('gather reads through a stride-0 index (the index-select case)', () => {
    const x = { data: f64([1, 2, 3, 4, 5, 6]), offset: 0, strides: [3, 1] };
    const index = { data: i32([2, 0]), offset: 0, strides: [0, 1] };
    expect(Array.from(gather(x, index, [2, 2], 1, 'float64'))).toEqual([3, 1, 6, 4]);
  });

  it('scatterAdd accumulates float32 through float64', () => {
    const n = 1 << 20;
    const src = { data: new Float32Array([0.1]), offset: 0, strides: [0] };
    const index = { data: i32([0]), offset: 0, strides: [0] };
    const out = scatterAdd(src, index, [n], 0, [1], 'float32');
    // A float32 running sum of 2^20 x 0.1 drifts by ~1e-3 relative; a float64 one stays at round-off.
    expect(Math.abs(out[0]! - n * Math.fround(0.1)) / (n * 0.1)).toBeLessThan(1e-7);
  });
});

describe('zero-size tensors: forward and backward give zero-size results, never throw', () => {
  it('slice, pad, concat, gather and indexSelect', () => {
    const x = tensor([[1, 2, 3]], { dtype: 'float64', requiresGrad: true });
    slice(x, [[], [5]]).sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, 0, 0]]);
    const e = zeros([0, 3], { dtype: 'float64', requiresGrad: true });
    pad(e, [[0, 0], [1, 1]]).sum().backward();
    expect(e.grad!.shape).toEqual([0, 3]);
    concatOp([e, x], 0).sum().backward();
    expect(x.grad!.toArray()).toEqual([[1, 1, 1]]);
    const idx = tensor([], { dtype: 'int32', shape: [1, 0] });
    gatherOp(x, 1, idx).sum().backward();
    indexSelect(x, 1, tensor([], { dtype: 'int32' })).sum().backward();
    expect(x.grad!.toArray()).toEqual([[1, 1, 1]]);
  });
});
