import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { zeros } from '../creation/fill.js';
import { arbShape, arbTensor } from '../testing/arbitraries.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import type { Tensor } from '../tensor/tensor.js';
import { argmax, logsumexp, max, mean, min, prod, sum } from './reduce.js';

type Axis = number | number[] | undefined;
type Reduction = (x: Tensor, axis?: Axis, keepDims?: boolean) => Tensor;

const arbAxis = (nd: number): fc.Arbitrary<Axis> =>
  nd === 0
    ? fc.constant(undefined)
    : fc.oneof(fc.constant(undefined), fc.integer({ min: -nd, max: nd - 1 }), fc.subarray(Array.from({ length: nd }, (_, i) => i), { minLength: 1 }));

/** Distinct values (spacing >= 0.01, far above the finite-difference step), so max/min have no ties. */
const arbDistinct = (shape: number[]) => {
  const n = shape.reduce((a, b) => a * b, 1);
  return fc.uniqueArray(fc.integer({ min: -300, max: 300 }), { minLength: n, maxLength: n })
    .map((v) => tensor(v.map((a) => a / 100), { dtype: 'float64', shape }));
};

const arbCase = (distinct: boolean) => arbShape({ maxRank: 4, maxDim: 3 }).chain((shape) => fc.record({
  x: distinct ? arbDistinct(shape) : arbTensor({ shape, dtype: 'float64' }),
  axis: arbAxis(shape.length),
  keepDims: fc.boolean(),
}));

// [name, op, needs distinct values (kinks at ties)]; prod needs none: a polynomial, exact at zeros too.
const rows: [string, Reduction, boolean][] = [
  ['sum', sum, false], ['mean', mean, false], ['prod', prod, false], ['logsumexp', logsumexp, false],
  ['max', max, true], ['min', min, true],
];

describe('reductions: gradients against central differences (float64)', () => {
  it.each(rows)('%s: gradcheck and gradgradcheck', (_, op, distinct) => {
    fc.assert(fc.property(arbCase(distinct), ({ x, axis, keepDims }) => {
      // gradcheck seeds one-hot rows, so every output element's gradient is compared (full Jacobian).
      expect(gradcheck((t) => op(t, axis, keepDims), [x])).toBe(true);
      expect(gradgradcheck((t) => op(t, axis, keepDims).square(), [x])).toBe(true);
    }), { seed: 21, numRuns: 25 });
  });

  it('zero-size inputs give zero-size gradients', () => {
    const x = zeros([0, 3], { dtype: 'float64', requiresGrad: true });
    sum(x).add(mean(x, 0).sum()).add(prod(x, 1).sum()).backward();
    expect(x.grad!.shape).toEqual([0, 3]);
  });
});

/** Gradient of `f` at `values` as nested arrays. */
function gradOf(f: (x: Tensor) => Tensor, values: number[] | number[][]): unknown {
  const x = tensor(values, { dtype: 'float64', requiresGrad: true });
  f(x).backward();
  return x.grad!.toArray();
}

describe('max/min: ties split the gradient evenly (PyTorch amax)', () => {
  it('over all axes and along one axis', () => {
    expect(gradOf((x) => max(x), [3, 1, 3, 3])).toEqual([1 / 3, 0, 1 / 3, 1 / 3]);
    expect(gradOf((x) => min(x), [2, -1, 5, -1])).toEqual([0, 0.5, 0, 0.5]);
    expect(gradOf((x) => max(x, 1).mul(tensor([1, 10], { dtype: 'float64' })).sum(), [[2, 2], [0, 7]])).toEqual([[0.5, 0.5], [0, 10]]);
    expect(gradOf((x) => min(x, 0, true).sum(), [[4, 1], [4, 1]])).toEqual([[0.5, 0.5], [0.5, 0.5]]);
  });

  it('argmax has no gradient', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    expect(argmax(x).requiresGrad).toBe(false);
  });
});

describe('prod: gradient with zeros in the input', () => {
  it('no zero: out / x_k; one zero: only that element, the product of the others; two zeros: all zero', () => {
    expect(gradOf((x) => prod(x), [2, 3, 4])).toEqual([12, 8, 6]);
    expect(gradOf((x) => prod(x), [2, 0, 4])).toEqual([0, 8, 0]);
    expect(gradOf((x) => prod(x), [0, 3, 0])).toEqual([0, 0, 0]);
    // toEqual tells -0 from 0: 0 * negative is -0 here, as in PyTorch.
    expect(gradOf((x) => prod(x, 1).sum(), [[5, 0, -2], [1, 2, 3], [0, 0, 1]])).toEqual([[-0, -10, 0], [6, 3, 2], [0, 0, 0]]);
  });

  it('second derivatives are exact with one or two zeros (d2 prod / dx_i dx_j = product of the rest)', () => {
    // prod(x) = x0 x1 x2 x3; at x = [0, 2, 0, 3] the only nonzero Hessian entries are H[0][2] = H[2][0] = 6.
    const hessRow = (values: number[], i: number) => {
      const x = tensor(values, { dtype: 'float64', requiresGrad: true });
      const [g] = [prod(x)].map((y) => { y.backward(undefined, { createGraph: true }); return x.grad!; });
      const gi = g!.mul(tensor(values.map((_, k) => (k === i ? 1 : 0)), { dtype: 'float64' })).sum();
      x.zeroGrad();
      gi.backward();
      return x.grad!.toArray();
    };
    expect(hessRow([0, 2, 0, 3], 0)).toEqual([0, 0, 6, 0]);
    expect(hessRow([0, 2, 5, 3], 1)).toEqual([15, 0, 0, 0]);
    expect(hessRow([0, 2, 5, 3], 0)).toEqual([0, 15, 6, 10]);
    expect(gradgradcheck((t) => prod(t, 1), [tensor([[0, 1.5, -2], [0, 0, 1], [0, 0, 0]], { dtype: 'float64' })])).toBe(true);
  });
});

describe('logsumexp: extreme inputs', () => {
  it('does not overflow at +-1e4 and gives softmax as gradient', () => {
    const x = tensor([1e4, 1e4, -1e4], { dtype: 'float32', requiresGrad: true });
    const y = logsumexp(x);
    expect(y.item()).toBeCloseTo(1e4 + Math.LN2, 2);
    y.backward();
    // float32: out is 1e4 + ln 2 rounded to float32's spacing of ~1e-3 at 1e4, so exp(x - out) is ~1e-4 off.
    const g = x.grad!.data();
    expect([g[0], g[1], g[2]].map((v) => Math.round(v! * 1000) / 1000)).toEqual([0.5, 0.5, 0]);
    const x64 = tensor([1e4, 1e4, -1e4], { dtype: 'float64', requiresGrad: true });
    logsumexp(x64).backward();
    const g64 = x64.grad!.data();
    [0.5, 0.5, 0].forEach((w, i) => expect(g64[i]).toBeCloseTo(w, 12));
  });

  it('a slice of all -inf gives -inf with gradient exactly 0 (not NaN); +inf gives +inf', () => {
    const x = tensor([[-Infinity, -Infinity], [0, Math.log(3)]], { dtype: 'float64', requiresGrad: true });
    const y = logsumexp(x, 1);
    expect(y.toArray()).toEqual([-Infinity, Math.log(4)]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([[0, 0], [0.25, 0.75]]);
    expect(logsumexp(tensor([1, Infinity, -Infinity])).item()).toBe(Infinity);
    expect(logsumexp(tensor([-Infinity, 2])).item()).toBe(2);
  });
});
