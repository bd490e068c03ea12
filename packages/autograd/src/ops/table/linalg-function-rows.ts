import fc from 'fast-check';
import * as linalg from '../../linalg/index.js';
import { constMatrix, identity, mT } from '../../linalg/util.js';
import { arbTensor } from '../../testing/arbitraries.js';
import { tensor } from '../../creation/tensor.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { OpRow, RefResult } from './harness.js';
import * as R from './linalg-reference.js';

const row = (name: string, fn: OpRow['fn'], ref: OpRow['ref'], inputs: OpRow['inputs'], extra: Partial<OpRow> = {}): OpRow =>
  ({ name, fn, ref, inputs, twice: true, ...extra });
const batchShape = fc.constantFrom<number[]>([], [2], [1, 2]);
const genAvoiding = (avoid: [number, number][]) => (lo: number, hi: number, ...shapes: ((n: number, k: number) => number[])[]) =>
  fc.tuple(batchShape, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([b, n, k]) =>
    fc.tuple(...shapes.map((s) => arbTensor({ shape: [...b, ...s(n, k)], min: lo, max: hi, avoid }))));
const gen = genAvoiding([]);
/** Entries kept 0.05 away from 0, the kink of |x| (and of the Frobenius norm at the zero matrix). */
const genNonzero = genAvoiding([[0, 0.05]]);
const sq = (n: number) => [n, n];
const n = (x: Tensor) => x.shape[x.ndim - 1]!;
const batchOf = (x: Tensor) => x.shape.slice(0, -2);
const shifted = (x: Tensor, c = 3) => x.add(identity(n(x), x.dtype).mul(c));
/** m x n with singular values near 5, 3, 1 (entries of x in [-0.2, 0.2]). */
const spread = (x: Tensor) => {
  const [r, c] = x.shape.slice(-2) as [number, number];
  return x.add(constMatrix(r, c, x.dtype, (i, j) => (i === j ? 5 - 2 * i : 0)));
};
const per = (x: Tensor, f: (a: R.Mat) => R.Mat | number[] | number, inner: number[]): RefResult => R.fromMats(batchOf(x), R.mats(x).map(f), inner);
const abs = (a: R.Mat) => a.map((r) => r.map(Math.abs));
const colSums = (a: R.Mat) => R.transpose(abs(a)).map((c) => c.reduce((s, v) => s + v, 0));
const rowSums = (a: R.Mat) => abs(a).map((r) => r.reduce((s, v) => s + v, 0));
const fro = (a: R.Mat) => Math.sqrt(a.flat().reduce((s, v) => s + v * v, 0));
const lsq = (a: R.Mat) => R.mul(R.inv(R.mul(R.transpose(a), a)), R.transpose(a)); // (A^T A)^-1 A^T for full column rank
const expm = (a: R.Mat) => {
  let term: R.Mat = a.map((r, i) => r.map((_, j) => (i === j ? 1 : 0)));
  let sum = term;
  for (let k = 1; k < 80; k++) {
    term = R.mul(term, a).map((r) => r.map((v) => v / k));
    sum = sum.map((r, i) => r.map((v, j) => v + term[i]![j]!));
  }
  return sum;
};
/** Rows whose entries are a vector's elements: vectors of length n (batched), entries away from 0. */
const vecs = fc.tuple(batchShape, fc.integer({ min: 1, max: 5 })).chain(([b, k]) => {
  const size = b.reduce((p, d) => p * d, k);
  return fc.tuple(arbTensor({ shape: [...b, k], min: 0.3, max: 2 }), fc.array(fc.boolean(), { minLength: size, maxLength: size }))
    .map(([t, signs]) => [t.mul(tensor(signs.map((s) => (s ? 1 : -1)), { dtype: 'float64', shape: [...b, k] }))]);
});
const lastAxis = (t: Tensor, f: (v: number[]) => number): RefResult => {
  const k = t.shape.at(-1)!;
  const d = Array.from(t.data());
  return { shape: t.shape.slice(0, -1), data: Array.from({ length: d.length / k }, (_, i) => f(d.slice(i * k, (i + 1) * k))) };
};

