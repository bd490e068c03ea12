import fc from 'fast-check';
import { tensor } from '../../creation/tensor.js';
import { arbShape, arbTensor } from '../../testing/arbitraries.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { OpRow } from './harness.js';
import { at, build, indices } from './reference.js';
import { distinct } from './sort-rows.js';

const row = (name: string, fn: OpRow['fn'], ref: OpRow['ref'], inputs: OpRow['inputs'], extra: Partial<OpRow> = {}): OpRow =>
  ({ name, fn, ref, inputs, twice: true, ...extra });
const int = (shape: readonly number[], max: number, min = 0) => arbTensor({ shape, dtype: 'int32', min, max });

/** Per row of [rows, k], k distinct values in [0, n): a scatter index without repeats along axis 1. */
const distinctIndex = (rows: number, k: number, n: number) =>
  fc.array(fc.shuffledSubarray([...Array(n).keys()], { minLength: k, maxLength: k }), { minLength: rows, maxLength: rows })
    .map((r) => tensor(r.flat(), { dtype: 'int32', shape: [rows, k] }));

/** x [r, n], index [r, k] (distinct per row when `unique`), src [r, k + extra] (src may be larger than index). */
const scatterInputs = (unique: boolean, value: (shape: number[]) => fc.Arbitrary<Tensor> = (s) => arbTensor({ shape: s })) =>
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 0, max: 1 })).chain(([r, n, extra]) =>
    fc.integer({ min: 1, max: unique ? n : 4 }).chain((k) =>
      fc.tuple(value([r, n]), unique ? distinctIndex(r, k, n) : int([r, k], n - 1), value([r, k + extra])).map(([x, i, s]) => [x, i, s])));

/** Plain-JS scatter along axis 1 of 2-D x: combine(list of values landing on a cell, x's value) per cell. */
function scatterRef(x: Tensor, i: Tensor, s: Tensor, combine: (vals: number[], self: number) => number) {
  const dx = x.data(), di = i.data(), ds = s.data();
  const hits: number[][] = Array.from({ length: x.size }, () => []);
  for (const [r, j] of indices(i.shape)) hits[r! * x.shape[1]! + at(i, di, [r!, j!])]!.push(at(s, ds, [r!, j!]));
  return { shape: x.shape, data: Array.from(dx, (v, p) => combine(hits[p]!, v)) };
}
const prod = (v: number[]) => v.reduce((a, b) => a * b, 1);
const sum = (v: number[]) => v.reduce((a, b) => a + b, 0);

