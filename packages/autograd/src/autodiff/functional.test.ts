import { describe, expect, it } from 'vitest';
import { onesLike } from '../creation/fill.js';
import { randn } from '../creation/random.js';
import { tensor } from '../creation/tensor.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import { grad, valueAndGrad, vjp } from './functional.js';
import { jvp } from '../transforms/forward.js';
import { isGradEnabled, noGrad } from './grad-mode.js';

const f64 = (v: number | number[] | number[][]) => tensor(v, { dtype: 'float64' });
const close = (a: Tensor, b: Tensor | number[] | number[][] | number, tol = 1e-9) => {
  const want = typeof b === 'object' && !Array.isArray(b) ? b.data() : tensor(b, { dtype: 'float64' }).data();
  const got = a.data();
  expect(got.length).toBe(want.length);
  got.forEach((v, i) => expect(Math.abs(v - want[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(want[i]!))));
};

describe('grad and valueAndGrad', () => {
  it('differentiates a scalar function (d sum sin x = cos x)', () => {
    const x = f64([0.3, -1.2, 2]);
    close(grad((t: Tensor) => t.sin().sum())(x), x.cos());
  });

  it('third derivative of sin is -cos (grad of grad of grad)', () => {
    for (const v of [-1.3, 0, 0.7, 2.5]) {
      const d3 = grad(grad(grad((t: Tensor) => t.sin())))(f64(v));
      expect(d3.item()).toBeCloseTo(-Math.cos(v), 12);
      expect(d3.requiresGrad).toBe(false);
    }
  });

  it('fourth derivative of exp(2x) is 16 exp(2x), through a vector function summed at each level', () => {
    const x = f64([0.1, -0.4]);
    const d = (h: (t: Tensor) => Tensor) => (t: Tensor) => grad((s: Tensor) => h(s).sum())(t);
    close(d(d(d(d((t) => t.mul(2).exp()))))(x), x.mul(2).exp().mul(16));
  });

  it('takes argnums: a number gives one gradient, an array one per listed argument', () => {
    const f = (x: Tensor, y: Tensor) => x.mul(y).sum().add(y.square().sum());
    const x = f64([1, 2]);
    const y = f64([3, -1]);
    close(grad(f, { argnums: 1 })(x, y), [1 + 6, 2 - 2]);
    const [gx, gy] = grad(f, { argnums: [0, 1] })(x, y);
    close(gx!, y);
    close(gy!, [7, 0]);
    const [value, gs] = valueAndGrad(f, { argnums: [1] })(x, y);
    expect(value.item()).toBe(1 * 3 + 2 * -1 + 10);
    close(gs[0]!, [7, 0]);
  });

  it('gives zeros for an argument f does not use (as JAX), and for a constant f', () => {
    const g = grad((x: Tensor, y: Tensor) => y.sum(), { argnums: [0, 1] })(f64([1, 2]), f64([5]));
    expect(g[0]!.toArray()).toEqual([0, 0]);
    expect(grad((x: Tensor) => f64(3))(f64([1])).toArray()).toEqual([0]);
  });

  it('leaves .grad of the user tensors untouched, even ones that require grad', () => {
    const x = tensor([1, 2], { dtype: 'float64', requiresGrad: true });
    const w = tensor([3, 4], { dtype: 'float64', requiresGrad: true });
    const marker = f64([9, 9]);
    w.grad = marker;
    grad((t: Tensor) => t.mul(w).sum())(x);
    valueAndGrad((t: Tensor) => t.square().sum())(x);
    const inner = grad((t: Tensor) => t.pow(3).sum().mul(w.sum()));
    grad((t: Tensor) => inner(t).sum())(x);
    expect(x.grad).toBeNull();
    expect(w.grad).toBe(marker);
  });

  it('stays connected to tensors outside f when grad mode is on, so the result can be differentiated', () => {
    const w = tensor([3, -4], { dtype: 'float64', requiresGrad: true });
    const gx = grad((t: Tensor) => t.mul(w).sum())(f64([1, 2])); // = w
    expect(gx.requiresGrad).toBe(true);
    gx.square().sum().backward();
    close(w.grad!, [6, -8]);
    // Under noGrad the same call gives a plain tensor.
    expect(noGrad(() => grad((t: Tensor) => t.mul(w).sum())(f64([1, 2]))).requiresGrad).toBe(false);
  });

  it('restores grad mode when f throws, and works again afterwards', () => {
    const boom = new Error('boom');
    const fail = grad((_x: Tensor): Tensor => {
      throw boom;
    });
    expect(() => noGrad(() => fail(f64([1])))).toThrow(boom);
    expect(isGradEnabled()).toBe(true);
    expect(() => fail(f64([1]))).toThrow(boom);
    expect(isGradEnabled()).toBe(true);
    close(grad((t: Tensor) => t.square().sum())(f64([2])), [4]);
  });

  it('rejects bad functions, arguments and outputs with the op named', () => {
    expect(() => grad(3 as never)).toThrow(ValueError);
    expect(() => grad((t: Tensor) => t.sum())([1, 2] as never)).toThrow(/grad: argument 0 must be a Tensor, got an array of length 2/);
    expect(() => grad((t: Tensor) => t)(f64([1, 2]))).toThrow(ShapeError);
    expect(() => grad((t: Tensor) => t)(f64([1, 2]))).toThrow(/grad: f must return a scalar .* shape \[2\]/);
    expect(() => grad((t: Tensor) => 1 as never)(f64([1]))).toThrow(/grad: f must return a Tensor, got number 1/);
    expect(() => grad((t: Tensor) => t.sum(), { argnums: 2 })(f64([1]))).toThrow(/argnums entry number 2 .* 1 argument/);
    expect(() => grad((t: Tensor) => t.sum(), { argnums: [0, 0] })(f64([1]))).toThrow(/repeats/);
    expect(() => grad((t: Tensor) => t.sum())(tensor([1], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});

describe('vjp and jvp', () => {
  const g = new Generator(11);
  const W = randn([3, 4], { dtype: 'float64', generator: g });
  const fn = (x: Tensor, y: Tensor) => W.matmul(x.tanh()).mul(y.exp());

  it('satisfy <u, J^T v> = <J u, v> on random data', () => {
    for (let trial = 0; trial < 5; trial++) {
      const x = randn([4], { dtype: 'float64', generator: g });
      const y = randn([3], { dtype: 'float64', generator: g });
      const [ux, uy, v] = [randn([4], { dtype: 'float64', generator: g }), randn([3], { dtype: 'float64', generator: g }), randn([3], { dtype: 'float64', generator: g })];
      const [out, pullback] = vjp(fn, x, y);
      const [jx, jy] = pullback(v);
      const [out2, ju] = jvp(fn, [x, y], [ux, uy]);
      close(out, out2);
      const lhs = ux.dot(jx!).add(uy.dot(jy!)).item();
      const rhs = ju.dot(v).item();
      expect(Math.abs(lhs - rhs)).toBeLessThan(1e-10 * (1 + Math.abs(rhs)));
    }
  });

  it('jvp of sin along ones is cos; vjp pullback can be called repeatedly', () => {
    const x = f64([0.2, 1.1]);
    const [y, dy] = jvp((t: Tensor) => t.sin(), [x], [onesLike(x)]);
    close(y, x.sin());
    close(dy, x.cos());
    const [, pullback] = vjp((t: Tensor) => t.square(), x);
    close(pullback(onesLike(x))[0]!, [0.4, 2.2]);
    close(pullback(f64([1, 0]))[0]!, [0.4, 0]);
  });

  it('jvp composes with grad (forward over reverse gives H v)', () => {
    const x = f64([0.5, -1]);
    const v = f64([1, 2]);
    const [, hv] = jvp(grad((t: Tensor) => t.pow(3).sum()), [x], [v]);
    close(hv, [6 * 0.5 * 1, 6 * -1 * 2]);
  });

  it('check cotangent and tangent shapes', () => {
    const x = f64([1, 2]);
    const [, pullback] = vjp((t: Tensor) => t.sum(), x);
    expect(() => pullback(f64([1, 2]))).toThrow(/vjp: the cotangent has shape \[2\] but must have shape \[\]/);
    expect(() => jvp((t: Tensor) => t, [x], [f64([1])])).toThrow(/jvp: tangent 0 has shape \[1\] but must have shape \[2\]/);
    expect(() => jvp((t: Tensor) => t, [x], [])).toThrow(ValueError);
    expect(() => (vjp as (f: unknown) => unknown)((t: Tensor) => t)).toThrow(/at least one primal/);
  });

  it('leave .grad of tensors f closes over untouched', () => {
    const w = tensor([1.5], { dtype: 'float64', requiresGrad: true });
    const [, pullback] = vjp((t: Tensor) => t.mul(w), f64([2]));
    close(pullback(f64([1]))[0]!, [1.5]);
    jvp((t: Tensor) => t.mul(w), [f64([2])], [f64([1])]);
    expect(w.grad).toBeNull();
  });
});
