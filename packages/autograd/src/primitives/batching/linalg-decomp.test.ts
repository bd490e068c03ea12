import { describe, expect, it } from 'vitest';
import { randn } from '../../creation/random.js';
import { grad } from '../../autodiff/functional.js';
import { ValueError } from '../../errors.js';
import * as linalg from '../../linalg/index.js';
import { constMatrix, mT, tril } from '../../linalg/util.js';
import { stack } from '../../ops/join.js';
import { Generator } from '../../random.js';
import type { Tensor } from '../../tensor/tensor.js';
import { vmap } from '../../transforms/vmap.js';
import { apply } from '../apply.js';

// vmap of the decomposition primitives (linalgCholesky, linalgSolveTriangular, linalgLuSolve, linalgDet,
// linalgLogAbsDet, linalgQr, linalgEigh, linalgEigvalsh, linalgSvd, linalgSvdvals, linalgPinv) through the
// public linalg ops, against the stacked loop; and vmap(grad(f)) against a loop of grad(f).
const gen = new Generator(23);
const rnd = (shape: readonly number[]) => randn(shape, { dtype: 'float64', generator: gen });
const eye = (n: number, s = 1) => constMatrix(n, n, 'float64', (i, j) => (i === j ? s : 0));
/** Symmetric positive definite: M M^T + n I over the last two axes. */
const spd = (shape: readonly number[]) => {
  const m = rnd(shape);
  return m.matmul(mT(m)).add(eye(shape.at(-1)!, shape.at(-1)!));
};
/** Lower triangular with a diagonal near 2 (well conditioned). */
const lowerTri = (shape: readonly number[]) => tril(rnd(shape).mul(0.5)).add(eye(shape.at(-1)!, 2));

/** Stacks f over the examples: slice i of each argument along its axis (null: the argument is shared). */
function loop(f: (...xs: Tensor[]) => Tensor, args: Tensor[], axes: (number | null)[]): Tensor {
  const k = axes.findIndex((a) => a !== null);
  const size = args[k]!.shape[axes[k]!]!;
  return stack(Array.from({ length: size }, (_, i) => f(...args.map((x, j) => (axes[j] === null ? x : x.select(axes[j]!, i))))));
}

/** max |a - b| <= tol * (1 + max |b|), shapes equal. */
function close(a: Tensor, b: Tensor, tol = 1e-12): void {
  expect(a.shape).toEqual(b.shape);
  expect(a.sub(b).abs().max().item()).toBeLessThanOrEqual(tol * (1 + b.abs().max().item()));
}

/** vmap(f) with these inAxes equals the loop (inAxes default 0 when omitted). */
function checkVmap(f: (...xs: Tensor[]) => Tensor, args: Tensor[], axes: (number | null)[] = args.map(() => 0), tol = 1e-12): void {
  close(vmap(f, { inAxes: axes })(...args), loop(f, args, axes), tol);
}

describe('vmap of the decomposition primitives equals the stacked loop', () => {
  it('cholesky (lower and upper; the batch at axis 0, at axis 2, and examples that are batches themselves)', () => {
    const a = spd([4, 3, 3]);
    checkVmap((x) => linalg.cholesky(x), [a]);
    checkVmap((x) => linalg.cholesky(x, { upper: true }), [a.movedim(0, 2)], [2]);
    checkVmap((x) => linalg.cholesky(x), [spd([3, 2, 4, 4])]);
  });

  it('solveTriangular: both batched, A shared (null), B shared, the batch of B at axis 2, left: false, unitriangular', () => {
    const a = lowerTri([4, 3, 3]);
    const b = rnd([4, 3, 2]);
    const lower = (x: Tensor, y: Tensor) => linalg.solveTriangular(x, y, { upper: false });
    checkVmap(lower, [a, b]);
    checkVmap(lower, [a.select(0, 1), b], [null, 0]);
    checkVmap(lower, [a, b.select(0, 0)], [0, null]);
    checkVmap(lower, [a, b.movedim(0, 2)], [0, 2]);
    checkVmap((x, y) => linalg.solveTriangular(x, y, { upper: true, left: false, unitriangular: true }), [mT(a), mT(b)]);
    checkVmap((x, y) => linalg.solveTriangular(x, y, { upper: true }), [mT(a).select(0, 2), rnd([3, 2, 3, 5])], [null, 1]);
  });

  it('solve and inv (LU): both batched, A shared (null), B shared, a vector right-hand side, the batch at axis 1', () => {
    const a = rnd([5, 3, 3]).add(eye(3, 3));
    const b = rnd([5, 3, 2]);
    const solve = (x: Tensor, y: Tensor) => linalg.solve(x, y);
    checkVmap(solve, [a, b]);
    checkVmap(solve, [a.select(0, 0), b], [null, 0]);
    checkVmap(solve, [a, b.select(0, 0)], [0, null]);
    checkVmap(solve, [a.movedim(0, 1), rnd([3, 5])], [1, 1]);
    checkVmap((x, y) => linalg.solve(x, y, { left: false }), [a.select(0, 3), rnd([2, 5, 3])], [null, 1]);
    checkVmap((x) => linalg.inv(x), [a.movedim(0, 2)], [2]);
  });

  it('det, slogdet (its sign is computed on the whole batch) and the log|det| primitive', () => {
    const a = rnd([4, 3, 3]);
    checkVmap((x) => linalg.det(x), [a]);
    checkVmap((x) => linalg.det(x), [rnd([3, 4, 2, 2])], [1]);
    checkVmap((x) => apply('linalgLogAbsDet', [x], {}), [rnd([4, 2, 3, 3])]);
    checkVmap((x) => linalg.slogdet(x).sign, [rnd([5, 3, 3])]);
    checkVmap((x) => linalg.slogdet(x).logabsdet, [rnd([3, 2, 3, 3])], [1]);
    const x = rnd([2, 3, 4, 4]);
    close(vmap(vmap((m: Tensor) => linalg.det(m)))(x), linalg.det(x));
  });

  it('qr: reduced tall and wide, complete, and mode r', () => {
    checkVmap((x) => linalg.qr(x).Q, [rnd([4, 5, 3])]);
    checkVmap((x) => linalg.qr(x).R, [rnd([4, 3, 5]).movedim(0, 1)], [1]);
    checkVmap((x) => linalg.qr(x, { mode: 'complete' }).Q, [rnd([3, 2, 5, 3])]);
    checkVmap((x) => linalg.qr(x, { mode: 'r' }).R, [rnd([3, 4, 4])]);
  });

  it('eigh and eigvalsh (both triangles read)', () => {
    const a = rnd([4, 4, 4]);
    checkVmap((x) => linalg.eigh(x).eigenvalues, [a]);
    checkVmap((x) => linalg.eigh(x, { uplo: 'U' }).eigenvectors, [a.movedim(0, 2)], [2]);
    checkVmap((x) => linalg.eigvalsh(x, { uplo: 'U' }), [rnd([3, 2, 3, 3])]);
  });

  it('svd (full and reduced, tall and wide), svdvals and pinv', () => {
    checkVmap((x) => linalg.svd(x).U, [rnd([3, 5, 3])]);
    checkVmap((x) => linalg.svd(x).Vh, [rnd([3, 3, 5])]);
    checkVmap((x) => linalg.svd(x, { fullMatrices: false }).S, [rnd([3, 4, 2]).movedim(0, 2)], [2]);
    checkVmap((x) => linalg.svdvals(x), [rnd([2, 3, 4, 2])]);
    checkVmap((x) => linalg.pinv(x), [rnd([4, 3, 5])]);
    checkVmap((x) => linalg.pinv(x, { atol: 0.5 }), [rnd([4, 5, 3]).movedim(0, 1)], [1]);
  });
});

