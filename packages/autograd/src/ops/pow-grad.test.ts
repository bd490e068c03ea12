/**
 * Gradients of the pow-like ops at 0, pinned exactly to PyTorch's conventions (derivatives.yaml:
 * pow_backward_self / pow_backward_exponent, sqrt, rsqrt, norm_backward), first and second order.
 */
import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { gradients } from '../autodiff/gradients.js';
import { Value } from '../scalar/value.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import type { Tensor } from '../tensor/tensor.js';
import { norm } from './statistics.js';

const f64 = (v: number[]) => tensor(v, { dtype: 'float64', requiresGrad: true });
const grads = (out: Tensor, inputs: Tensor[]) => gradients(out.sum(), inputs).map((g) => g.toArray());

describe('pow at 0', () => {
  it('x.pow(0) has value 1 and gradient 0 everywhere, x = 0 included', () => {
    const x = f64([0, -0, 2, -1.5]);
    const y = x.pow(0);
    expect(y.toArray()).toEqual([1, 1, 1, 1]);
    y.sum().backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0, -0]); // 0 * (-1.5)^-1 = -0
  });

  it('with a tensor exponent: dx is 0 where y = 0; dy is 0 where x = 0 and y >= 0, -inf where x = 0 and y < 0', () => {
    const x = f64([0, 0, 0, 0, 2]);
    const y = f64([0, 2, 0.5, -1, 0.5]);
    const [dx, dy] = grads(x.pow(y), [x, y]);
    // dx = y x^(y-1): 0 (pinned), 2 * 0, 0.5 * 0^-0.5 = inf, -1 * 0^-2 = -inf, 0.5 / sqrt 2.
    expect(dx).toEqual([0, 0, Infinity, -Infinity, 0.5 * 2 ** -0.5]);
    // dy = x^y ln x: 0 (pinned) three times, then inf * -inf = -inf, then sqrt(2) ln 2.
    expect(dy).toEqual([0, 0, 0, -Infinity, Math.SQRT2 * Math.LN2]);
    expect(x.toArray()).toEqual([0, 0, 0, 0, 2]);
  });

  it('second derivatives at 0 are finite: d2(x^0) = 0, d2(x^2) = 2, d2(x^3) = 0, and 0^y in y is flat', () => {
    const x = f64([0, 0, 0]);
    const y = tensor([0, 2, 3], { dtype: 'float64' });
    const [dx] = gradients(x.pow(y).sum(), [x], { createGraph: true });
    expect(dx!.toArray()).toEqual([0, 0, 0]);
    expect(grads(dx!, [x])[0]).toEqual([0, 2, 0]);

    const e = f64([0, 1, 2.5]);
    const base = tensor([0, 0, 0], { dtype: 'float64' });
    const [de] = gradients(base.pow(e).sum(), [e], { createGraph: true });
    expect(de!.toArray()).toEqual([0, 0, 0]);
    expect(grads(de!, [e])[0]).toEqual([0, 0, 0]);
  });

  it('away from 0 it still passes gradcheck and gradgradcheck in both operands', () => {
    const x = f64([0.7, 1.3, 2.1]);
    const y = f64([-1.5, 0.5, 2.5]);
    expect(gradcheck((a, b) => a!.pow(b!), [x, y])).toBe(true);
    expect(gradgradcheck((a, b) => a!.pow(b!), [x, y])).toBe(true);
  });

  it('the scalar engine agrees with the tensor engine at 0', () => {
    for (const [xv, yv, want] of [[0, 0, [0, 0]], [0, 2, [0, 0]], [0, -1, [-Infinity, -Infinity]], [2, 0, [0, Math.LN2]]] as const) {
      const a = new Value(xv);
      const b = new Value(yv);
      a.pow(b).backward();
      expect([a.grad, b.grad], `Value ${xv}^${yv}`).toEqual(want);
      const [x, y] = [f64([xv]), f64([yv])];
      expect(grads(x.pow(y), [x, y]).flat(), `Tensor ${xv}^${yv}`).toEqual(want);
    }
  });
});

describe('sqrt, rsqrt and norm at 0', () => {
  it('sqrt: gradient +inf at 0 by continuity (d sqrt x = 1 / (2 sqrt x))', () => {
    const x = f64([0, 4]);
    x.sqrt().sum().backward();
    expect(x.grad!.toArray()).toEqual([Infinity, 0.25]);
  });

  it('rsqrt: value inf and gradient -inf at 0 (d x^-1/2 = -x^-3/2 / 2)', () => {
    const x = f64([0, 4]);
    const r = x.rsqrt();
    expect(r.toArray()).toEqual([Infinity, 0.5]);
    r.sum().backward();
    expect(x.grad!.toArray()).toEqual([-Infinity, -1 / 16]);
  });

  it.each([0.5, 1, 1.5, 2, 3, Infinity])('norm(p = %s) of the zero vector has gradient 0, not NaN', (p) => {
    const x = f64([0, 0, 0]);
    const n = norm(x, p);
    expect(n.item()).toBe(0);
    n.backward();
    expect(x.grad!.toArray()).toEqual([0, 0, 0]);
  });

  it('norm(p < 1) gives 0 to zero elements of a nonzero vector; p = 2 gives x / |x|', () => {
    const x = f64([0, 4, 0]);
    norm(x, 0.5).backward();
    expect(x.grad!.toArray()).toEqual([0, 1, 0]);
    const z = f64([0, 3, 4]);
    norm(z).backward();
    const dz = z.grad!.toArray() as number[];
    expect(dz[0]).toBe(0);
    expect(dz[1]).toBeCloseTo(0.6, 15);
    expect(dz[2]).toBeCloseTo(0.8, 15);
  });
});
