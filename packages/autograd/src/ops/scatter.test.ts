import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { indexAdd, indexFill, indexPut, maskedFill, maskedSelect, scatter, scatterAdd, scatterReduce, take, takeAlongAxis, nonzero } from './index.js';
import { expectRejected } from './table/reject.js';

const f64 = (v: number[] | number[][], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });
const i32 = (v: number[] | number[][] | number[][][]) => tensor(v, { dtype: 'int32' });

describe('scatter family: exact values and gradients', () => {
  it('scatter is out of place, the last of repeated writes wins', () => {
    const x = f64([[1, 2, 3]]);
    const out = scatter(x, 1, i32([[0, 0]]), f64([[7, 8]]));
    expect(out.toArray()).toEqual([[8, 2, 3]]);
    expect(x.toArray()).toEqual([[1, 2, 3]]);
  });
  it('amax splits the gradient evenly among ties (self included)', () => {
    const x = f64([1, 0], true);
    const src = f64([1, 1, -1], true);
    scatterReduce(x, 0, i32([0, 0, 1]), src, 'amax').sum().backward();
    expect(Array.from(x.grad!.data(), (v) => +v.toFixed(12))).toEqual([0.333333333333, 1]);
    expect(Array.from(src.grad!.data(), (v) => +v.toFixed(12))).toEqual([0.333333333333, 0.333333333333, 0]);
  });
  it('prod with a single zero: the zero gets the product of the others, the rest get 0', () => {
    const x = f64([2], true);
    const src = f64([0, 3], true);
    const out = scatterReduce(x, 0, i32([0, 0]), src, 'prod');
    expect(out.toArray()).toEqual([0]);
    out.sum().backward();
    expect(x.grad!.toArray()).toEqual([0]);
    expect(src.grad!.toArray()).toEqual([6, 0]);
  });
  it('scatter: gradient is zero at overwritten positions of x and gather(g) for src', () => {
    const x = f64([1, 2, 3], true);
    const src = f64([5], true);
    scatter(x, 0, i32([1]), src).mul(f64([1, 10, 100])).sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 0, 100]);
    expect(src.grad!.toArray()).toEqual([10]);
  });
  it('indexPut without accumulate overwrites, with accumulate adds repeats', () => {
    const x = f64([0, 0, 0]);
    expect(indexPut(x, [i32([2, -1])], f64([1, 2])).toArray()).toEqual([0, 0, 2]);
    expect(indexPut(x, [i32([2, -1])], f64([1, 2]), { accumulate: true }).toArray()).toEqual([0, 0, 3]);
  });
  it('maskedFill keeps the dtype and sends a 0-d tensor value the gradient of every filled entry', () => {
    expect(maskedFill(i32([1, 2, 3]), i32([1, 0, 1]), 2.7).toArray()).toEqual([2, 2, 2]);
    expect(maskedFill(i32([1, 2, 3]), i32([1, 0, 1]), 2.7).dtype).toBe('int32');
    const v = tensor(5, { dtype: 'float64', requiresGrad: true });
    const x = f64([1, 2, 3], true);
    maskedFill(x, i32([1, 0, 1]), v).mul(f64([1, 10, 100])).sum().backward();
    expect(v.grad!.item()).toBe(101);
    expect(x.grad!.toArray()).toEqual([0, 10, 0]);
  });
  it('indexFill with a 0-d tensor value sends it the gradient of every filled entry', () => {
    const v = tensor(2, { dtype: 'float64', requiresGrad: true });
    const x = f64([[1, 2, 3], [4, 5, 6]], true);
    const out = indexFill(x, 1, i32([0, 2]), v);
    expect(out.toArray()).toEqual([[2, 2, 2], [2, 5, 2]]);
    out.mul(f64([[1, 10, 100], [1000, 1, 1]])).sum().backward();
    expect(v.grad!.item()).toBe(1102);
    expect(x.grad!.toArray()).toEqual([[0, 10, 0], [0, 1, 0]]);
  });
  it('maskedSelect, nonzero, take and takeAlongAxis on small cases', () => {
    expect(maskedSelect(f64([[1, 2], [3, 4]]), i32([1, 0])).toArray()).toEqual([1, 3]);
    expect(nonzero(f64([[0, 2], [3, 0]])).toArray()).toEqual([[0, 1], [1, 0]]);
    expect(nonzero(tensor(0)).shape).toEqual([0, 0]);
    expect(take(f64([[1, 2], [3, 4]]), i32([[3, -4]])).toArray()).toEqual([[4, 1]]);
    expect(takeAlongAxis(f64([[10, 30, 20]]), i32([[2, 0]]), 1).toArray()).toEqual([[20, 10]]);
  });
});