describe('vmap of the decompositions: errors name the batched input', () => {
  it('a non-positive-definite example: ValueError naming the op, the example and the batched shape', () => {
    const a = spd([3, 2, 2]);
    const bad = stack([a.select(0, 0), eye(2, -1), a.select(0, 2)]);
    const before = bad.data();
    expect(() => vmap((x: Tensor) => linalg.cholesky(x))(bad)).toThrow(ValueError);
    expect(() => vmap((x: Tensor) => linalg.cholesky(x))(bad)).toThrow(
      'linalg.cholesky: batch element 1 of input [3,2,2]: the input is not positive-definite (the leading minor of order 1 is not positive-definite)',
    );
    expect(bad.data()).toEqual(before);
  });

  it('a singular shared A: ValueError naming the per-example shape', () => {
    const singular = constMatrix(2, 2, 'float64', (i, j) => (i + 1) * (j + 1)); // rank 1: [[1, 2], [2, 4]]
    const b = rnd([4, 2, 1]);
    const before = b.data();
    const solveShared = vmap((x: Tensor, y: Tensor) => linalg.solve(x, y), { inAxes: [null, 0] });
    expect(() => solveShared(singular, b)).toThrow(ValueError);
    expect(() => solveShared(singular, b)).toThrow(/^linalg\.solve: input \[2,2\]: the input is singular \(U\[1, 1\] of its LU factorization is exactly zero\)$/);
    expect(b.data()).toEqual(before);
    expect(singular.data()).toEqual(Float64Array.from([1, 2, 2, 4]));
  });
});

describe('vmap(grad(f)) equals a loop of grad(f) (per-example gradients)', () => {
  const perExample = (f: (x: Tensor) => Tensor, xs: Tensor) => close(vmap(grad(f))(xs), loop(grad(f), [xs], [0]));
  it('cholesky, solve, inv, solveTriangular', () => {
    perExample((x) => linalg.cholesky(x).sin().sum(), spd([3, 3, 3]));
    const b = rnd([3, 2]);
    perExample((x) => linalg.solve(x, b).square().sum(), rnd([4, 3, 3]).add(eye(3, 3)));
    perExample((x) => linalg.inv(x).sum(), rnd([4, 3, 3]).add(eye(3, 3)));
    perExample((x) => linalg.solveTriangular(x, b, { upper: false }).cos().sum(), lowerTri([4, 3, 3]));
  });
  it('qr, eigvalsh, svdvals, pinv', () => {
    perExample((x) => linalg.qr(x).R.square().sum().add(linalg.qr(x).Q.sum()), rnd([3, 4, 3]));
    perExample((x) => linalg.eigvalsh(x).mul(constMatrix(1, 3, 'float64', (_, j) => j + 1)).sum(), rnd([3, 3, 3]));
    perExample((x) => linalg.svdvals(x).exp().sum(), rnd([3, 4, 2]));
    perExample((x) => linalg.pinv(x).sin().sum(), rnd([3, 2, 4]));
  });
  it('det, eigh and svd (their rules check values over the whole batch)', () => {
    perExample((x) => linalg.det(x), rnd([4, 3, 3]));
    const sym = rnd([4, 3, 3]);
    perExample((x) => { const e = linalg.eigh(x); return e.eigenvectors.square().mul(e.eigenvalues).sum(); }, sym.add(mT(sym)));
    perExample((x) => { const e = linalg.svd(x); return e.U.abs().sum().add(e.S.sum()); }, rnd([4, 3, 3]));
  });
});
