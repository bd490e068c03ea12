import { describe, expect, it } from 'vitest';
import { randn } from '../creation/random.js';
import { tensor } from '../creation/tensor.js';
import * as ops from '../ops/index.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import { gradgradcheck } from '../testing/gradcheck.js';
import { grad } from './functional.js';
import { jvp } from '../transforms/forward.js';
import { hessian } from './jacobian.js';

// Second (and third) derivatives of the core primitives: every vjp is written in differentiable Tensor ops,
// so backward({ createGraph: true }) records it and it can be differentiated again. Inputs avoid kinks.
const gen = new Generator(2024);
const rnd = (shape: number[], lo = -2, hi = 2) =>
  randn(shape, { dtype: 'float64', generator: gen }).tanh().add(1).mul((hi - lo) / 2).add(lo); // in (lo, hi)
/** Values in (lo, hi) at least `gap` away from 0. */
const awayFromZero = (shape: number[], gap = 0.2) => {
  const x = rnd(shape, -1, 1);
  return x.add(ops.where(x.ge(0), gap, -gap));
};

type Row = [name: string, fn: (...xs: Tensor[]) => Tensor, inputs: () => Tensor[]];

const unaryRows: Row[] = [
  ['neg', (x) => x.neg(), () => [rnd([2, 3])]],
  ['exp', (x) => x.exp(), () => [rnd([2, 3])]],
  ['log', (x) => x.log(), () => [rnd([2, 3], 0.3, 3)]],
  ['log1p', (x) => x.log1p(), () => [rnd([2, 3], -0.5, 3)]],
  ['expm1', (x) => x.expm1(), () => [rnd([2, 3])]],
  ['sqrt', (x) => x.sqrt(), () => [rnd([2, 3], 0.3, 3)]],
  ['rsqrt', (x) => x.rsqrt(), () => [rnd([2, 3], 0.3, 3)]],
  ['abs (away from 0)', (x) => x.abs(), () => [awayFromZero([2, 3])]],
  ['square', (x) => x.square(), () => [rnd([2, 3])]],
  ['reciprocal', (x) => x.reciprocal(), () => [rnd([2, 3], 0.4, 3)]],
  ['sin', (x) => x.sin(), () => [rnd([2, 3])]],
  ['cos', (x) => x.cos(), () => [rnd([2, 3])]],
  ['tanh', (x) => x.tanh(), () => [rnd([2, 3])]],
  ['sigmoid', (x) => x.sigmoid(), () => [rnd([2, 3])]],
  ['relu (away from 0)', (x) => x.relu(), () => [awayFromZero([2, 3])]],
  ['softplus', (x) => x.softplus(), () => [rnd([2, 3])]],
  ['erf', (x) => ops.erf(x), () => [rnd([2, 3])]],
];

const rows: Row[] = [
  ...unaryRows,
  ['add (broadcast)', (x, y) => x!.add(y!), () => [rnd([2, 3]), rnd([3])]],
  ['sub (broadcast)', (x, y) => x!.sub(y!), () => [rnd([2, 1]), rnd([2, 3])]],
  ['mul (broadcast)', (x, y) => x!.mul(y!), () => [rnd([2, 3]), rnd([1, 3])]],
  ['div', (x, y) => x!.div(y!), () => [rnd([2, 3]), rnd([2, 3], 0.5, 2)]],
  ['pow (base and exponent)', (x, y) => x!.pow(y!), () => [rnd([2, 3], 0.3, 2), rnd([2, 3])]],
  ['maximum (no ties)', (x, y) => x!.maximum(y!), () => [awayFromZero([2, 3]), rnd([2, 3], -0.1, 0.1)]],
  ['minimum (no ties)', (x, y) => x!.minimum(y!), () => [awayFromZero([2, 3]), rnd([2, 3], -0.1, 0.1)]],
  ['where', (c, x, y) => ops.where(c!, x!.square(), y!.exp()), () => [tensor([[1, 0, 1], [0, 0, 1]], { dtype: 'int32' }), rnd([2, 3]), rnd([2, 3])]],
  ['sum (all, axes, keepDims)', (x) => x.sum().add(x.sum(1).square().sum()).add(x.sum([0, 2], true).exp().sum()), () => [rnd([2, 3, 2])]],
  ['expand', (x) => x.expand([4, 2, 3]).square(), () => [rnd([2, 1])]],
  ['reshape (view)', (x) => x.reshape([3, 2]).square(), () => [rnd([2, 3])]],
  ['reshape (copy of a transposed tensor)', (x) => x.transpose().reshape([6]).sin(), () => [rnd([2, 3])]],
  ['permute', (x) => x.permute(2, 0, 1).mul(x.permute(2, 0, 1).sin()), () => [rnd([2, 3, 2])]],
  ['matmul 2-D', (x, y) => x!.matmul(y!), () => [rnd([2, 3]), rnd([3, 4])]],
  ['matmul batched with broadcast', (x, y) => x!.matmul(y!).tanh(), () => [rnd([2, 2, 3]), rnd([3, 2])]],
  ['matmul 1-D @ 2-D', (x, y) => x!.matmul(y!).square(), () => [rnd([3]), rnd([3, 2])]],
  ['matmul of a product (x^T x)', (x) => x.transpose().matmul(x), () => [rnd([3, 2])]],
];

