import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from '../errors.js';
import { arange, eye, linspace } from './ranges.js';

describe('arange', () => {
  it('one argument is the stop; integer arguments give int32 (PyTorch gives its integer dtype)', () => {
    const x = arange(5);
    expect(x.dtype).toBe('int32');
    expect(x.toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(2, 8, 3).toArray()).toEqual([2, 5]);
    expect(arange(5, 0, -2).toArray()).toEqual([5, 3, 1]);
    expect(arange(0).shape).toEqual([0]);
    expect(arange(3, 3).shape).toEqual([0]);
  });

  it('float steps: length ceil((stop - start) / step), values start + i * step', () => {
    fc.assert(fc.property(
      fc.integer({ min: -50, max: 50 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 16 }), fc.boolean(),
      (start, span, stepTimes4, down) => {
        const step = (down ? -stepTimes4 : stepTimes4) / 4;
        const stop = down ? start - span / 3 : start + span / 3;
        const x = arange(start, stop, step, { dtype: 'float64' });
        const n = Math.max(0, Math.ceil((stop - start) / step)); // max also turns -0 into 0
        expect(x.shape).toEqual([n]);
        expect(Array.from(x.data())).toEqual(Array.from({ length: n }, (_, i) => start + i * step));
      }), { seed: 91, numRuns: 100 });
    const f = arange(1, 2, 0.25);
    expect(f.dtype).toBe('float32');
    expect(f.toArray()).toEqual([1, 1.25, 1.5, 1.75]);
    expect(arange(3, undefined, undefined, { dtype: 'float64', requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('rejects a zero step, a step pointing away from stop and non-finite bounds', () => {
    expect(() => arange(0, 5, 0)).toThrow(ValueError);
    expect(() => arange(0, 5, 0)).toThrow(/arange: step must be nonzero, got 0 \(start 0, stop 5\)/);
    expect(() => arange(0, 5, -1)).toThrow(/arange: step -1 points away from stop: start 0, stop 5/);
    expect(() => arange(Number.NaN)).toThrow(/arange: stop must be a finite number, got number NaN/);
    expect(() => arange(0, Infinity)).toThrow(/arange: stop must be a finite number/);
    expect(() => arange(0, 1, 0.5, { dtype: 'int64' as never })).toThrow(DTypeError);
    expect(() => arange(3, undefined, 1, { requiresGrad: true })).toThrow(/int32 tensors cannot require grad/);
  });
});

describe('linspace', () => {
  it('includes both ends exactly, with even spacing', () => {
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(linspace(3, -3, 3).toArray()).toEqual([3, 0, -3]);
    expect(linspace(2, 7, 1).toArray()).toEqual([2]);
    expect(linspace(2, 7, 0).shape).toEqual([0]);
    fc.assert(fc.property(
      fc.double({ min: -100, max: 100, noNaN: true }), fc.double({ min: -100, max: 100, noNaN: true }), fc.integer({ min: 2, max: 50 }),
      (a, b, n) => {
        const v = Array.from(linspace(a, b, n, { dtype: 'float64' }).data());
        expect(v[0]).toBe(a);
        expect(v[n - 1]).toBe(b);
        const step = (b - a) / (n - 1);
        v.forEach((x, i) => expect(Math.abs(x - (a + i * step))).toBeLessThanOrEqual(1e-12 * (Math.abs(a) + Math.abs(b) + 1)));
      }), { seed: 92, numRuns: 100 });
  });

  it('rejects bad counts and bounds', () => {
    expect(() => linspace(0, 1, -1)).toThrow(ValueError);
    expect(() => linspace(0, 1, -1)).toThrow(/linspace: the number of steps must be a non-negative integer, got number -1/);
    expect(() => linspace(0, 1, 2.5)).toThrow(/non-negative integer/);
    expect(() => linspace(0, Number.NaN, 3)).toThrow(/linspace: end must be a finite number/);
  });
});

describe('eye', () => {
  it('is the identity, square or n x m', () => {
    expect(eye(3).toArray()).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(eye(2, { m: 3, dtype: 'int32' }).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
    expect(eye(3, { m: 1 }).toArray()).toEqual([[1], [0], [0]]);
    expect(eye(0).shape).toEqual([0, 0]);
    expect(eye(2, { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('rejects bad sizes', () => {
    expect(() => eye(-2)).toThrow(ValueError);
    expect(() => eye(-2)).toThrow(/eye: n must be a non-negative integer, got number -2/);
    expect(() => eye(2, { m: Infinity })).toThrow(/eye: m must be a non-negative integer, got number Infinity/);
    expect(() => eye('3' as unknown as number)).toThrow(/got the string "3"/);
  });
});
