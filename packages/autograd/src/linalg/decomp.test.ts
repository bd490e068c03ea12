import { describe, expect, it } from 'vitest';
import { tensor } from '../creation/tensor.js';
import { randn } from '../creation/random.js';
import { Generator } from '../random.js';
import { gradcheck, gradgradcheck } from '../testing/gradcheck.js';
import type { Tensor } from '../tensor/tensor.js';
import * as linalg from './index.js';
import { constMatrix, identity, mT } from './util.js';

const gen = (seed: number) => new Generator(seed);
const f64 = (shape: number[], seed: number) => randn(shape, { dtype: 'float64', generator: gen(seed) });
const maxAbs = (t: Tensor) => Math.max(0, ...Array.from(t.abs().data()));
/** Entries near the diagonal 5, 3, 1 plus a small random part: singular values well separated. */
const spread = (x: Tensor) => {
  const [r, c] = x.shape.slice(-2) as [number, number];
  return x.mul(0.1).add(constMatrix(r, c, 'float64', (i, j) => (i === j ? 5 - 2 * i : 0)));
};
const sym = (x: Tensor) => x.mul(0.1).add(mT(x.mul(0.1))).add(constMatrix(x.shape.at(-1)!, x.shape.at(-1)!, 'float64', (i, j) => (i === j ? 4 * i : 0)));
const orthonormalCols = (q: Tensor) => maxAbs(mT(q).matmul(q).sub(identity(q.shape.at(-1)!, 'float64')));

describe('linalg decompositions: factors (forward properties)', () => {
  it('qr complete: Q is orthogonal and Q R = A, for tall, wide and batched inputs', () => {
    for (const shape of [[5, 3], [3, 5], [2, 4, 4]]) {
      const a = f64(shape, 1);
      const { Q, R } = linalg.qr(a, { mode: 'complete' });
      expect(Q.shape).toEqual([...shape.slice(0, -1), shape.at(-2)!]);
      expect(orthonormalCols(Q)).toBeLessThan(1e-14);
      expect(maxAbs(Q.matmul(R).sub(a))).toBeLessThan(1e-13);
      expect(maxAbs(R.sub(R.mul(constMatrix(R.shape.at(-2)!, R.shape.at(-1)!, 'float64', (i, j) => (j >= i ? 1 : 0)))))).toBe(0);
    }
    expect(linalg.qr(f64([4, 3], 2), { mode: 'r' }).Q.shape).toEqual([0]);
  });

  it('svd full matrices: U and V orthogonal, U[:, :k] diag(S) Vh[:k] = A, also with a zero singular value', () => {
    const rankDeficient = tensor([[1, 2, 3], [2, 4, 6], [1, 0, 1], [0, 0, 0]], { dtype: 'float64' });
    for (const a of [f64([5, 3], 3), f64([3, 5], 4), f64([2, 3, 3], 5), rankDeficient]) {
      const { U, S, Vh } = linalg.svd(a);
      const k = S.shape.at(-1)!;
      expect(orthonormalCols(U)).toBeLessThan(1e-14);
      expect(orthonormalCols(mT(Vh))).toBeLessThan(1e-14);
      const red = linalg.svd(a, { fullMatrices: false });
      expect(red.U.shape.at(-1)).toBe(k);
      expect(maxAbs(red.U.mul(red.S.unsqueeze(-2)).matmul(red.Vh).sub(a))).toBeLessThan(1e-13);
      const s = Array.from(S.data());
      for (let i = 1; i < k; i++) if (i % k !== 0) expect(s[i]).toBeLessThanOrEqual(s[i - 1]!);
    }
    expect(linalg.svdvals(rankDeficient).data()[2]).toBeLessThan(1e-15);
  });

  it('eigh: orthonormal eigenvectors with A V = V diag(λ), ascending eigenvalues, uplo picks the triangle', () => {
    const a = sym(f64([3, 4, 4], 6));
    const { eigenvalues: l, eigenvectors: v } = linalg.eigh(a);
    expect(orthonormalCols(v)).toBeLessThan(1e-14);
    expect(maxAbs(a.matmul(v).sub(v.mul(l.unsqueeze(-2))))).toBeLessThan(1e-13);
    const lower = a.mul(constMatrix(4, 4, 'float64', (i, j) => (j <= i ? 1 : 0)));
    expect(maxAbs(linalg.eigvalsh(lower).sub(l))).toBeLessThan(1e-13);
    expect(maxAbs(linalg.eigvalsh(mT(lower), { uplo: 'U' }).sub(l))).toBeLessThan(1e-13);
  });
});