export const linalgFunctionRows: OpRow[] = [
  row('linalg.vectorNorm (ord 2)', (x) => linalg.vectorNorm(x!, 2, -1), (x) => lastAxis(x!, (v) => Math.hypot(...v)), vecs),
  row('linalg.vectorNorm (ord 3, options)', (x) => linalg.vectorNorm(x!, { ord: 3, axis: -1 }), (x) => lastAxis(x!, (v) => v.reduce((s, a) => s + Math.abs(a) ** 3, 0) ** (1 / 3)), vecs),
  row('linalg.vectorNorm (ord -1)', (x) => linalg.vectorNorm(x!, -1, -1), (x) => lastAxis(x!, (v) => v.reduce((s, a) => s + 1 / Math.abs(a), 0) ** -1), vecs),
  row('linalg.matrixNorm fro', (x) => linalg.matrixNorm(x!), (x) => per(x!, fro, []), genNonzero(-2, 2, (p, k) => [p, k])),
  row('linalg.matrixNorm nuc', (x) => linalg.matrixNorm(spread(x!), { ord: 'nuc' }), (x) => per(spread(x!), (a) => R.singularValues(a).reduce((s, v) => s + v, 0), []), gen(-0.2, 0.2, (p, k) => [p, k])),
  row('linalg.matrixNorm 2', (x) => linalg.matrixNorm(spread(x!), { ord: 2 }), (x) => per(spread(x!), (a) => R.singularValues(a)[0]!, []), gen(-0.2, 0.2, (p, k) => [p, k])),
  row('linalg.matrixNorm -2', (x) => linalg.matrixNorm(spread(x!), { ord: -2 }), (x) => per(spread(x!), (a) => R.singularValues(a).at(-1)!, []), gen(-0.2, 0.2, (p, k) => [p, k])),
  row('linalg.matrixNorm 1 / -1 / Infinity / -Infinity (distinct sums)', (x) => {
    const y = spread(x!);
    return linalg.matrixNorm(y, { ord: 1 }).add(linalg.matrixNorm(y, { ord: -1 }).mul(2)).add(linalg.matrixNorm(y, { ord: Infinity }).mul(3)).add(linalg.matrixNorm(y, { ord: -Infinity }).mul(4));
  }, (x) => per(spread(x!), (a) => Math.max(...colSums(a)) + 2 * Math.min(...colSums(a)) + 3 * Math.max(...rowSums(a)) + 4 * Math.min(...rowSums(a)), []),
  // Piecewise linear: the second derivative is 0, and at tied sums the first one jumps, so no gradgradcheck.
  genNonzero(-0.2, 0.2, (p, k) => [p, k]), { twice: false }),
  row('linalg.matrixNorm (axis [0, -1], keepDims)', (x) => linalg.matrixNorm(x!, { axis: [0, -1], keepDims: true }),
    (x) => {
      const t = x!.permute(1, 0, 2);
      return { shape: [1, x!.shape[1]!, 1], data: R.mats(t).map(fro) };
    }, fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain((s) => arbTensor({ shape: s, min: -2, max: 2, avoid: [[0, 0.05]] }).map((t) => [t]))),
  row('linalg.cond (2)', (x) => linalg.cond(spread(x!)), (x) => per(spread(x!), (a) => R.singularValues(a)[0]! / R.singularValues(a).at(-1)!, []), gen(-0.2, 0.2, (p, k) => [p, k])),
  row("linalg.cond ('fro')", (x) => linalg.cond(shifted(x!), 'fro'), (x) => per(shifted(x!), (a) => fro(a) * fro(R.inv(a)), []), gen(-1, 1, sq)),
  row('linalg.pinv (tall and square)', (x) => linalg.pinv(spread(x!)), (x) => per(spread(x!), lsq, [n(x!), x!.shape.at(-2)!]), gen(-0.2, 0.2, (p, k) => [p + k - 1, p])),
  row('linalg.pinv (wide)', (x) => linalg.pinv(spread(mT(x!))), (x) => per(spread(mT(x!)), (a) => R.transpose(lsq(R.transpose(a))), [x!.shape.at(-2)!, n(x!)]), gen(-0.2, 0.2, (p, k) => [p + k - 1, p])),
  row('linalg.matrixPower (3, -2, 0)', (x) => { const y = shifted(x!); return linalg.matrixPower(y, 3).add(linalg.matrixPower(y, -2)).add(linalg.matrixPower(y, 0)); },
    (x) => per(shifted(x!), (a) => { const i2 = R.mul(R.inv(a), R.inv(a)); const a3 = R.mul(R.mul(a, a), a); return a3.map((r, i) => r.map((v, j) => v + i2[i]![j]! + (i === j ? 1 : 0))); }, sq(n(x!))), gen(-1, 1, sq)),
  row('linalg.matrixExp', (x) => linalg.matrixExp(x!), (x) => per(x!, expm, sq(n(x!))), gen(-1, 1, sq)),
  row('linalg.lstsq solution', (a, b) => linalg.lstsq(spread(a!), b!).solution, (a, b) => R.fromMats(batchOf(a!), R.mats(spread(a!)).map((m, i) => R.mul(lsq(m), R.mats(b!)[i]!)), [n(a!), n(b!)]),
    gen(-0.2, 0.2, (p, k) => [p + k - 1, p], (p, k) => [p + k - 1, 2])),
  row('linalg.multiDot (1-D ends)', (a, b, c) => linalg.multiDot([a!.reshape([-1]), b!, c!, a!.reshape([-1])]),
    (a, b, c) => ({ shape: [], data: [R.mul(R.mul(R.mul([Array.from(a!.data())], R.mats(b!)[0]!), R.mats(c!)[0]!), R.transpose([Array.from(a!.data())]))[0]![0]!] }),
    fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).chain(([p, q]) =>
      fc.tuple(arbTensor({ shape: [p] }), arbTensor({ shape: [p, q] }), arbTensor({ shape: [q, p] })))),
];
