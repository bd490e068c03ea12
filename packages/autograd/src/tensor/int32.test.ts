import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../../test-support/snapshot.js';
import { full } from '../creation/fill.js';
import { randint } from '../creation/random.js';
import { arange, linspace } from '../creation/ranges.js';
import { tensor } from '../creation/tensor.js';
import { ValueError } from '../errors.js';
import { Generator } from '../random.js';
import type { Tensor } from './tensor.js';

/** Runs `fn`, expecting a ValueError whose message matches `message`, with `owned` unchanged. */
function expectValueError(fn: () => unknown, message: RegExp, ...owned: unknown[]): void {
  const before = snapshot(...owned);
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ValueError);
  expect((thrown as Error).message).toMatch(message);
  expect(snapshot(...owned)).toEqual(before);
}

const i32 = (v: number[]): Tensor => tensor(v, { dtype: 'int32' });

describe('int32 never wraps silently (issue 20 item 4)', () => {
  it('creation: out-of-range, NaN and infinite values are errors naming the value and its index', () => {
    expectValueError(() => tensor([3e9], { dtype: 'int32' }), /tensor: 3000000000 is outside the int32 range \[-2147483648, 2147483647\] \(element at \[0\] of shape \[1\]\)/);
    expectValueError(() => tensor([[1, 2], [NaN, 4]], { dtype: 'int32' }), /tensor: NaN has no int32 value \(element at \[1\]\[0\] of shape \[2,2\]\)/);
    expectValueError(() => tensor(new Float64Array([0, -Infinity]), { dtype: 'int32' }), /tensor: -Infinity has no int32 value \(element at \[1\]/);
    expectValueError(() => tensor(-2147483649, { dtype: 'int32' }), /tensor: -2147483649 is outside the int32 range.*the only element/);
    expectValueError(() => full([2], 2 ** 31, { dtype: 'int32' }), /full: value 2147483648 is outside the int32 range/);
    expectValueError(() => arange(0, 3e9), /arange: the last value 2999999999 is outside the int32 range.*float64/);
    expectValueError(() => linspace(0, 1e10, 3, { dtype: 'int32' }), /linspace: end 10000000000 is outside the int32 range/);
  });

  it('creation: the extremes and fractions (truncated toward zero, as PyTorch) are fine', () => {
    expect(tensor([2147483647, -2147483648, 1.9, -1.9], { dtype: 'int32' }).toArray()).toEqual([2147483647, -2147483648, 1, -1]);
    expect(arange(2147483640, 2147483647).toArray()).toEqual([2147483640, 2147483641, 2147483642, 2147483643, 2147483644, 2147483645, 2147483646]);
    expect(arange(0, 3e9, 1e9, { dtype: 'float64' }).toArray()).toEqual([0, 1e9, 2e9]);
  });

  it('astype: a float value int32 cannot hold is an error naming it; the source is unchanged', () => {
    const x = tensor([[1.5, -2], [3e9, 4]], { dtype: 'float64' });
    expectValueError(() => x.astype('int32'), /astype: 3000000000 is outside the int32 range \[-2147483648, 2147483647\] \(element at \[1\]\[0\] of shape \[2,2\]\)/, x);
    const y = tensor([NaN, 0]);
    expectValueError(() => y.astype('int32'), /astype: NaN has no int32 value \(element at \[0\] of shape \[2\]\)/, y);
    // A strided view is checked in its own element order.
    expectValueError(() => x.transpose().astype('int32'), /element at \[0\]\[1\] of shape \[2,2\]/, x);
    expect(tensor([1.7, -2.5, 2147483647.9], { dtype: 'float64' }).astype('int32').toArray()).toEqual([1, -2, 2147483647]);
  });

  it('sum: accumulates exactly (float64) and an int32 result beyond range is an error, not -2^31', () => {
    const x = i32([2 ** 31 - 1, 1]);
    expectValueError(() => x.sum(), /sum: 2147483648 is outside the int32 range.*\(element .* of shape \[\]\); the int32 sum of input shape \[2\] overflows; cast to float64 first/, x);
    const m = i32([2 ** 31 - 1, 2 ** 31 - 1, -5, 5]).reshape([2, 2]);
    expectValueError(() => m.sum(0), /sum: 2147483652 is outside the int32 range \[-2147483648, 2147483647\] \(element at \[1\] of shape \[2\]\)/, m);
    // Partial sums that leave int32 but come back are exact: the result is right.
    expect(i32([2 ** 31 - 1, 2 ** 31 - 1, -(2 ** 31), -(2 ** 31) + 5]).sum().item()).toBe(3);
    const s = i32([1, 2, 3]).sum(0, true);
    expect(s.dtype).toBe('int32');
    expect(s.toArray()).toEqual([6]);
    expect(x.astype('float64').sum().item()).toBe(2 ** 31);
  });

  it('prod: exact int32 products, and an overflow is an error (also when it would hit 0 after Infinity)', () => {
    const x = i32([65536, 65536]);
    expectValueError(() => x.prod(), /prod: 4294967296 is outside the int32 range/, x);
    expect(i32([46340, 46340]).prod().item()).toBe(2147395600);
    const big = i32(Array.from({ length: 40 }, (_, i) => (i === 39 ? 0 : 2 ** 30)));
    expect(big.prod().item()).toBe(0);
  });

  it('randint: int32 bounds must fit int32; float64 reaches further', () => {
    expectValueError(() => randint(0, 2 ** 40, [3]), /randint: \[low, high\) = \[0, 1099511627776\) does not fit int32.*dtype: 'float64'/);
    expectValueError(() => randint(-(2 ** 31) - 1, 0, [3]), /does not fit int32/);
    const r = randint(-(2 ** 31), 2 ** 31, [1000], { generator: new Generator(3) });
    const d = r.data();
    expect(Math.min(...d)).toBeLessThan(-(2 ** 29));
    expect(Math.max(...d)).toBeGreaterThan(2 ** 29);
    const wide = randint(0, 2 ** 40, [1000], { dtype: 'float64', generator: new Generator(4) }).data();
    expect(wide.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 40)).toBe(true);
    expect(Math.max(...wide)).toBeGreaterThan(2 ** 38);
  });

  it('a number operand beyond int32 next to an int32 tensor is an error naming the op (PyTorch refuses too)', () => {
    const x = i32([1, 2]);
    expectValueError(() => x.add(3e9), /add: the number operand 3000000000 is outside the int32 range.*cast the tensor to float64 first/, x);
    expectValueError(() => x.reshape([2, 1]).mul(-(2 ** 31) - 1), /mul: the number operand -2147483649/, x);
    expect(x.add(2.5).toArray()).toEqual([3.5, 4.5]);
    expect(x.add(2147483645).toArray()).toEqual([2147483646, 2147483647]);
  });
});
