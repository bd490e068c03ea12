import { describe, expect, it } from 'vitest';
import { randn } from '../../creation/random.js';
import { tensor } from '../../creation/tensor.js';
import { vjp } from '../../autodiff/functional.js';
import { hessian, jacfwd, jacrev } from '../../autodiff/jacobian.js';
import { ValueError } from '../../errors.js';
import * as linalg from '../../linalg/index.js';
import { constMatrix, mT, tril } from '../../linalg/util.js';
import { concat, stack } from '../../ops/join.js';
import { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { jvp } from '../../transforms/forward.js';
import { vmap } from '../../transforms/vmap.js';

// Forward-mode rules of the decomposition primitives, through the public linalg ops: the jvp tangent against
// central finite differences in float64, gauge-free quantities for eigen/singular vectors (per-column outer
// products v v^T, reconstructions), adjointness with the vjp, and composition with vmap.
const gen = new Generator(31);
const rnd = (shape: readonly number[]) => randn(shape, { dtype: 'float64', generator: gen });
const eye = (n: number, s = 1) => constMatrix(n, n, 'float64', (i, j) => (i === j ? s : 0));
const symm = (x: Tensor) => x.add(mT(x)).mul(0.5);
const spd = (shape: readonly number[]) => {
  const m = rnd(shape);
  return m.matmul(mT(m)).add(eye(shape.at(-1)!, shape.at(-1)!));
};
/** Symmetric with eigenvalues spread near 0, 3, 6, ... (distinct, gaps >= ~2). */
const spreadSym = (n: number) => symm(rnd([n, n]).mul(0.3)).add(constMatrix(n, n, 'float64', (i, j) => (i === j ? 3 * i : 0)));
/** m x n with singular values near 5, 3, 1 (distinct, away from zero). */
const spreadSvd = (m: number, n: number) => rnd([m, n]).mul(0.1).add(constMatrix(m, n, 'float64', (i, j) => (i === j ? 5 - 2 * i : 0)));
/** Per-column outer products [m, m, k] (column i: u_i u_i^T), unchanged by each column's sign. */
const outers = (u: Tensor) => u.unsqueeze(1).mul(u.unsqueeze(0));
const flat = (...ts: Tensor[]) => concat(ts.map((t) => t.reshape([-1])));

function close(a: Tensor, b: Tensor, tol: number): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.sub(b).abs().max().item()).toBeLessThanOrEqual(tol * (1 + b.abs().max().item()));
}

/** jvp(f) along vs against (f(x + eps v) - f(x - eps v)) / 2 eps. */
function checkJvp(f: (...xs: Tensor[]) => Tensor, xs: Tensor[], vs: Tensor[], tol = 1e-7): void {
  const eps = 1e-6;
  const [out, t] = jvp(f, xs, vs);
  close(out, f(...xs), 1e-14);
  const plus = f(...xs.map((x, i) => x.add(vs[i]!.mul(eps))));
  const minus = f(...xs.map((x, i) => x.sub(vs[i]!.mul(eps))));
  close(t, plus.sub(minus).div(2 * eps), tol);
}

/** <g, J t> = <J^T g, t>: the jvp is the adjoint of the vjp (so jacfwd and jacrev agree). */
function checkAdjoint(f: (x: Tensor) => Tensor, x: Tensor, t: Tensor): void {
  const [out, back] = vjp(f, x);
  const g = rnd(out.shape);
  const [, jt] = jvp(f, [x], [t]);
  const lhs = g.mul(jt).sum().item();
  const rhs = back(g)[0]!.mul(t).sum().item();
  expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-10 * (1 + Math.abs(rhs)));
}