describe('linalg decompositions: larger and batched shapes', () => {
  it('qr, svd, eigh, cholesky and solve on [2, 3] batches of 7x5, 5x7 and 10x10 matrices', () => {
    for (const [m, n] of [[7, 5], [5, 7], [10, 10]] as const) {
      const a = f64([2, 3, m, n], 20 + m);
      const { Q, R } = linalg.qr(a);
      expect(maxAbs(Q.matmul(R).sub(a))).toBeLessThan(1e-13);
      expect(orthonormalCols(Q)).toBeLessThan(1e-14);
      const { U, S, Vh } = linalg.svd(a, { fullMatrices: false });
      expect(maxAbs(U.mul(S.unsqueeze(-2)).matmul(Vh).sub(a))).toBeLessThan(1e-13);
      expect(orthonormalCols(U)).toBeLessThan(1e-14);
      const g = a.matmul(mT(a)).add(identity(m, 'float64'));
      const { eigenvalues: l, eigenvectors: v } = linalg.eigh(g);
      expect(maxAbs(v.mul(l.unsqueeze(-2)).matmul(mT(v)).sub(g))).toBeLessThan(1e-12);
      const L = linalg.cholesky(g);
      expect(maxAbs(L.matmul(mT(L)).sub(g))).toBeLessThan(1e-12);
      const b = f64([2, 3, m, 2], 30 + m);
      expect(maxAbs(g.matmul(linalg.solve(g, b)).sub(b))).toBeLessThan(1e-12);
      expect(maxAbs(g.matmul(linalg.inv(g)).sub(identity(m, 'float64')))).toBeLessThan(1e-12);
    }
  });

  it('gradients on 4x4 and 5x3 batched inputs (cholesky, solve, qr, slogdet)', () => {
    const a = f64([2, 4, 4], 40);
    gradcheck((x) => linalg.cholesky(x.matmul(mT(x)).add(identity(4, 'float64'))), [a]);
    gradgradcheck((x) => linalg.solve(x.add(identity(4, 'float64').mul(4)), mT(x)), [a]);
    gradcheck((x) => { const { Q, R } = linalg.qr(spread(x)); return Q.sum().add(R.sum()); }, [f64([2, 5, 3], 41)]);
    gradgradcheck((x) => linalg.slogdet(x.add(identity(4, 'float64').mul(4))).logabsdet, [a]);
  });
});

