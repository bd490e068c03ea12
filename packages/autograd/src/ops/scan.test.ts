import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import type { Tensor } from '../tensor/tensor.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import * as ops from './index.js';

const f64 = (v: number[] | number[][], requiresGrad = false) => tensor(v, { dtype: 'float64', requiresGrad });
const vals = (t: Tensor) => Array.from(t.data());
function gradOf(x: Tensor, f: (t: Tensor) => Tensor): number[] {
  f(x).sum().backward();
  return vals(x.grad!);
}

describe('scans: exact values, zeros and ties', () => {
  it('cumprod: the gradient is exact through zeros (second order: away from zeros, as PyTorch)', () => {
    // d/dx_i sum_j prod_{k<=j} x_k, with x = [2, 0, 3, 0, 5]: [1, 2 + 6, 0, 0, 0]
    expect(gradOf(f64([2, 0, 3, 0, 5], true), (x) => x.cumprod(0))).toEqual([1, 8, 0, 0, 0]);
    for (const v of [[2, 0, 3, 0, 5], [0, 0, 1.5], [1.2, -0.7, 0], [[0, 1.1, 2], [0.5, 0, -1]]]) {
      expect(gradcheck((x) => x.cumprod(-1), [f64(v)])).toBe(true);
    }
    expect(gradgradcheck((x) => x.cumprod(-1), [f64([[0.3, 1.1, 2], [0.5, -0.2, -1]])])).toBe(true);
  });

  it('cummax / cummin: ties move the index to the later element, NaN sticks; the gradient goes to the index', () => {
    const r = ops.cummax(f64([1, 3, 3, 2, NaN, 5]), 0);
    expect(vals(r.indices)).toEqual([0, 1, 2, 2, 4, 4]);
    expect(vals(r.values)).toEqual([1, 3, 3, 3, NaN, NaN]);
    expect(vals(ops.cummin(f64([3, 1, 1, 2]), 0).indices)).toEqual([0, 1, 2, 2]);
    expect(gradOf(f64([1, 3, 3, 2], true), (x) => x.cummax(0).values)).toEqual([1, 1, 2, 0]);
    expect(r.indices.dtype).toBe('int32');
  });

  it('cumsum of int32 stays int32 and refuses to wrap; logcumsumexp skips -inf and keeps +inf', () => {
    const c = ops.cumsum(tensor([1, 2, 3], { dtype: 'int32' }), 0);
    expect([c.dtype, ...vals(c)]).toEqual(['int32', 1, 3, 6]);
    expect(() => ops.cumsum(tensor([2 ** 31 - 1, 1], { dtype: 'int32' }), 0)).toThrow(ValueError);
    expect(vals(ops.logcumsumexp(f64([-Infinity, 0, -Infinity, 1e4]), 0))).toEqual([-Infinity, 0, 0, 1e4]);
    expect(vals(ops.logcumsumexp(f64([Infinity, Infinity]), 0))).toEqual([Infinity, Infinity]);
    expect(gradOf(f64([-Infinity, 0], true), (x) => x.logcumsumexp(0))).toEqual([0, 1]); // all -inf prefixes give 0, as logsumexp
    expect(vals(ops.cumsum(f64([]), 0))).toEqual([]);
    expect(vals(ops.cumsum(tensor(5, { dtype: 'float64' }), -1))).toEqual([5]);
  });

  it('a bad axis names the op, the axis and ndim; nothing is mutated', () => {
    const x = f64([[1, 2]]);
    expect(() => ops.cumsum(x, 2)).toThrow(new ShapeError('cumsum: axis 2 is out of range for a 2-d tensor (valid: [-2, 1])'));
    expect(() => ops.cummax(x, -3)).toThrow(/cummax: axis -3 is out of range for a 2-d tensor/);
    expect(() => ops.logcumsumexp(x, 0.5)).toThrow(/logcumsumexp: axis must be an integer, got number 0.5/);
    expect(vals(x)).toEqual([1, 2]);
  });
});