describe('jvp of the factorizations and solves vs finite differences', () => {
  it('cholesky (symmetric tangents; lower, upper, batched) and adjoint to its vjp for any tangent', () => {
    const a = spd([3, 3]);
    checkJvp((x) => linalg.cholesky(x), [a], [symm(rnd([3, 3]))]);
    checkJvp((x) => linalg.cholesky(x, { upper: true }), [a], [symm(rnd([3, 3]))]);
    checkJvp((x) => linalg.cholesky(x), [spd([2, 4, 4])], [symm(rnd([2, 4, 4]))]);
    checkAdjoint((x) => linalg.cholesky(x), a, rnd([3, 3]));
  });

  it('solveTriangular: tangents on A (only its triangle counts) and B; upper, left false, unitriangular', () => {
    const l = tril(rnd([3, 3]).mul(0.5)).add(eye(3, 2));
    const b = rnd([3, 2]);
    checkJvp((x, y) => linalg.solveTriangular(x, y, { upper: false }), [l, b], [rnd([3, 3]), rnd([3, 2])]);
    checkJvp((x, y) => linalg.solveTriangular(x, y, { upper: true }), [mT(l), b], [rnd([3, 3]), rnd([3, 2])]);
    checkJvp((x, y) => linalg.solveTriangular(x, y, { upper: true, left: false, unitriangular: true }), [mT(l), mT(b)], [rnd([3, 3]), rnd([2, 3])]);
    checkJvp((x) => linalg.solveTriangular(x, b, { upper: false }), [l], [rnd([3, 3])]);
    checkAdjoint((x) => linalg.solveTriangular(x, b, { upper: false, unitriangular: true }), l, rnd([3, 3]));
  });

  it('solve (A and B, a vector B, left false) and inv', () => {
    const a = rnd([2, 3, 3]).add(eye(3, 3));
    checkJvp((x, y) => linalg.solve(x, y), [a, rnd([2, 3, 2])], [rnd([2, 3, 3]), rnd([2, 3, 2])]);
    checkJvp((x, y) => linalg.solve(x, y), [a.select(0, 0), rnd([3])], [rnd([3, 3]), rnd([3])]);
    checkJvp((y) => linalg.solve(a, y, { left: false }), [rnd([4, 3])], [rnd([4, 3])]);
    checkJvp((x) => linalg.inv(x), [a], [rnd([2, 3, 3])]);
  });

  it('det (invertible, and singular: the adjugate) and slogdet', () => {
    const a = rnd([3, 4, 4]);
    checkJvp((x) => linalg.det(x), [a], [rnd([3, 4, 4])]);
    const singular = tensor([[1, 2, 3], [2, 4, 6], [1, 0, 2]], { dtype: 'float64' }); // rank 2
    checkJvp((x) => linalg.det(x), [singular], [rnd([3, 3])]);
    const [, t] = jvp((x) => linalg.det(x), [singular], [tensor([[0, 0, 0], [0, 1, 0], [0, 0, 0]], { dtype: 'float64' })]);
    expect(t.item()).toBeCloseTo(1 * 2 - 3 * 1, 12); // the (1, 1) cofactor: det [[1, 3], [1, 2]] = -1
    checkJvp((x) => linalg.slogdet(x).logabsdet, [a], [rnd([3, 4, 4])]);
  });

  it('qr: reduced tall, square, wide; complete when m <= n', () => {
    for (const [m, n] of [[5, 3], [3, 3], [3, 5]] as const) {
      checkJvp((x) => flat(linalg.qr(x).Q, linalg.qr(x).R), [rnd([2, m, n])], [rnd([2, m, n])]);
    }
    checkJvp((x) => flat(linalg.qr(x, { mode: 'complete' }).Q, linalg.qr(x, { mode: 'r' }).R), [rnd([3, 4])], [rnd([3, 4])]);
    checkAdjoint((x) => flat(linalg.qr(x).Q, linalg.qr(x).R), rnd([3, 5]), rnd([3, 5]));
  });

  it("qr mode 'complete' with m > n has no derivative: ValueError naming the op", () => {
    const x = rnd([4, 2]);
    const before = x.data();
    const f = (t: Tensor) => linalg.qr(t, { mode: 'complete' }).R;
    expect(() => jvp(f, [x], [rnd([4, 2])])).toThrow(ValueError);
    expect(() => jvp(f, [x], [rnd([4, 2])])).toThrow(
      "linalg.qr: the QR decomposition is not differentiable when mode='complete' and m > n (input is 4 x 2); use mode='reduced'",
    );
    expect(x.data()).toEqual(before);
  });
});