describe('scatter family: bad inputs', () => {
  it('an index out of range names the op, the value, its position and every shape; nothing changes', () => {
    const x = f64([[1, 2, 3]]);
    const idx = i32([[0, 3]]);
    const src = f64([[5, 6]]);
    const shapes = [/input \[1,3\]/, /index \[1,2\]/, /src \[1,2\]/];
    expectRejected(() => scatter(x, 1, idx, src), ValueError, [/^scatter: index value 3 at position \[0,1\]/, /axis 1 of size 3/, ...shapes], x, idx, src);
    expectRejected(() => scatterAdd(x, 1, idx, src), ValueError, [/^scatterAdd:/, ...shapes], x, idx, src);
    expectRejected(() => scatterReduce(x, 1, i32([[-1]]), src, 'sum'), ValueError, [/^scatterReduce: index value -1/], x, src);
    expectRejected(() => scatterReduce(x, 1, i32([[0]]), src, 'max' as 'amax'), ValueError, [/^scatterReduce: reduce must be/, /"max"/], x, src);
  });
  it('rank and size mismatches and a float index', () => {
    const x = f64([[1, 2, 3]]);
    const src = f64([[5, 6]]);
    expectRejected(() => scatter(x, 1, i32([0]), src), ShapeError, [/^scatter: input, index and src must have the same number of dimensions/, /index \[1\]/], x, src);
    expectRejected(() => scatter(x, 1, i32([[0, 1, 2]]), src), ShapeError, [/^scatter: index is larger than src at dim 1/, /src \[1,2\]/], x, src);
    expectRejected(() => scatter(x, 1, i32([[0], [0]]), 1), ShapeError, [/^scatter: index is larger than input at dim 0/], x);
    expectRejected(() => scatter(x, 1, f64([[0]]), 1), DTypeError, [/^scatter: index must be an int32 tensor, got float64/, /input \[1,3\]/], x);
    expectRejected(() => indexAdd(x, 1, i32([0]), f64([[1, 2]])), ShapeError, [/^indexAdd: src must have shape \[1,1\]/, /src \[1,2\]/], x);
  });
  it('a mask that does not broadcast to the input names both shapes', () => {
    const x = f64([[1, 2, 3], [4, 5, 6]]);
    const m = i32([1, 0]);
    expectRejected(() => maskedFill(x, m, 0), ShapeError, [/^maskedFill:/, /\[2\]/, /\[2,3\]/], x, m);
    const wide = i32([[[1, 0, 1]]]);
    expectRejected(() => maskedFill(x, wide, 0), ShapeError, [/^maskedFill: mask of shape \[1,1,3\] does not broadcast to input shape \[2,3\]/], x, wide);
    expectRejected(() => maskedSelect(x, m), ShapeError, [/^maskedSelect:/, /\[2\]/, /\[2,3\]/], x, m);
    expectRejected(() => indexPut(x, [i32([0])], f64([1, 2])), ShapeError, [/^indexPut: values of shape \[2\] do not broadcast to the indexed shape \[1,3\]/], x);
    expectRejected(() => takeAlongAxis(x, i32([[0], [1], [0]]), 1), ShapeError, [/^takeAlongAxis:/, /input \[2,3\]/, /index \[3,1\]/], x);
  });
});
