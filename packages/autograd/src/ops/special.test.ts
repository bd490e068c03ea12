import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import * as ops from './index.js';

const f64 = (v: number[], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });
const vals = (t: Tensor) => Array.from(t.data());
function gradOf(x: Tensor, f: (t: Tensor) => Tensor): number[] {
  f(x).sum().backward();
  return vals(x.grad!);
}

describe('special functions: exact and special values', () => {
  it('lgamma at integers, 1/2, poles and infinities', () => {
    const y = ops.lgamma(f64([1, 2, 5, 0.5, 0, -1, -Infinity, Infinity, NaN]));
    const [a, b, c, d, ...rest] = vals(y);
    expect([a, b]).toEqual([0, 0]);
    expect(c).toBeCloseTo(Math.log(24), 14);
    expect(d).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 14);
    expect(rest).toEqual([Infinity, Infinity, Infinity, Infinity, NaN]);
    expect(vals(ops.lgamma(f64([-0.5])))[0]).toBeCloseTo(Math.log(2 * Math.sqrt(Math.PI)), 14);
    // Relative accuracy near the zeros at 1 and 2 (mpmath at 40 digits).
    const [n1, n2] = vals(ops.lgamma(f64([1.0000001, 2.1918000000000006])));
    expect(Math.abs(n1! / -5.772155829918507e-8 - 1)).toBeLessThan(1e-13);
    expect(Math.abs(n2! / 0.09250355213924237 - 1)).toBeLessThan(1e-13);
  });

  it('digamma: -gamma at 1, -gamma - 2 ln 2 at 1/2, -inf at 0, NaN at negative integers; gradient is trigamma', () => {
    const [p1, ph, p0, pm] = vals(ops.digamma(f64([1, 0.5, 0, -2])));
    expect(p1).toBeCloseTo(-0.5772156649015329, 14);
    expect(ph).toBeCloseTo(-0.5772156649015329 - 2 * Math.LN2, 14);
    expect([p0, pm]).toEqual([-Infinity, NaN]);
    // psi'(1) = pi^2 / 6, psi'(1/2) = pi^2 / 2
    const g = gradOf(f64([1, 0.5], true), (x) => x.digamma());
    expect(g[0]).toBeCloseTo(Math.PI ** 2 / 6, 13);
    expect(g[1]).toBeCloseTo(Math.PI ** 2 / 2, 12);
    // lgamma' = digamma
    expect(gradOf(f64([1], true), (x) => x.lgamma())[0]).toBeCloseTo(-0.5772156649015329, 14);
    // polygamma(2, 1) = -2 zeta(3); poles: +inf for odd n, -inf for even n; n must be a positive integer
    expect(vals(ops.polygamma(2, f64([1])))[0]).toBeCloseTo(-2 * 1.2020569031595942, 14);
    expect(vals(ops.polygamma(3, f64([0]))).concat(vals(ops.polygamma(2, f64([-1]))))).toEqual([Infinity, -Infinity]);
    expect(() => ops.polygamma(0, f64([1]))).toThrow(/polygamma: n must be an integer in \[1, 170\], got number 0/);
  });

  it('erfinv inverts erf, with +-inf at +-1, NaN outside, and accuracy near 1', () => {
    // Reference values from mpmath at 30 digits, for the doubles given.
    const x = f64([-0.99, 0.9, 0.999999, 1 - 1e-12, 1 - 2 ** -53]);
    const want = [-1.82138636771844945587, 1.16308715367667416284, 3.4589107372754987775, 5.0420318985726961300, 5.8635847487551679272];
    vals(ops.erfinv(x)).forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(1e-14 * Math.abs(want[i]!)));
    expect(vals(ops.erfinv(f64([1, -1, 1.5, NaN])))).toEqual([Infinity, -Infinity, NaN, NaN]);
    expect(vals(ops.erfinv(f64([0.5])))[0]).toBeCloseTo(0.4769362762044699, 15);
    // d erfinv(0) = sqrt(pi) / 2
    expect(gradOf(f64([0], true), (x) => x.erfinv())[0]).toBeCloseTo(Math.sqrt(Math.PI) / 2, 15);
  });

  it('log2, log10 and exp2 are exact at powers; tan, asin, atanh keep their edge values', () => {
    expect(vals(ops.log2(f64([8, 0.25, 0, -1])))).toEqual([3, -2, -Infinity, NaN]);
    expect(vals(ops.log10(f64([1000, 1e-5])))).toEqual([3, -5]);
    expect(vals(ops.exp2(f64([10, -1, -Infinity])))).toEqual([1024, 0.5, 0]);
    expect(vals(ops.atanh(f64([1, -1, 2])))).toEqual([Infinity, -Infinity, NaN]);
    expect(vals(ops.asin(f64([1, 1.5])))).toEqual([Math.PI / 2, NaN]);
    expect(vals(ops.acosh(f64([1, 0.5])))).toEqual([0, NaN]);
  });

  it('round is half to even (also with decimals and int32); floor/ceil/trunc/frac/sign', () => {
    expect(vals(ops.round(f64([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 0.49999999999999994])))).toEqual([0, 2, 2, -0, -2, -2, 0]);
    expect(vals(ops.round(f64([1.25, 1.35, -1234.5]), { decimals: 1 }))).toEqual([1.2, 1.4, -1234.5]);
    expect(vals(ops.round(f64([1250, 1350]), { decimals: -2 }))).toEqual([1200, 1400]);
    const i = tensor([3, -7], { dtype: 'int32' });
    expect(ops.round(i).dtype).toBe('int32');
    expect(vals(ops.floor(i))).toEqual([3, -7]);
    expect(vals(ops.floor(f64([-1.5, 1.5])))).toEqual([-2, 1]);
    expect(vals(ops.ceil(f64([-1.5, 1.5])))).toEqual([-1, 2]);
    expect(vals(ops.trunc(f64([-1.5, 1.5])))).toEqual([-1, 1]);
    expect(vals(ops.frac(f64([-1.25, 2.5])))).toEqual([-0.25, 0.5]);
    expect(vals(ops.sign(f64([-2, 0, 3, NaN])))).toEqual([-1, 0, 1, NaN]);
  });

  it('roundings and sign give a zero gradient (PyTorch), even at the jumps', () => {
    for (const f of [(x: Tensor) => x.floor(), (x: Tensor) => x.ceil(), (x: Tensor) => x.round(), (x: Tensor) => x.trunc(), (x: Tensor) => x.sign()]) {
      expect(gradOf(f64([-1, 0, 0.5, 2.5], true), f)).toEqual([0, 0, 0, 0]);
    }
    expect(gradOf(f64([-1, 0, 0.5], true), (x) => x.frac())).toEqual([1, 1, 1]);
  });

  it('fmod takes the sign of a, remainder the sign of b; int32 stays int32 and exact', () => {
    expect(vals(ops.fmod(f64([-3, 3, 5.5]), 2))).toEqual([-1, 1, 1.5]);
    expect(vals(ops.remainder(f64([-3, 3, -0.5]), f64([2, -2, 2])))).toEqual([1, -1, 1.5]);
    const r = ops.remainder(tensor([-7, 7], { dtype: 'int32' }), 3);
    expect([r.dtype, ...vals(r)]).toEqual(['int32', 2, 1]);
    // d fmod / db = -trunc(a / b), d remainder / db = -floor(a / b)
    const b = f64([2, 2], true);
    ops.fmod(f64([-3, 3]), b).sum().backward();
    expect(vals(b.grad!)).toEqual([1, -1]);
    const c = f64([2, 2], true);
    ops.remainder(f64([-3, 3]), c).sum().backward();
    expect(vals(c.grad!)).toEqual([2, -1]);
  });

  it('atan2 covers the quadrants and signed zeros; hypot does not overflow and has gradient 0 at (0, 0)', () => {
    expect(vals(ops.atan2(f64([1, 1, -1, 0, -0]), f64([1, -1, -1, -1, -1])))).toEqual([Math.PI / 4, (3 * Math.PI) / 4, (-3 * Math.PI) / 4, Math.PI, -Math.PI]);
    expect(vals(ops.hypot(f64([3e300, 3]), f64([4e300, 4])))).toEqual([5e300, 5]);
    const a = f64([0, 3], true);
    const b = f64([0, 4], true);
    ops.hypot(a, b).sum().backward();
    expect([...vals(a.grad!), ...vals(b.grad!)]).toEqual([0, 0.6, 0, 0.8]);
  });

  it('logaddexp handles equal infinities and huge values; xlogy is 0 at a = 0', () => {
    expect(vals(ops.logaddexp(f64([Infinity, -Infinity, 1e4, -Infinity]), f64([Infinity, -Infinity, 1e4, 2])))).toEqual([Infinity, -Infinity, 1e4 + Math.LN2, 2]);
    const a = f64([1], true);
    const b = f64([1], true);
    ops.logaddexp(a, b).backward();
    expect([a.grad!.item(), b.grad!.item()]).toEqual([0.5, 0.5]);
    expect(vals(ops.xlogy(f64([0, 0, 0, 2]), f64([0, -1, NaN, Math.E])))).toEqual([0, 0, NaN, 2]);
    const x = f64([0, 0], true);
    ops.xlogy(x, f64([Math.E, 0])).sum().backward();
    expect(vals(x.grad!)).toEqual([1, 0]);
  });

  it('lerp is exact at weight 0 and 1; addcmul / addcdiv scale by value', () => {
    const s = f64([0.1, -3]);
    const e = f64([0.7, 5]);
    expect(vals(ops.lerp(s, e, 0))).toEqual(vals(s));
    expect(vals(ops.lerp(s, e, 1))).toEqual(vals(e));
    expect(vals(ops.addcmul(f64([1]), f64([2]), f64([3]), { value: 0.5 }))).toEqual([4]);
    expect(vals(ops.addcdiv(f64([1]), f64([2]), f64([4]), { value: -2 }))).toEqual([0]);
  });

  it('isnan / isinf / isfinite / nanToNum / logical ops give int32 masks', () => {
    const x = f64([1, NaN, Infinity, -Infinity, 0]);
    expect(vals(ops.isnan(x))).toEqual([0, 1, 0, 0, 0]);
    expect(vals(ops.isinf(x))).toEqual([0, 0, 1, 1, 0]);
    expect(vals(ops.isfinite(x))).toEqual([1, 0, 0, 0, 1]);
    expect(ops.isnan(x).dtype).toBe('int32');
    expect(vals(ops.nanToNum(x))).toEqual([1, 0, Number.MAX_VALUE, -Number.MAX_VALUE, 0]);
    expect(vals(ops.nanToNum(x, { nan: 7, posinf: 8, neginf: -9 }))).toEqual([1, 7, 8, -9, 0]);
    expect(vals(ops.nanToNum(tensor([Infinity])))).toEqual([3.4028234663852886e38]);
    const y = f64([2, 0, NaN, 0, 5]);
    expect(vals(ops.logicalAnd(x, y))).toEqual([1, 0, 1, 0, 0]);
    expect(vals(ops.logicalOr(x, y))).toEqual([1, 1, 1, 1, 1]);
    expect(vals(ops.logicalXor(x, y))).toEqual([0, 1, 0, 1, 1]);
    expect(vals(ops.logicalNot(y))).toEqual([0, 1, 0, 1, 0]);
    const g = f64([NaN, 1, Infinity], true);
    ops.nanToNum(g).sum().backward();
    expect(vals(g.grad!)).toEqual([0, 1, 0]);
  });
});