describe('jvp of the spectral decompositions vs finite differences (gauge-free quantities)', () => {
  it('eigh: eigenvalues, per-vector projectors v v^T, V diag(w) V^T; adjoint to its vjp; eigvalsh', () => {
    const a = spreadSym(4);
    const t = symm(rnd([4, 4]));
    const f = (x: Tensor) => {
      const { eigenvalues: w, eigenvectors: v } = linalg.eigh(x);
      return flat(w, outers(v), v.mul(w.unsqueeze(0)).matmul(mT(v)));
    };
    checkJvp(f, [a], [t]);
    checkJvp((x) => outers(linalg.eigh(x, { uplo: 'U' }).eigenvectors), [a], [t]);
    checkAdjoint(f, a, rnd([4, 4]));
    checkJvp((x) => linalg.eigvalsh(x), [stack([a, spreadSym(4)])], [stack([t, symm(rnd([4, 4]))])]);
  });

  it('svd reduced (tall, wide, square): S, u u^T, v v^T, U S Vh; adjoint to its vjp; svdvals', () => {
    for (const [m, n] of [[5, 3], [3, 5], [3, 3]] as const) {
      const f = (x: Tensor) => {
        const { U, S, Vh } = linalg.svd(x, { fullMatrices: false });
        return flat(S, outers(U), outers(mT(Vh)), U.mul(S.unsqueeze(0)).matmul(Vh));
      };
      checkJvp(f, [spreadSvd(m, n)], [rnd([m, n])]);
      checkAdjoint(f, spreadSvd(m, n), rnd([m, n]));
      checkJvp((x) => linalg.svdvals(x), [spreadSvd(m, n)], [rnd([m, n])]);
    }
  });

  it('svd full matrices: the first k vectors as reduced, the completion columns get zero tangent (PyTorch)', () => {
    const a = spreadSvd(5, 3);
    const t = rnd([5, 3]);
    checkJvp((x) => flat(outers(linalg.svd(x).U.narrow(1, 0, 3)), linalg.svd(x).S, outers(mT(linalg.svd(x).Vh))), [a], [t]);
    const [, du] = jvp((x) => linalg.svd(x).U.narrow(1, 3, 2), [a], [t]);
    expect(du.abs().max().item()).toBe(0);
    const [, dvh] = jvp((x) => linalg.svd(x).Vh.narrow(0, 3, 2), [mT(a)], [mT(t)]);
    expect(dvh.abs().max().item()).toBe(0);
  });

  it('pinv (tall, wide, batched) and adjoint to its vjp', () => {
    checkJvp((x) => linalg.pinv(x), [rnd([2, 5, 3])], [rnd([2, 5, 3])]);
    checkJvp((x) => linalg.pinv(x), [rnd([3, 4])], [rnd([3, 4])]);
    checkAdjoint((x) => linalg.pinv(x), rnd([4, 2]), rnd([4, 2]));
  });
});

describe('jvp composed with vmap, and jacfwd = jacrev', () => {
  it('vmap(jvp(f)) equals the loop of jvp(f) (det reads no values under vmap: the cofactor path)', () => {
    const xs = rnd([3, 3, 3]);
    const ts = rnd([3, 3, 3]);
    const spread = constMatrix(3, 3, 'float64', (i, j) => (i === j ? 3 * i : 0));
    const eig = (x: Tensor) => {
      const { eigenvalues, eigenvectors } = linalg.eigh(symm(x).add(spread));
      return flat(eigenvalues, outers(eigenvectors));
    };
    for (const f of [(x: Tensor) => linalg.det(x), eig, (x: Tensor) => linalg.qr(x).R, (x: Tensor) => linalg.svd(x).S]) {
      const jv = (x: Tensor, t: Tensor) => jvp(f, [x], [t])[1];
      close(vmap(jv)(xs, ts), stack([0, 1, 2].map((i) => jv(xs.select(0, i), ts.select(0, i)))), 1e-12);
    }
  });

  it('jvp(vmap(f)) equals the batched jvp, and jacfwd = jacrev for cholesky and svdvals', () => {
    const a = spd([3, 3, 3]);
    const t = symm(rnd([3, 3, 3]));
    close(jvp(vmap((x: Tensor) => linalg.cholesky(x)), [a], [t])[1], jvp((x) => linalg.cholesky(x), [a], [t])[1], 1e-12);
    const chol = (x: Tensor) => linalg.cholesky(symm(x));
    close(jacfwd(chol)(a.select(0, 0)), jacrev(chol)(a.select(0, 0)), 1e-12);
    const sv = (x: Tensor) => linalg.svdvals(x);
    const b = spreadSvd(4, 3);
    close(jacfwd(sv)(b), jacrev(sv)(b), 1e-12);
  });

  it('second order: hessian (jacfwd of jacrev) and jacfwd(jacfwd) of log|det A| are -A^-1[j, k] A^-1[l, i]', () => {
    const a = rnd([3, 3]).add(eye(3, 3));
    const ai = linalg.inv(a);
    const want = ai.reshape([1, 3, 3, 1]).mul(mT(ai).reshape([3, 1, 1, 3])).neg();
    const logdet = (x: Tensor) => linalg.slogdet(x).logabsdet;
    close(hessian(logdet)(a), want, 1e-12);
    close(jacfwd(jacfwd(logdet))(a), want, 1e-12);
    const d = linalg.det(a).item(); // det's: d^2 det = det (A^-T (x) A^-T - A^-1[j, k] A^-1[l, i])
    close(jacfwd(jacfwd((x: Tensor) => linalg.det(x)))(a), want.add(mT(ai).reshape([3, 3, 1, 1]).mul(mT(ai).reshape([1, 1, 3, 3]))).mul(d), 1e-11);
  });
});
