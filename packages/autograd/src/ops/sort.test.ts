import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import { expectRejected } from './table/reject.js';
import { argsort, bucketize, kthvalue, searchsorted, sort, topk, unique } from './index.js';

const f64 = (v: number[] | number[][], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });
const i32 = (v: number[] | number[][]) => tensor(v, { dtype: 'int32' });

describe('sort family: exact values', () => {
  it('is stable, puts NaN last ascending and first descending, and keeps int32 indices', () => {
    const x = f64([2, NaN, 1, 2, 1]);
    const up = sort(x);
    expect(Array.from(up.values.data())).toEqual([1, 1, 2, 2, NaN]);
    expect(up.indices.dtype).toBe('int32');
    expect(Array.from(up.indices.data())).toEqual([2, 4, 0, 3, 1]);
    expect(Array.from(argsort(x, 0, { descending: true }).data())).toEqual([1, 0, 3, 2, 4]);
  });
  it('sorts a 0-d tensor and along axis 0 of a matrix', () => {
    expect(sort(f64([[3, 1], [1, 2]]), 0).values.toArray()).toEqual([[1, 1], [3, 2]]);
    expect(sort(tensor(5)).values.toArray()).toBe(5);
  });
  it('topk, kthvalue, searchsorted, bucketize follow PyTorch', () => {
    const t = topk(f64([[1, 5, 3, 4]]), 3, -1, { largest: false });
    expect(t.values.toArray()).toEqual([[1, 3, 4]]);
    expect(t.indices.toArray()).toEqual([[0, 2, 3]]);
    const k = kthvalue(f64([[3, 1, 2], [9, 7, 8]]), 2, 1, true);
    expect(k.values.toArray()).toEqual([[2], [8]]);
    expect(k.indices.toArray()).toEqual([[2], [2]]);
    expect(searchsorted(f64([1, 3, 3, 5]), f64([3, 0, 6])).toArray()).toEqual([1, 0, 4]);
    expect(searchsorted(f64([1, 3, 3, 5]), 3, { right: true }).toArray()).toBe(3);
    expect(bucketize(f64([1, 2, 9]), f64([1, 2, 5]), { right: true }).toArray()).toEqual([1, 2, 3]);
  });
  it('unique: counts, inverse, and slices along an axis', () => {
    const u = unique(f64([3, 1, 3, 2, 1]), { returnInverse: true, returnCounts: true });
    expect(u.values.toArray()).toEqual([1, 2, 3]);
    expect(u.inverse!.toArray()).toEqual([2, 0, 2, 1, 0]);
    expect(u.counts!.toArray()).toEqual([2, 1, 2]);
    const rows = unique(f64([[1, 2], [0, 5], [1, 2]]), { axis: 0, returnCounts: true });
    expect(rows.values.toArray()).toEqual([[0, 5], [1, 2]]);
    expect(rows.counts!.toArray()).toEqual([1, 2]);
    expect(unique(f64([[1, 2, 1], [3, 4, 3]]), { axis: 1 }).toArray()).toEqual([[1, 2], [3, 4]]);
  });
});

describe('sort family: gradients', () => {
  it('sort values route the gradient through the permutation; indices carry none', () => {
    const x = f64([3, 1, 2], true);
    const s = sort(x, -1, { descending: true });
    expect(s.indices.requiresGrad).toBe(false);
    s.values.mul(f64([1, 10, 100])).sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 100, 10]);
  });
  it('topk and kthvalue send the gradient only to the picked entries', () => {
    const x = f64([4, 9, 1, 7], true);
    topk(x, 2).values.sum().add(kthvalue(x, 1).values.mul(5)).backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 5, 1]);
  });
});

describe('sort family: bad inputs', () => {
  it('topk with k larger than the axis names op, k and the shape', () => {
    const x = f64([[1, 2, 3]]);
    expectRejected(() => topk(x, 4), ValueError, [/^topk:/, /\[0, 3\]/, /\[1,3\]/, /got number 4/], x);
    expectRejected(() => topk(x, -1), ValueError, [/^topk:/, /got number -1/], x);
    expectRejected(() => kthvalue(x, 0), ValueError, [/^kthvalue:/, /\[1, 3\]/, /got number 0/], x);
  });
  it('axis out of range, bad options and mismatched searchsorted shapes', () => {
    const x = f64([[1, 2, 3]]);
    expectRejected(() => sort(x, 2), ShapeError, [/^sort:/, /axis 2/, /2-d/], x);
    expectRejected(() => argsort(x, -1, { descending: 'yes' as unknown as boolean }), ValueError, [/^argsort: descending must be a boolean/], x);
    const seq = f64([[1, 2], [3, 4]]);
    const v = f64([[1, 2], [3, 4], [5, 6]]);
    expectRejected(() => searchsorted(seq, v), ShapeError, [/^searchsorted:/, /\[2,2\]/, /\[3,2\]/], seq, v);
    expectRejected(() => bucketize(v, seq), ShapeError, [/^bucketize: boundaries must be 1-D/, /\[2,2\]/], seq, v);
    expectRejected(() => unique(x, { axis: 3 }), ShapeError, [/^unique:/, /axis 3/], x);
  });
  it('does not accept a non-integer index dtype in later ops (int32 indices)', () => {
    expect(sort(i32([3, 1])).indices.dtype).toBe('int32');
  });
});
