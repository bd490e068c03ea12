import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { zeros } from '../creation/fill.js';
import { ShapeError, ValueError } from '../errors.js';
import { arbShape, arbTensor } from '../testing/arbitraries.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import type { Tensor } from '../tensor/tensor.js';
import { norm, std, variance } from './statistics.js';

const x = tensor([[1, -2, 3, 0.5], [4, 0, -6, 2]], { dtype: 'float64' });
const rowsOf = (t: Tensor) => t.toArray() as number[][];

function refVar(v: number[], correction: number): number {
  const m = v.reduce((a, b) => a + b, 0) / v.length;
  return v.reduce((s, a) => s + (a - m) ** 2, 0) / Math.max(v.length - correction, 0);
}
const refNorm = (v: number[], p: number): number =>
  p === Infinity ? Math.max(...v.map(Math.abs)) : p === -Infinity ? Math.min(...v.map(Math.abs))
    : p === 0 ? v.filter((a) => a !== 0).length : v.reduce((s, a) => s + Math.abs(a) ** p, 0) ** (1 / p);

describe('variance and std', () => {
  it.each([0, 1, 2])('match a reference along each axis and over all (correction %d)', (correction) => {
    const rows = rowsOf(x);
    const cols = rows[0]!.map((_, j) => rows.map((r) => r[j]!));
    Array.from(variance(x, 1, { correction }).data()).forEach((v, i) => expect(v).toBeCloseTo(refVar(rows[i]!, correction), 12));
    Array.from(variance(x, -2, { correction }).data()).forEach((v, j) => expect(v).toBeCloseTo(refVar(cols[j]!, correction), 12));
    expect(variance(x, undefined, { correction }).item()).toBeCloseTo(refVar(rows.flat(), correction), 12);
    expect(std(x, [0, 1], { correction, keepDims: true }).shape).toEqual([1, 1]);
    Array.from(std(x, 1, { correction }).data()).forEach((v, i) => expect(v).toBeCloseTo(Math.sqrt(refVar(rows[i]!, correction)), 12));
  });

  it('defaults to correction 1 and keepDims false; int32 input gives float32', () => {
    expect(variance(tensor([1, 2, 3, 4])).item()).toBeCloseTo(5 / 3, 6);
    expect(variance(x, 0).shape).toEqual([4]);
    expect(std(tensor([1, 3], { dtype: 'int32' })).dtype).toBe('float32');
  });

  it('correction >= count divides by 0 as PyTorch: inf, or NaN for a constant slice', () => {
    expect(variance(tensor([1, 2]), 0, { correction: 2 }).item()).toBe(Infinity);
    expect(variance(tensor([1, 2]), 0, { correction: 3 }).item()).toBe(Infinity);
    expect(Number.isNaN(variance(tensor([5]), 0).item())).toBe(true);
    expect(Number.isNaN(variance(zeros([0])).item())).toBe(true);
  });

  it('gradcheck and gradgradcheck on random float64 inputs', () => {
    fc.assert(fc.property(arbShape({ minRank: 1, maxRank: 3, minDim: 2, maxDim: 3 }).chain((shape) =>
      fc.record({ t: arbTensor({ shape, dtype: 'float64' }).map((t) => t.add(tensor(Array.from({ length: t.size }, (_, i) => i * 0.37), { dtype: 'float64', shape }))),
        axis: fc.integer({ min: -shape.length, max: shape.length - 1 }), correction: fc.constantFrom(0, 1) })), ({ t, axis, correction }) => {
      expect(gradcheck((a) => variance(a, axis, { correction }), [t])).toBe(true);
      expect(gradcheck((a) => std(a, axis, { correction, keepDims: true }), [t])).toBe(true);
      expect(gradgradcheck((a) => variance(a, axis, { correction }), [t])).toBe(true);
    }), { seed: 31, numRuns: 20 });
  });

  it('rejects bad options and axes', () => {
    expect(() => variance(x, 0, { correction: NaN })).toThrow(/var: correction must be a finite number/);
    expect(() => std(x, 0, { keepDims: 1 as unknown as boolean })).toThrow(/std: keepDims must be a boolean/);
    expect(() => std(x, 0, 3 as never)).toThrow(ValueError);
    expect(() => variance(x, 2)).toThrow(ShapeError);
    expect(() => variance(x, 2)).toThrow('var: axis 2 is out of range for a 2-d tensor (valid: [-2, 1])');
    expect(() => std(tensor(1), 0)).toThrow('std: axis 0 is out of range for a 0-d tensor');
  });
});

describe('norm', () => {
  it.each([2, 1, 3, 0.5, Infinity, -Infinity, 0])('p = %d matches a reference, per row and over all', (p) => {
    const rows = rowsOf(x);
    Array.from(norm(x, p, 1).data()).forEach((v, i) => expect(v).toBeCloseTo(refNorm(rows[i]!, p), 12));
    expect(norm(x, p).item()).toBeCloseTo(refNorm(rows.flat(), p), 12);
    expect(norm(x, p, -1, true).shape).toEqual([2, 1]);
  });

  it.each([2, 1, 3, 1.5, Infinity, -Infinity])('p = %d: gradcheck and gradgradcheck (no zeros or ties)', (p) => {
    const t = tensor([[0.3, -1.2, 0.7], [1.5, -0.2, -0.45]], { dtype: 'float64' });
    expect(gradcheck((a) => norm(a, p, 1), [t])).toBe(true);
    expect(gradcheck((a) => norm(a, p), [t])).toBe(true);
    expect(gradgradcheck((a) => norm(a, p, 0), [t])).toBe(true);
  });

  it.each([2, 1, 3, 0.5, Infinity])('p = %d: gradient at the zero vector is exactly 0, not NaN', (p) => {
    const z = zeros([2, 3], { dtype: 'float64', requiresGrad: true });
    const y = norm(z, p, 1);
    expect(y.toArray()).toEqual([0, 0]);
    y.sum().backward();
    expect(Array.from(z.grad!.data()).every((v) => v === 0)).toBe(true);
  });

  it('zero elements get 0 for p < 1; inf-norm ties split evenly; p = 0 is a constant', () => {
    const a = tensor([0, 4, -4], { dtype: 'float64', requiresGrad: true });
    norm(a, 0.5).backward();
    expect(a.grad!.data()[0]).toBe(0);
    const b = tensor([1, -3, 3], { dtype: 'float64', requiresGrad: true });
    norm(b, Infinity).backward();
    expect(b.grad!.toArray()).toEqual([0, -0.5, 0.5]);
    expect(norm(b, 0).requiresGrad).toBe(false);
    expect(norm(tensor([3, 4], { dtype: 'int32' })).toArray()).toBe(5);
  });

  it('rejects negative finite p, NaN p and bad axes', () => {
    expect(() => norm(x, -1)).toThrow(/norm: p must be a number > 0, 0, Infinity or -Infinity, got number -1/);
    expect(() => norm(x, NaN)).toThrow(ValueError);
    expect(() => norm(zeros([1, 1, 1, 1]), 2, 4)).toThrow('norm: axis 4 is out of range for a 4-d tensor');
  });
});