describe('wave-2 reductions', () => {
  it('all / any / countNonzero: NaN counts as true, empty slices give 1 / 0 / 0', () => {
    expect(vals(ops.all(f64([1, NaN, -2])))).toEqual([1]);
    expect(vals(ops.all(f64([1, 0])))).toEqual([0]);
    expect(vals(ops.any(f64([0, 0])))).toEqual([0]);
    expect(vals(ops.all(tensor([], { dtype: 'float64' })))).toEqual([1]);
    expect(vals(ops.any(tensor([], { dtype: 'float64' })))).toEqual([0]);
    expect(vals(ops.countNonzero(f64([[1, 0], [NaN, 0]]), 1))).toEqual([1, 1]);
    expect(ops.all(f64([1])).dtype).toBe('int32');
  });

  it('nansum / nanmean ignore NaN, with gradient 0 there; an all-NaN slice has nanmean NaN', () => {
    const x = f64([1, NaN, 2], true);
    expect(ops.nansum(x).item()).toBe(3);
    expect(gradOf(x, (t) => t.nanmean())).toEqual([0.5, 0, 0.5]);
    expect(vals(ops.nanmean(f64([[NaN, NaN], [1, 3]]), 1))).toEqual([NaN, 2]);
  });

  it('amax / amin split the gradient evenly among ties', () => {
    expect(gradOf(f64([[1, 5], [5, 2]], true), (x) => x.amax())).toEqual([0, 0.5, 0.5, 0]);
    expect(gradOf(f64([3, 1, 1], true), (x) => x.amin())).toEqual([0, 0.5, 0.5]);
    expect(() => ops.amax(f64([1]), 1)).toThrow(/amax: axis 1 is out of range/);
  });

  it('median: lower median, NaN propagates, ties share the gradient (all) or go to the index (axis)', () => {
    expect(ops.median(f64([3, 1, 4, 2])).item()).toBe(2);
    expect(Number.isNaN(ops.median(f64([3, NaN, 1])).item())).toBe(true);
    const r = ops.median(f64([[3, NaN, 1], [5, 4, 6]]), 1);
    expect([vals(r.values), vals(r.indices)]).toEqual([[NaN, 5], [1, 0]]);
    expect(gradOf(f64([2, 7, 2, 1, 9], true), (x) => x.median())).toEqual([0.5, 0, 0.5, 0, 0]);
    expect(gradOf(f64([NaN, 7, NaN], true), (x) => x.median())).toEqual([0.5, 0, 0.5]);
    expect(gradOf(f64([[4, 1, 3, 2]], true), (x) => x.median(1).values)).toEqual([0, 0, 0, 1]);
    expect(ops.median(f64([[1, 2], [3, 4]]), 0, true).values.shape).toEqual([1, 2]);
    expect(() => ops.median(f64([]))).toThrow(new ValueError('median: cannot take the median of an empty slice (input shape [0])'));
  });

  it('quantile: interpolations, q tensors, NaN, and errors naming the value', () => {
    const x = f64([1, 2, 3, 4]);
    expect(ops.quantile(x, 0.5).item()).toBe(2.5);
    const picks = (['linear', 'lower', 'higher', 'nearest', 'midpoint'] as const).map((i) => ops.quantile(x, 0.4, undefined, { interpolation: i }).item());
    expect(picks.map((v) => +v.toFixed(12))).toEqual([2.2, 2, 3, 2, 2.5]);
    expect(ops.quantile(f64([0, 1, 2]), 0.25, undefined, { interpolation: 'nearest' }).item()).toBe(0); // rank 0.5 rounds to even
    expect(vals(ops.quantile(f64([[1, 2], [3, 4]]), f64([0, 1]), 1))).toEqual([1, 3, 2, 4]);
    expect(Number.isNaN(ops.quantile(f64([1, NaN]), 0.1).item())).toBe(true);
    expect(() => ops.quantile(x, 1.5)).toThrow(new ValueError('quantile: q must lie in [0, 1], got 1.5'));
    expect(() => ops.quantile(x, 0.5, 0, { interpolation: 'cubic' as never })).toThrow(/quantile: interpolation must be one of linear, lower, higher, nearest, midpoint, got/);
    expect(gradOf(f64([4, 1, 3, 2], true), (t) => t.quantile(0.5))).toEqual([0, 0, 0.5, 0.5]);
  });
});