describe('second derivatives of the core primitives (gradgradcheck)', () => {
  for (const [name, fn, inputs] of rows) it(name, () => expect(gradgradcheck(fn, inputs())).toBe(true));
});

describe('third derivatives: the gradient function is itself twice differentiable', () => {
  // Piecewise-linear ops have a constant derivative: their grad function returns a constant (checked below).
  const piecewiseLinear = new Set(['neg', 'abs (away from 0)', 'relu (away from 0)']);
  for (const [name, fn, inputs] of unaryRows.filter(([n]) => !piecewiseLinear.has(n))) {
    // x -> d/dx sum(op(x)) = op'(x) elementwise, checked by gradgradcheck: that exercises op''' through rules of rules.
    it(name, () => expect(gradgradcheck((x) => grad((t: Tensor) => fn(t).sum())(x), inputs())).toBe(true));
  }
  it('neg, abs and relu have second derivative 0 away from their kinks', () => {
    for (const [, fn, inputs] of unaryRows.filter(([n]) => piecewiseLinear.has(n))) {
      const d2 = grad((x: Tensor) => grad((t: Tensor) => fn(t).sum())(x).sum())(inputs()[0]!);
      expect(Array.from(d2.data())).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });
  it('matmul with a nonlinearity (x -> grad of sum tanh(x W))', () => {
    const W = rnd([3, 2]);
    expect(gradgradcheck((x) => grad((t: Tensor) => t.matmul(W).tanh().sum())(x), [rnd([2, 3])])).toBe(true);
  });
});

describe('closed forms of higher derivatives', () => {
  it('hessian through a cast to float32 and back is 2 I (to float32 precision)', () => {
    const H = hessian((x: Tensor) => x.astype('float32').square().astype('float64').sum())(rnd([3]));
    const want = [2, 0, 0, 0, 2, 0, 0, 0, 2];
    H.data().forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThan(1e-5));
  });

  it('sigmoid: s\'\' = s (1 - s)(1 - 2 s) from backward({ createGraph: true }) twice', () => {
    const x = tensor([-1.5, 0.2, 2], { dtype: 'float64', requiresGrad: true });
    x.sigmoid().sum().backward(undefined, { createGraph: true });
    const g1 = x.grad!;
    x.grad = null;
    g1.sum().backward();
    const s = x.detach().sigmoid();
    const want = s.mul(s.neg().add(1)).mul(s.mul(-2).add(1)).data();
    x.grad!.data().forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
  });

  it('forward over reverse equals reverse over reverse (jvp of grad vs hessian)', () => {
    const f = (x: Tensor) => x.matmul(x.transpose()).sin().sum();
    const x = rnd([2, 3]);
    const v = rnd([2, 3]);
    const [, hv] = jvp(grad(f), [x], [v]);
    const want = hessian(f)(x).reshape([6, 6]).matmul(v.reshape([6]));
    hv.reshape([6]).data().forEach((a, i) => expect(a).toBeCloseTo(want.data()[i]!, 10));
  });
});