/** Rows for scatter, index and mask ops. */
export const indexRows: OpRow[] = [
  row('scatter src', (x, i, s) => x!.scatter(1, i!, s!), (x, i, s) => scatterRef(x!, i!, s!, (v, self) => (v.length ? v[v.length - 1]! : self)), scatterInputs(true)),
  row('scatter value', (x, i) => x!.scatter(-1, i!, 0.5), (x, i) => scatterRef(x!, i!, i!.astype('float64').mul(0).add(0.5), (v, self) => (v.length ? 0.5 : self)), scatterInputs(false)),
  row('scatterAdd', (x, i, s) => x!.scatterAdd(1, i!, s!), (x, i, s) => scatterRef(x!, i!, s!, (v, self) => self + sum(v)), scatterInputs(false)),
  row('scatterReduce sum excl. self', (x, i, s) => x!.scatterReduce(1, i!, s!, 'sum', { includeSelf: false }),
    (x, i, s) => scatterRef(x!, i!, s!, (v, self) => (v.length ? sum(v) : self)), scatterInputs(false)),
  row('scatterReduce mean', (x, i, s) => x!.scatterReduce(1, i!, s!, 'mean'), (x, i, s) => scatterRef(x!, i!, s!, (v, self) => (self + sum(v)) / (v.length + 1)), scatterInputs(false)),
  row('scatterReduce mean excl. self', (x, i, s) => x!.scatterReduce(1, i!, s!, 'mean', { includeSelf: false }),
    (x, i, s) => scatterRef(x!, i!, s!, (v, self) => (v.length ? sum(v) / v.length : self)), scatterInputs(false)),
  row('scatterReduce prod', (x, i, s) => x!.scatterReduce(1, i!, s!, 'prod'), (x, i, s) => scatterRef(x!, i!, s!, (v, self) => self * prod(v)),
    scatterInputs(false, (shape) => arbTensor({ shape, avoid: [0] })), { twice: false }),
  row('scatterReduce amax', (x, i, s) => x!.scatterReduce(1, i!, s!, 'amax'), (x, i, s) => scatterRef(x!, i!, s!, (v, self) => Math.max(self, ...v)),
    scatterInputs(false, (shape) => distinct(shape))),
  row('scatterReduce amin excl. self', (x, i, s) => x!.scatterReduce(1, i!, s!, 'amin', { includeSelf: false }),
    (x, i, s) => scatterRef(x!, i!, s!, (v, self) => (v.length ? Math.min(...v) : self)), scatterInputs(false, (shape) => distinct(shape))),
  row('indexAdd alpha', (x, i, s) => x!.indexAdd(0, i!, s!, { alpha: -2 }), (x, i, s) => {
    const dx = x!.data(), di = i!.data(), ds = s!.data();
    return build(x!.shape, (idx) => at(x!, dx, idx) - 2 * [...di.keys()].filter((k) => di[k] === idx[0]).reduce((t, k) => t + at(s!, ds, [k, ...idx.slice(1)]), 0));
  }, arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3 }) }).chain((x) =>
    fc.integer({ min: 1, max: 4 }).chain((k) => fc.tuple(int([k], x.shape[0]! - 1), arbTensor({ shape: [k, ...x.shape.slice(1)] }))).map(([i, s]) => [x, i, s]))),
  row('indexCopy', (x, i, s) => x!.indexCopy(-1, i!, s!), (x, i, s) => {
    const dx = x!.data(), di = Array.from(i!.data()), ds = s!.data();
    return build(x!.shape, (idx) => {
      const k = di.indexOf(idx[idx.length - 1]!);
      return k < 0 ? at(x!, dx, idx) : at(s!, ds, [...idx.slice(0, -1), k]);
    });
  }, arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3 }) }).chain((x) => {
    const n = x.shape[x.ndim - 1]!;
    return fc.shuffledSubarray([...Array(n).keys()], { minLength: 1 }).chain((ix) =>
      arbTensor({ shape: [...x.shape.slice(0, -1), ix.length] }).map((s) => [x, tensor(ix, { dtype: 'int32' }), s]));
  })),
  row('indexFill', (x, i) => x!.indexFill(0, i!, -3), (x, i) => {
    const dx = x!.data(), di = Array.from(i!.data());
    return build(x!.shape, (idx) => (di.includes(idx[0]!) ? -3 : at(x!, dx, idx)));
  }, arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3 }) }).chain((x) => int([2], x.shape[0]! - 1).map((i) => [x, i]))),
  row('indexPut accumulate', (x, i, j, v) => x!.indexPut([i!, j!], v!, { accumulate: true }), (x, i, j, v) => {
    const out = Array.from(x!.data());
    const di = i!.data(), dj = j!.data(), dv = v!.data();
    const n1 = x!.shape[1]!;
    for (let p = 0; p < i!.size; p++) out[(di[p]! < 0 ? di[p]! + x!.shape[0]! : di[p]!) * n1 + dj[0]!]! += dv[p]!;
    return { shape: x!.shape, data: out };
  }, arbTensor({ shape: arbShape({ minRank: 2, maxRank: 2 }) }).chain((x) =>
    fc.tuple(int([3], x.shape[0]! - 1, -x.shape[0]!), int([1], x.shape[1]! - 1), arbTensor({ shape: [3] })).map(([i, j, v]) => [x, i, j, v]))),
  row('indexPut', (x, i, v) => x!.indexPut([i!], v!), (x, i, v) => {
    const dx = x!.data(), di = Array.from(i!.data()), dv = v!.data();
    return build(x!.shape, (idx) => (di.includes(idx[0]!) ? at(v!, dv, idx.slice(1)) : at(x!, dx, idx)));
  }, arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3 }) }).chain((x) =>
    fc.tuple(fc.shuffledSubarray([...Array(x.shape[0]).keys()], { minLength: 1 }), arbTensor({ shape: x.shape.slice(1) }))
      .map(([ix, v]) => [x, tensor(ix, { dtype: 'int32' }), v]))),
  row('maskedFill (broadcast mask)', (x, m) => x!.maskedFill(m!, 7), (x, m) => {
    const dm = m!.data();
    const dx = x!.data();
    return build(x!.shape, (idx) => (at(m!, dm, idx.slice(idx.length - m!.ndim).map((v, k) => (m!.shape[k] === 1 ? 0 : v))) ? 7 : at(x!, dx, idx)));
  }, arbTensor({ shape: arbShape({ maxRank: 3 }) }).chain((x) =>
    fc.tuple(fc.integer({ min: 0, max: x.ndim }), fc.array(fc.boolean(), { minLength: x.ndim, maxLength: x.ndim })).chain(([drop, ones]) =>
      int(x.shape.map((d, k) => (ones[k] ? 1 : d)).slice(drop), 1).map((m) => [x, m])))),
  row('maskedSelect', (x, m) => x!.maskedSelect(m!), (x, m) => {
    const dm = m!.data();
    const data = Array.from(x!.data()).filter((_, k) => dm[k] !== 0);
    return { shape: [data.length], data };
  }, arbTensor({ shape: arbShape({ maxRank: 3 }) }).chain((x) => int(x.shape, 1).map((m) => [x, m])), { vmap: 'data-dependent' }),
  row('take', (x, i) => x!.take(i!), (x, i) => ({ shape: i!.shape, data: Array.from(i!.data(), (k) => x!.data()[k < 0 ? k + x!.size : k]!) }),
    arbTensor({ shape: arbShape({ maxRank: 3 }) }).chain((x) => arbTensor({ shape: arbShape({ maxRank: 2 }), dtype: 'int32', min: -x.size, max: x.size - 1 }).map((i) => [x, i]))),
  row('takeAlongAxis (broadcast)', (x, i) => x!.takeAlongAxis(i!, 1), (x, i) => {
    const dx = x!.data(), di = i!.data();
    return build([x!.shape[0]!, i!.shape[1]!], ([r, j]) => at(x!, dx, [r!, at(i!, di, [0, j!])]));
  }, arbTensor({ shape: arbShape({ minRank: 2, maxRank: 2 }) }).chain((x) => int([1, 3], x.shape[1]! - 1).map((i) => [x, i]))),
  row('nonzero', (x) => x!.nonzero(), (x) => {
    const hits = indices(x!.shape).filter((idx) => at(x!, x!.data(), idx) !== 0);
    return { shape: [hits.length, x!.ndim], data: hits.flat() };
  }, arbTensor({ shape: arbShape({ maxRank: 3 }), dtype: 'int32', min: 0, max: 1 }).map((t) => [t.astype('float64')]), { noGrad: true, vmap: 'data-dependent' }),
];
