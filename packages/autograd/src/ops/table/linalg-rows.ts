import fc from 'fast-check';
import * as linalg from '../../linalg/index.js';
import { cols, constMatrix, diagonal, identity, mT } from '../../linalg/util.js';
import { arbTensor } from '../../testing/arbitraries.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { OpRow, RefResult } from './harness.js';
import * as R from './linalg-reference.js';

const row = (name: string, fn: OpRow['fn'], ref: OpRow['ref'], inputs: OpRow['inputs'], extra: Partial<OpRow> = {}): OpRow =>
  ({ name, fn, ref, inputs, twice: true, ...extra });

const batchShape = fc.constantFrom<number[]>([], [2], [1, 2]);
const order = fc.integer({ min: 1, max: 3 });
/** Tensors [...batch, r(n), c(n)] (plus more of related shapes), entries in [lo, hi]. */
const gen = (lo: number, hi: number, ...shapes: ((n: number, k: number) => number[])[]) =>
  fc.tuple(batchShape, order, fc.integer({ min: 1, max: 3 })).chain(([b, n, k]) =>
    fc.tuple(...shapes.map((s) => arbTensor({ shape: [...b, ...s(n, k)], min: lo, max: hi }))));
const sq = (n: number) => [n, n];
/** A [..batch, n, n] with B [n, k] (aBatched), or A [n, n] with B [..batch, n, k]: one side broadcasts. */
const pair = (aBatched: boolean) => fc.tuple(fc.constantFrom<number[]>([2], [3, 2], [2, 1]), order, order).chain(([b, p, k]) =>
  fc.tuple(arbTensor({ shape: [...(aBatched ? b : []), p, p], min: -1, max: 1 }), arbTensor({ shape: [...(aBatched ? [] : b), p, k], min: -1, max: 1 })));

const n = (x: Tensor) => x.shape[x.ndim - 1]!;
const batchOf = (x: Tensor, drop = 2) => x.shape.slice(0, -drop);
/** x + c I: with entries in [-1, 1] and c = 3 (n <= 3) the matrix is diagonally dominant, so well conditioned. */
const shifted = (x: Tensor, c = 3) => x.add(identity(n(x), x.dtype).mul(c));
const spd = (x: Tensor) => x.matmul(mT(x)).add(identity(n(x), x.dtype));
/** Symmetric with eigenvalues in disjoint Gershgorin discs around 0, 5, 10 (entries of x in [-0.4, 0.4]). */
const sym = (x: Tensor) => x.add(mT(x)).add(constMatrix(n(x), n(x), x.dtype, (i, j) => (i === j ? 5 * i : 0)));
/** m x n with singular values near 5, 3, 1 (gaps of 2; entries of x in [-0.2, 0.2]). */
const spread = (x: Tensor) => {
  const [r, c] = x.shape.slice(-2) as [number, number];
  return x.add(constMatrix(r, c, x.dtype, (i, j) => (i === j ? 5 - 2 * i : 0)));
};
/** Q and R with R's diagonal made positive (Q's columns and R's rows flipped together), a unique gauge. */
const gaugeQr = (x: Tensor) => {
  const { Q, R: r } = linalg.qr(x);
  const d = diagonal(cols(r.detach(), 0, r.shape[r.ndim - 2]!));
  return { Q: Q.mul(d.sign().unsqueeze(-2)), R: r.mul(d.sign().unsqueeze(-1)) };
};

/** Applies a plain-JS map to every matrix of x (after the same transform the row's fn applies). */
const per = (x: Tensor, f: (a: R.Mat) => R.Mat | number[] | number, inner: number[]): RefResult =>
  R.fromMats(batchOf(x), R.mats(x).map(f), inner);