describe('special functions: bad inputs', () => {
  it('non-broadcastable operands name the op and both shapes; nothing is mutated', () => {
    const a = f64([1, 2, 3]);
    const b = f64([1, 2]);
    const before = [vals(a), vals(b)];
    for (const [name, f] of [['atan2', ops.atan2], ['hypot', ops.hypot], ['fmod', ops.fmod], ['remainder', ops.remainder], ['logaddexp', ops.logaddexp], ['xlogy', ops.xlogy], ['logicalAnd', ops.logicalAnd]] as const) {
      expect(() => f(a, b)).toThrow(ShapeError);
      expect(() => f(a, b)).toThrow(new RegExp(`^${name}: cannot broadcast shapes \\[3\\] and \\[2\\]`));
    }
    expect(() => ops.lerp(a, b, 0.5)).toThrow(/lerp: cannot broadcast shapes \[3\] and \[2\]/);
    expect([vals(a), vals(b)]).toEqual(before);
  });

  it('int32 division by zero in fmod/remainder is a ValueError naming the index', () => {
    const a = tensor([1, 2], { dtype: 'int32' });
    expect(() => ops.fmod(a, tensor([1, 0], { dtype: 'int32' }))).toThrow(ValueError);
    expect(() => ops.remainder(a, 0)).toThrow(/remainder: integer division by zero \(divisor b of shape \[2\] is 0 at flat index 0\)/);
  });

  it('bad options and non-tensors are ValueErrors naming the op and the value', () => {
    expect(() => ops.round(f64([1]), { decimals: 1.5 })).toThrow(/round: decimals must be an integer in \[-300, 300\], got number 1.5/);
    expect(() => ops.round(f64([1]), 3 as never)).toThrow(/round: options must be an object/);
    expect(() => ops.addcmul(f64([1]), f64([1]), f64([1]), { value: NaN })).toThrow(/addcmul: value must be a finite number, got (number )?NaN/);
    expect(() => ops.nanToNum(f64([1]), { nan: 'x' as never })).toThrow(ValueError);
    expect(() => ops.tan([1] as never)).toThrow(/tan: input must be a Tensor, got/);
    expect(() => ops.lerp(tensor([1], { dtype: 'int32' }), 2, 0.5)).toThrow(DTypeError);
  });
});