describe('linalg decompositions: gradients of gauge-invariant losses (as PyTorch tests them)', () => {
  const w3 = tensor([1, 2, 3], { dtype: 'float64' });
  it('eigh: V diag(w) V^T and λ through createGraph', () => {
    const fn = (x: Tensor) => {
      const { eigenvalues: l, eigenvectors: v } = linalg.eigh(sym(x));
      return v.mul(w3).matmul(mT(v)).add(l.unsqueeze(-1));
    };
    for (const x of [f64([3, 3], 7), f64([2, 3, 3], 8)]) {
      gradcheck(fn, [x]);
      gradgradcheck(fn, [x]);
    }
  });

  it('svd: U diag(w) U^T, Vh^T diag(w) Vh and S, reduced and full, tall and wide', () => {
    for (const [shape, full] of [[[4, 3], false], [[3, 4], false], [[4, 3], true], [[2, 3, 5], true]] as const) {
      const fn = (x: Tensor) => {
        const { U, S, Vh } = linalg.svd(spread(x), { fullMatrices: full });
        const u = U.slice([...shape.slice(0, -2).map(() => [] as const), [], [0, 3]]);
        const vh = Vh.slice([...shape.slice(0, -2).map(() => [] as const), [0, 3]]);
        return u.mul(w3).matmul(mT(u)).sum().add(mT(vh).mul(w3).matmul(vh).sum([-2, -1]).mul(S.sum(-1)).sum());
      };
      const x = f64(shape.slice(), 9);
      gradcheck(fn, [x]);
      gradgradcheck(fn, [x]);
    }
  });

  it('qr complete with m <= n is differentiable; with m > n backward throws as PyTorch does', () => {
    const fn = (x: Tensor) => {
      const { Q, R } = linalg.qr(spread(x), { mode: 'complete' });
      return Q.matmul(R.mul(R)).add(Q.sum());
    };
    gradcheck(fn, [f64([3, 4], 10)]);
    gradgradcheck(fn, [f64([3, 4], 10)]);
    const leaf = randn([4, 3], { dtype: 'float64', requiresGrad: true, generator: gen(12) });
    const { Q } = linalg.qr(leaf, { mode: 'complete' });
    expect(() => Q.sum().backward()).toThrow("linalg.qr: the QR decomposition is not differentiable when mode='complete' and m > n (input is 4 x 3)");
  });

  it('eigvalsh and svdvals: gradients at repeated eigenvalues / singular values are finite (V diag(g) V^T)', () => {
    const leaf = tensor([[2, 0, 0], [0, 2, 0], [0, 0, 2]], { dtype: 'float64', requiresGrad: true });
    linalg.eigvalsh(leaf).mul(tensor([1, 2, 3], { dtype: 'float64' })).sum().backward();
    // Any orthonormal V works for a multiple of I; the trace of V diag(1,2,3) V^T is 6 whatever V is.
    expect(Array.from(leaf.grad!.data()).every(Number.isFinite)).toBe(true);
    expect(Array.from(leaf.grad!.data()).reduce((s, v, i) => s + (i % 4 === 0 ? v : 0), 0)).toBeCloseTo(6, 12);
    const leaf2 = tensor([[3, 0], [0, 3]], { dtype: 'float64', requiresGrad: true });
    linalg.svdvals(leaf2).sum().backward();
    expect(Array.from(leaf2.grad!.data())).toEqual([1, 0, 0, 1]);
  });

  it('det at a singular matrix: the gradient is the cofactor matrix (from the SVD), as PyTorch', () => {
    const a = tensor([[1, 2, 3], [2, 4, 6], [1, 0, 1]], { dtype: 'float64', requiresGrad: true });
    linalg.det(a).backward();
    const cof = [4, 4, -4, -2, -2, 2, 0, 0, 0];
    Array.from(a.grad!.data()).forEach((v, i) => expect(v).toBeCloseTo(cof[i]!, 12));
    gradcheck((x) => linalg.det(x), [tensor([[[1, 2], [2, 4]], [[2, 1], [1, 3]]], { dtype: 'float64' })]);
  });

  it('eigh and svd with only eigen/singular values used: finite gradients at repeated values', () => {
    const e = tensor([[1, 0], [0, 1]], { dtype: 'float64', requiresGrad: true });
    linalg.eigh(e).eigenvalues.mul(tensor([1, 1], { dtype: 'float64' })).sum().backward();
    expect(Array.from(e.grad!.data())).toEqual([1, 0, 0, 1]);
    const f = tensor([[2, 0, 0], [0, 2, 0]], { dtype: 'float64', requiresGrad: true });
    linalg.svd(f).S.sum().backward();
    expect(Array.from(f.grad!.data())).toEqual([1, 0, 0, 0, 1, 0]);
  });
});