describe('activations: values and subgradients at the kinks (PyTorch)', () => {
  it('hardswish, hardsigmoid, relu6, hardtanh at their bounds', () => {
    expect(gradOf(f64([-4, -3, 0, 3, 4], true), (x) => x.hardswish())).toEqual([0, -0.5, 0.5, 1.5, 1]);
    expect(gradOf(f64([-3, 0, 3], true), (x) => x.hardsigmoid())).toEqual([0, 1 / 6, 0]);
    expect(gradOf(f64([0, 3, 6], true), (x) => x.relu6())).toEqual([0, 1, 0]);
    expect(gradOf(f64([-1, 0, 1], true), (x) => x.hardtanh())).toEqual([0, 1, 0]);
    expect(vals(ops.hardtanh(f64([-3, 3]), { min: -2, max: 2 }))).toEqual([-2, 2]);
  });

  it('selu, celu, softsign, prelu at 0; mish and logsigmoid stay finite for large |x|', () => {
    expect(gradOf(f64([0], true), (x) => x.selu())[0]).toBeCloseTo(1.0507009873554805 * 1.6732632423543772, 14);
    expect(gradOf(f64([0], true), (x) => x.celu({ alpha: 3 }))).toEqual([1]);
    expect(gradOf(f64([0], true), (x) => x.softsign())).toEqual([1]);
    const w = f64([0.25], true);
    const x = f64([0, -2, 3], true);
    ops.prelu(x, w).sum().backward();
    expect([vals(x.grad!), vals(w.grad!)]).toEqual([[0.25, 0.25, 1], [-2]]);
    expect(vals(ops.logsigmoid(f64([-1000, 1000])))).toEqual([-1000, -0]);
    expect(vals(ops.mish(f64([-1000, 1000])))).toEqual([-0, 1000]);
  });

  it('softplus: the old call is unchanged; with options it is linear above the threshold', () => {
    expect(vals(ops.softplus(f64([0])))).toEqual([Math.LN2]);
    expect(vals(ops.softplus(f64([30]), {}))).toEqual([30]);
    expect(vals(ops.softplus(f64([1]), { beta: 2, threshold: 1 }))).toEqual([1]);
    expect(gradOf(f64([25], true), (x) => x.softplus({}))).toEqual([1]);
  });

  it('bad inputs: glu with an odd axis, prelu weight shape, celu alpha 0, hardtanh min > max', () => {
    const x = f64([[1, 2, 3]]);
    expect(() => ops.glu(x)).toThrow(new ShapeError('glu: axis -1 of input shape [1,3] has odd size 3; it must split in two halves'));
    expect(() => ops.prelu(f64([[1, 2, 3]]), f64([1, 2]))).toThrow(
      new ShapeError('prelu: weight of shape [2] must have 1 element or one per channel (axis 1 of input [1,3]: 3)'),
    );
    expect(() => ops.celu(x, { alpha: 0 })).toThrow(/celu: alpha must be nonzero/);
    expect(() => ops.hardtanh(x, { min: 1, max: 0 })).toThrow(/hardtanh: min \(1\) must not exceed max \(0\)/);
    expect(() => ops.softplus(x, { beta: 0 })).toThrow(/softplus: beta must be nonzero/);
    expect(vals(x)).toEqual([1, 2, 3]);
  });
});
