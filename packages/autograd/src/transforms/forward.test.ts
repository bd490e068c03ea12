import { describe, expect, it } from 'vitest';
import { onesLike } from '../creation/fill.js';
import { randn } from '../creation/random.js';
import { tensor } from '../creation/tensor.js';
import { defineOp } from '../autodiff/custom-op.js';
import { grad } from '../autodiff/functional.js';
import { DTypeError, GraphError, ShapeError } from '../errors.js';
import { stack } from '../ops/join.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import { jvp } from './forward.js';
import { vmap } from './vmap.js';

const gen = new Generator(41);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });
const expectClose = (a: Tensor, b: Tensor, tol = 1e-9) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.data(), b.data()];
  for (let i = 0; i < x.length; i++) if (!(Math.abs(x[i]! - y[i]!) <= tol * (1 + Math.abs(y[i]!)))) expect.fail(`element ${i}: ${x[i]} vs ${y[i]}`);
};
/** Central differences of f at x along v. */
const fd = (f: (x: Tensor) => Tensor, x: Tensor, v: Tensor, eps = 1e-6) => f(x.add(v.mul(eps))).sub(f(x.sub(v.mul(eps)))).div(2 * eps);

describe('forward-mode jvp', () => {
  const f = (x: Tensor) => x.matmul(x.transpose()).tanh().sum(1).mul(x.sigmoid().sum());

  it('matches central differences and returns the primal output', () => {
    const x = rnd([3, 4]);
    const v = rnd([3, 4]);
    const [out, t] = jvp(f, [x], [v]);
    expectClose(out, f(x), 0);
    expectClose(t, fd(f, x, v), 1e-7);
  });

  it('nests: jvp of jvp is the second directional derivative', () => {
    const x = rnd([4]);
    const [u, w] = [rnd([4]), rnd([4])];
    const g = (y: Tensor) => y.sin().mul(y.exp()).sum();
    const d2 = jvp((y: Tensor) => jvp(g, [y], [u])[1], [x], [w])[1];
    // d^2/ds dt g(x + s w + t u) = sum u_i w_i (sin x e^x)'' with (sin e^x)'' = 2 cos x e^x.
    expectClose(d2, x.cos().mul(x.exp()).mul(2).mul(u).mul(w).sum(), 1e-12);
  });

  it('composes with grad both ways (forward over reverse and reverse over forward)', () => {
    const x = rnd([3]);
    const v = rnd([3]);
    const q = (y: Tensor) => y.pow(3).sum();
    expectClose(jvp(grad(q), [x], [v])[1], x.mul(6).mul(v), 1e-12); // H v with H = diag(6x)
    expectClose(grad((y: Tensor) => jvp(q, [y], [v])[1])(x), x.mul(6).mul(v), 1e-12); // d/dx (3x^2 . v)
  });

  it('casts tangents to the primal dtype and gives zeros where f does not depend on the primal', () => {
    const x = rnd([2]);
    const [, t] = jvp((y: Tensor) => y.mul(2), [x], [tensor([1, 1])]);
    expect(t.dtype).toBe('float64');
    const c = rnd([2]);
    expectClose(jvp((_y: Tensor) => c.exp(), [x], [onesLike(x)])[1], c.mul(0), 0);
  });

  it('rejects bad tangents, naming the op', () => {
    const x = rnd([2]);
    expect(() => jvp((y: Tensor) => y, [x], [rnd([3])])).toThrow(new ShapeError('jvp: tangent 0 has shape [3] but must have shape [2]'));
    expect(() => jvp((y: Tensor) => y, [tensor([1], { dtype: 'int32' })], [tensor([1])])).toThrow(
      new DTypeError('jvp: primal 0 is int32 of shape [1]; only float tensors have tangents'),
    );
  });
});

describe('defineOp under forward mode and vmap', () => {
  const cubeVjp = (g: Tensor, { inputs: [x] }: { inputs: readonly Tensor[] }) => [g.mul(x!.square()).mul(3)];
  const withJvp = defineOp({ name: 'cubeJ', forward: (x) => x.pow(3), vjp: cubeVjp, jvp: ([t], { inputs: [x] }) => t!.mul(x!.square()).mul(3) });
  const withoutJvp = defineOp({ name: 'cube', forward: (x) => x.pow(3), vjp: cubeVjp });

  it('uses its jvp rule, or obtains the tangent from its vjp by transposition', () => {
    const x = rnd([3]);
    const v = rnd([3]);
    for (const op of [withJvp, withoutJvp]) expectClose(jvp(op, [x], [v])[1], x.square().mul(3).mul(v), 1e-12);
  });

  it('checks the jvp rule returns the output tangent', () => {
    const bad = defineOp({ name: 'bad', forward: (x) => x.sum(), vjp: (g, { inputs: [x] }) => [g.expand(x!.shape)], jvp: ([t]) => t! });
    expect(() => jvp(bad, [rnd([3])], [rnd([3])])).toThrow(new GraphError("bad: jvp must return the output's tangent, a Tensor of shape [], got shape [3]"));
  });

  it('maps over a batch, per-example gradients included', () => {
    const xs = rnd([4, 3]);
    expectClose(vmap(withoutJvp)(xs), xs.pow(3), 1e-15);
    const loss = (x: Tensor) => withoutJvp(x).sin().sum();
    expectClose(vmap(grad(loss))(xs), stack([0, 1, 2, 3].map((b) => grad(loss)(xs.select(0, b)))), 1e-12);
  });
});
