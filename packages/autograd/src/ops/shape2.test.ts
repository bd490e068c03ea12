import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import {
  chunk, combinations, diag, diagonal, meshgrid, movedim, narrow, pad, repeatInterleave, roll, select, trace, tril, triu, unflatten,
} from './index.js';
import { expectRejected } from './table/reject.js';

const f64 = (v: number[] | number[][] | number[][][], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });

describe('wave-2 shape ops: exact cases', () => {
  it('tril/triu zero Inf and NaN outside the triangle and send them no gradient', () => {
    const x = f64([[1, Infinity], [NaN, 4]], true);
    const lower = tril(x);
    expect(lower.toArray()).toEqual([[1, 0], [NaN, 4]]);
    triu(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([[1, 1], [0, 1]]);
  });
  it('pad keeps the old (widths, value) form and reflects with repeated gradients added', () => {
    expect(pad(f64([1, 2]), [[1, 1]], 7).toArray()).toEqual([7, 1, 2, 7]);
    const x = f64([1, 2, 3], true);
    pad(x, [[2, 2]], { mode: 'reflect' }).sum().backward(); // [3, 2, 1, 2, 3, 2, 1]
    expect(x.grad!.toArray()).toEqual([2, 3, 2]);
  });
  it('chunk may give fewer pieces, as torch.chunk', () => {
    expect(chunk(f64([1, 2, 3, 4, 5, 6]), 4).map((t) => t.toArray())).toEqual([[1, 2], [3, 4], [5, 6]]);
  });
});

describe('wave-2 shape ops: bad inputs', () => {
  it('indices and lengths out of range name the op, the value and the shape', () => {
    const x = f64([[1, 2, 3], [4, 5, 6]]);
    expectRejected(() => select(x, 1, 3), ShapeError, [/^select: index 3 is out of range for axis 1 of shape \[2,3\] \(valid: \[-3, 2\]\)/], x);
    expectRejected(() => narrow(x, 1, 2, 2), ShapeError, [/^narrow: start 2 and length 2 do not fit axis 1 of shape \[2,3\]/], x);
    expectRejected(() => select(x, 2, 0), ShapeError, [/^select: axis 2 is out of range/], x);
    expectRejected(() => chunk(x, 0), ValueError, [/^chunk: chunks must be a positive integer/], x);
    expectRejected(() => roll(x, [1, 2], [0]), ValueError, [/^roll: shifts \[1,2\] and axes/], x);
    expectRejected(() => unflatten(x, 1, [2, 2]), ShapeError, [/^unflatten: sizes \[2,2\] do not multiply to 3/, /\[2,3\]/], x);
    expectRejected(() => movedim(x, [0, 0], [0, 1]), ValueError, [/^movedim:/, /\[2,3\]/], x);
    expectRejected(() => repeatInterleave(x, f64([1, 2]), 1), ShapeError, [/^repeatInterleave: repeats must be non-negative int32 counts of shape \[3\]/, /float64 \[2\]/], x);
  });
  it('rank requirements and padding limits', () => {
    const v = f64([1, 2, 3]);
    expectRejected(() => tril(v), ShapeError, [/^tril: input must have at least 2 dimensions, got \[3\]/], v);
    expectRejected(() => trace(v), ShapeError, [/^trace: input must be 2-D, got \[3\]/], v);
    expectRejected(() => diag(f64([[[1]]])), ShapeError, [/^diag: input must be 1-D or 2-D, got \[1,1,1\]/]);
    expectRejected(() => diagonal(v.reshape([1, 3]), { axis1: 1, axis2: -1 }), ShapeError, [/^diagonal: axis1 and axis2 must differ/], v);
    expectRejected(() => pad(v, [[3, 0]], { mode: 'reflect' }), ShapeError, [/^pad: reflect padding \[3,0\] on axis 0 of length 3 \(shape \[3\]\) needs widths <= 2/], v);
    expectRejected(() => pad(v, [[4, 0]], { mode: 'circular' }), ShapeError, [/^pad: circular padding/, /<= 3/], v);
    expectRejected(() => pad(v, [[1, 0]], { mode: 'wrap' as 'circular' }), ValueError, [/^pad: mode must be/, /"wrap"/], v);
    expectRejected(() => meshgrid(v, f64([[1]])), ShapeError, [/^meshgrid: every tensor must be 0-d or 1-D, tensors\[1\] has shape \[1,1\]/], v);
    expectRejected(() => combinations(f64([[1]])), ShapeError, [/^combinations: input must be 1-D, got \[1,1\]/]);
  });
});
