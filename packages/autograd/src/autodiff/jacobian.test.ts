import { describe, expect, it } from 'vitest';
import { randn } from '../creation/random.js';
import { tensor } from '../creation/tensor.js';
import { ShapeError, ValueError } from '../errors.js';
import { Generator } from '../random.js';
import type { Tensor } from '../tensor/tensor.js';
import { grad } from './functional.js';
import { noGrad } from './grad-mode.js';
import { hessian, hvp, jacobian } from './jacobian.js';

const gen = new Generator(5);
const rnd = (shape: number[]) => randn(shape, { dtype: 'float64', generator: gen });
const expectClose = (a: Tensor, b: Tensor, tol = 1e-9) => {
  expect(a.shape).toEqual(b.shape);
  const [x, y] = [a.data(), b.data()];
  x.forEach((v, i) => expect(Math.abs(v - y[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(y[i]!))));
};

describe('jacobian', () => {
  it('of x -> W x is W', () => {
    const W = rnd([3, 4]);
    expectClose(jacobian((x: Tensor) => W.matmul(x))(rnd([4])), W);
  });

  it('has shape out.shape ++ x.shape and matches the elementwise closed form', () => {
    const x = rnd([2, 3]);
    const J = jacobian((t: Tensor) => t.sin().sum(0))(x); // out [3], x [2,3]: J[j, i, k] = cos x[i,k] [k == j]
    expect(J.shape).toEqual([3, 2, 3]);
    const c = x.cos().data();
    J.data().forEach((v, flat) => {
      const [j, i, k] = [Math.floor(flat / 6), Math.floor(flat / 3) % 2, flat % 3];
      expect(v).toBeCloseTo(k === j ? c[i * 3 + k]! : 0, 12);
    });
  });

  it('takes argnums arrays (one Jacobian per argument) and gives zeros for unused arguments', () => {
    const A = rnd([2, 2]);
    const [ja, jb] = jacobian((a: Tensor, b: Tensor) => A.matmul(a), { argnums: [0, 1] })(rnd([2]), rnd([3]));
    expectClose(ja!, A);
    expect(jb!.shape).toEqual([2, 3]);
    expect(Array.from(jb!.data())).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('hessian', () => {
  it('of x^T A x is A + A^T', () => {
    const A = rnd([4, 4]);
    const H = hessian((x: Tensor) => x.matmul(A).dot(x))(rnd([4]));
    expectClose(H, A.add(A.transpose()));
    expect(H.requiresGrad).toBe(false);
  });

  it('of a function of a matrix has shape x.shape ++ x.shape (sum x^3: 6 x on the diagonal)', () => {
    const x = rnd([2, 2]);
    const H = hessian((t: Tensor) => t.pow(3).sum())(x);
    expect(H.shape).toEqual([2, 2, 2, 2]);
    const d = x.data();
    H.data().forEach((v, flat) => {
      const [i, j] = [Math.floor(flat / 4), flat % 4];
      expect(v).toBeCloseTo(i === j ? 6 * d[i]! : 0, 10);
    });
  });

  it('works inside noGrad and for the second argument', () => {
    const A = rnd([3, 3]);
    const H = noGrad(() => hessian((s: Tensor, x: Tensor) => x.matmul(A).dot(x).mul(s), { argnums: 1 })(tensor(2, { dtype: 'float64' }), rnd([3])));
    expectClose(H, A.add(A.transpose()).mul(2));
    expect(() => hessian((x: Tensor) => x.sum(), { argnums: [0] as never })).toThrow(ValueError);
  });
});

describe('hvp', () => {
  const f = (x: Tensor) => x.sin().mul(x.square()).sum().add(x.sum().square());

  it('equals the hessian times v, on random data', () => {
    for (let trial = 0; trial < 4; trial++) {
      const x = rnd([5]);
      const v = rnd([5]);
      expectClose(hvp(f, x, v), hessian(f)(x).matmul(v), 1e-10);
    }
  });

  it('takes several arguments (blocks of the joint Hessian)', () => {
    const g = (a: Tensor, b: Tensor) => a.mul(b).sum().square();
    const [a, b, va, vb] = [rnd([3]), rnd([3]), rnd([3]), rnd([3])];
    const [ha, hb] = hvp(g, [a, b], [va, vb]);
    // Check against the Hessian of the concatenation.
    const joint = (ab: Tensor) => g(ab.slice([[0, 3]]), ab.slice([[3, 6]]));
    const hv = hessian(joint)(a.concat([b])).matmul(va.concat([vb]));
    expectClose(ha!.concat([hb!]), hv, 1e-10);
  });

  it('nests: the gradient of an hvp-based quantity matches its closed form', () => {
    // d/dx <H(x) v, v> for f = sum x^4: H = diag(12 x^2), so <Hv, v> = sum 12 x^2 v^2 and its gradient is 24 x v^2.
    const [x, v] = [rnd([3]), rnd([3])];
    const dx = grad((t: Tensor) => hvp((s: Tensor) => s.pow(4).sum(), t, v).dot(v))(x);
    expectClose(dx, x.mul(v.square()).mul(24), 1e-10);
  });

  it('checks v against x', () => {
    expect(() => hvp(f, rnd([3]), rnd([2]))).toThrow(ShapeError);
    expect(() => hvp(f, rnd([3]), rnd([2]))).toThrow(/hvp: v has shape \[2\] but must have shape \[3\]/);
    expect(() => hvp((t: Tensor) => t, rnd([3]), rnd([3]))).toThrow(/hvp: f must return a scalar/);
  });
});
