import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { zerosLike } from '../creation/fill.js';
import { randn } from '../creation/random.js';
import { tensor } from '../creation/tensor.js';
import { grad, vjp } from '../autodiff/functional.js';
import { gradients } from '../autodiff/gradients.js';
import { enableGrad } from '../autodiff/grad-mode.js';
import { hessian, jacfwd, jacrev } from '../autodiff/jacobian.js';
import { stack } from '../ops/join.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import { jvp } from './forward.js';
import { vmap } from './vmap.js';

const gen = new Generator(23);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });
const expectClose = (a: Tensor, b: Tensor, tol = 1e-9) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.data(), b.data()];
  for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i]! - y[i]!) <= tol * (1 + Math.abs(y[i]!)))) expect.fail(`element ${i}: ${x[i]} vs ${y[i]}`);
};
const unbind = (x: Tensor) => Array.from({ length: x.shape[0]! }, (_, b) => x.select(0, b));

type Fn = (x: Tensor) => Tensor;
const W = rnd([3, 3]);
/** Base functions of any rank >= 1 (the last axis has size 3): elementwise, reductions, matmul, softmax. */
const BASES: Fn[] = [
  (x) => x.matmul(W).tanh().mul(x),
  (x) => x.sin().softmax(-1).add(x.square().sum(-1, true)),
  (x) => x.exp().logsumexp(-1, true).mul(x).sigmoid(),
];

/** Reference jvp by the double-vjp trick: u -> J^T u is linear, so the gradient of <J^T u, v> in u is J v. */
function jvpByVjp(f: Fn, x: Tensor, v: Tensor): Tensor {
  return enableGrad(() => {
    const [out, pullback] = vjp(f, x);
    const u = zerosLike(out).setRequiresGrad();
    const s = pullback(u)[0]!.mul(v).sum();
    return s.requiresGrad ? gradients(s, [u], { createGraph: true, allowUnused: true })[0]! : zerosLike(out);
  });
}

/** Each transform twice: as the library computes it, and by a reference (loops, reverse mode only). */
const TRANSFORMS: Record<'V' | 'G' | 'J', { fast: (f: Fn) => Fn; ref: (f: Fn) => Fn }> = {
  V: { fast: (f) => (x) => vmap(f)(x), ref: (f) => (x) => stack(unbind(x).map((e) => f(e))) },
  G: { fast: (f) => grad((x: Tensor) => f(x).sum()), ref: (f) => grad((x: Tensor) => f(x).sum()) },
  J: { fast: (f) => (x) => jvp(f, [x], [x.cos()])[1], ref: (f) => (x) => jvpByVjp(f, x, x.cos()) },
};

describe('transforms compose in any order', () => {
  it('a random stack of vmap, grad and forward-mode jvp equals the same stack built from loops and reverse mode', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('V', 'G', 'J'), { minLength: 1, maxLength: 3 }), fc.integer({ min: 0, max: 2 }), (order, base) => {
        const vs = order.filter((t) => t === 'V').length;
        const x = rnd([...new Array<number>(vs).fill(2), 3]);
        const build = (kind: 'fast' | 'ref') => order.reduceRight<Fn>((f, t) => TRANSFORMS[t as 'V'][kind](f), BASES[base]!);
        expectClose(build('fast')(x), build('ref')(x), 1e-8);
      }),
      { numRuns: 25, seed: 17 },
    );
  });

  it('vmap(grad) gives per-sample gradients; grad(vmap(grad)) differentiates through them', () => {
    const w = rnd([3, 2]);
    const xs = rnd([5, 3]);
    const ys = tensor([0, 1, 1, 0, 1], { dtype: 'int32' });
    const loss = (w: Tensor, x: Tensor, y: Tensor) => x.matmul(w).logSoftmax(-1).gather(0, y.reshape([1])).neg().sum();
    const perSample = vmap(grad(loss), { inAxes: [null, 0, 0] });
    expectClose(perSample(w, xs, ys), stack([0, 1, 2, 3, 4].map((b) => grad(loss)(w, xs.select(0, b), ys.select(0, b)))), 1e-12);
    // The squared norm of the per-sample gradients, differentiated in w: loop and vmap agree.
    const viaVmap = grad((w: Tensor) => perSample(w, xs, ys).square().sum())(w);
    const viaLoop = grad((w: Tensor) => stack([0, 1, 2, 3, 4].map((b) => grad(loss)(w, xs.select(0, b), ys.select(0, b)))).square().sum())(w);
    expectClose(viaVmap, viaLoop, 1e-10);
  });

  it('jacrev, jacfwd and hessian agree with each other and with closed forms', () => {
    const A = rnd([4, 4]);
    const x = rnd([4]);
    const f = (t: Tensor) => A.matmul(t.tanh());
    expectClose(jacrev(f)(x), jacfwd(f)(x), 1e-12);
    // d A tanh(x) = A diag(1 - tanh^2 x)
    expectClose(jacrev(f)(x), A.mul(x.tanh().square().neg().add(1)), 1e-12);
    const q = (t: Tensor) => t.matmul(A).dot(t).add(t.pow(3).sum());
    expectClose(hessian(q)(x), A.add(A.transpose()).add(stack(unbind(x).map((_, i) => x.mul(6).mul(tensor([0, 1, 2, 3].map((j) => (j === i ? 1 : 0)), { dtype: 'float64' }))))), 1e-10);
    expectClose(hessian(q)(x), jacrev(jacrev(q))(x), 1e-10);
  });

  it('vmap(hessian) maps Hessians over a batch; vmap(jacrev) maps Jacobians', () => {
    const xs = rnd([3, 4]);
    const q = (t: Tensor) => t.sin().mul(t.roll(1, 0)).sum();
    expectClose(vmap(hessian(q))(xs), stack(unbind(xs).map((x) => hessian(q)(x))), 1e-12);
    const f = (t: Tensor) => t.softmax(0).mul(t);
    expectClose(vmap(jacrev(f))(xs), stack(unbind(xs).map((x) => jacrev(f)(x))), 1e-12);
  });
});

describe('results of transforms under vmap carry no graph unless the caller differentiates', () => {
  it('vmap(grad) of shared parameters gives plain tensors (no graph grows across training steps)', () => {
    const theta = rnd([6]);
    const xs = rnd([4, 3]);
    const loss = (p: Tensor, x: Tensor) => x.mul(p.slice([[0, 3]])).sum().tanh().mul(p.slice([[3, 6]]).sum());
    const g = vmap(grad(loss), { inAxes: [null, 0] })(theta, xs);
    expect(g.requiresGrad).toBe(false);
    expect(g.isLeaf).toBe(true);
    expectClose(g, stack(unbind(xs).map((x) => grad(loss)(theta, x))), 1e-12);
  });
});