export const linalgRows: OpRow[] = [
  row('linalg.cholesky', (x) => linalg.cholesky(spd(x!)), (x) => per(spd(x!), R.cholesky, sq(n(x!))), gen(-1, 1, sq)),
  row('linalg.cholesky (upper)', (x) => linalg.cholesky(spd(x!), { upper: true }), (x) => per(spd(x!), (a) => R.transpose(R.cholesky(a)), sq(n(x!))), gen(-1, 1, sq)),
  row('linalg.solveTriangular (lower, left)', (a, b) => linalg.solveTriangular(shifted(a!), b!, { upper: false }),
    (a, b) => R.fromMats(batchOf(b!), R.mats(shifted(a!)).map((m, i) => R.mul(R.inv(m.map((r, p) => r.map((v, q) => (q <= p ? v : 0)))), R.mats(b!)[i]!)), b!.shape.slice(-2)),
    gen(-1, 1, sq, (p, k) => [p, k])),
  row('linalg.solveTriangular (upper, right, unitriangular)', (a, b) => linalg.solveTriangular(a!, b!, { upper: true, left: false, unitriangular: true }),
    (a, b) => R.fromMats(batchOf(b!), R.mats(a!).map((m, i) => R.mul(R.mats(b!)[i]!, R.inv(m.map((r, p) => r.map((v, q) => (q === p ? 1 : q > p ? v : 0)))))), b!.shape.slice(-2)),
    gen(-1, 1, sq, (p, k) => [k, p])),
  row('linalg.solve', (a, b) => linalg.solve(shifted(a!), b!),
    (a, b) => R.fromMats(batchOf(b!), R.mats(shifted(a!)).map((m, i) => R.mul(R.inv(m), R.mats(b!)[i]!)), b!.shape.slice(-2)), gen(-1, 1, sq, (p, k) => [p, k])),
  row('linalg.solve (batch of vectors, left: false)', (a, b) => linalg.solve(shifted(a!), b!.sum(-1), { left: false }),
    (a, b) => {
      const vs = R.mats(b!).map((m) => m.map((r) => r.reduce((s, v) => s + v, 0)));
      return R.fromMats(batchOf(b!), R.mats(shifted(a!)).map((m, i) => R.mul([vs[i]!], R.inv(m))[0]!), [n(a!)]);
    }, gen(-1, 1, sq, (p, k) => [p, k])),
  row('linalg.solve (A batched, B broadcast)', (a, b) => linalg.solve(shifted(a!), b!),
    (a, b) => R.fromMats(batchOf(a!), R.mats(shifted(a!)).map((m) => R.mul(R.inv(m), R.mats(b!)[0]!)), b!.shape.slice()), pair(true)),
  row('linalg.solveTriangular (A broadcast, B batched)', (a, b) => linalg.solveTriangular(shifted(a!), b!, { upper: true }),
    (a, b) => {
      const t = R.mats(shifted(a!))[0]!.map((r, p) => r.map((v, q) => (q >= p ? v : 0)));
      return R.fromMats(batchOf(b!), R.mats(b!).map((m) => R.mul(R.inv(t), m)), b!.shape.slice(-2));
    }, pair(false)),
  row('linalg.inv', (x) => linalg.inv(shifted(x!)), (x) => per(shifted(x!), R.inv, sq(n(x!))), gen(-1, 1, sq)),
  row('linalg.det', (x) => linalg.det(shifted(x!, 2)), (x) => per(shifted(x!, 2), R.det, []), gen(-1, 1, sq)),
  row('linalg.slogdet logabsdet', (x) => linalg.slogdet(shifted(x!, -3)).logabsdet, (x) => per(shifted(x!, -3), (a) => Math.log(Math.abs(R.det(a))), []), gen(-1, 1, sq)),
  row('linalg.slogdet sign', (x) => linalg.slogdet(shifted(x!, -3)).sign, (x) => per(shifted(x!, -3), (a) => Math.sign(R.det(a)), []), gen(-1, 1, sq), { noGrad: true }),
  row('linalg.qr Q (tall, sign-fixed)', (x) => gaugeQr(spread(x!)).Q, (x) => per(spread(x!), (a) => R.qr(a).q, x!.shape.slice(-2)), gen(-0.2, 0.2, (p, k) => [p + k - 1, p])),
  row('linalg.qr R (tall, sign-fixed)', (x) => gaugeQr(spread(x!)).R, (x) => per(spread(x!), (a) => R.qr(a).r, [n(x!), n(x!)]), gen(-0.2, 0.2, (p, k) => [p + k - 1, p])),
  row('linalg.qr Q and R (wide, sign-fixed)', (x) => { const f = gaugeQr(spread(x!)); return f.Q.matmul(f.R.slice([...batchOf(x!).map(() => [] as const), [], [0, 1]])).add(f.R.sum([-2, -1], true)); },
    (x) => per(spread(x!), (a) => { const f = R.qr(a); const qr0 = R.mul(f.q, f.r.map((r) => [r[0]!])); const s = f.r.flat().reduce((p, v) => p + v, 0); return qr0.map((r) => r.map((v) => v + s)); }, [x!.shape[x!.ndim - 2]!, 1]),
    gen(-0.2, 0.2, (p, k) => [p, p + k])),
  row('linalg.eigvalsh', (x) => linalg.eigvalsh(sym(x!)), (x) => per(sym(x!), R.symEigvals, [n(x!)]), gen(-0.4, 0.4, sq)),
  row('linalg.eigh eigenvalues (uplo U)', (x) => linalg.eigh(sym(x!), { uplo: 'U' }).eigenvalues, (x) => per(sym(x!), R.symEigvals, [n(x!)]), gen(-0.4, 0.4, sq)),
  row('linalg.eigh V diag(λ) V^T', (x) => { const { eigenvalues: l, eigenvectors: v } = linalg.eigh(sym(x!)); return v.mul(l.unsqueeze(-2)).matmul(mT(v)); },
    (x) => per(sym(x!), (a) => a, sq(n(x!))), gen(-0.4, 0.4, sq)),
  row('linalg.svdvals', (x) => linalg.svdvals(spread(x!)), (x) => per(spread(x!), R.singularValues, [Math.min(...x!.shape.slice(-2))]), gen(-0.2, 0.2, (p, k) => [p, k])),
  row('linalg.svd S (full matrices)', (x) => linalg.svd(spread(x!)).S, (x) => per(spread(x!), R.singularValues, [Math.min(...x!.shape.slice(-2))]), gen(-0.2, 0.2, (p, k) => [p, k])),
  row('linalg.svd U diag(S) Vh (reduced)', (x) => { const { U, S, Vh } = linalg.svd(spread(x!), { fullMatrices: false }); return U.mul(S.unsqueeze(-2)).matmul(Vh); },
    (x) => per(spread(x!), (a) => a, x!.shape.slice(-2)), gen(-0.2, 0.2, (p, k) => [p, k])),
];
