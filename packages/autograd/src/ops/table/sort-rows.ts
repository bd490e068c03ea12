import fc from 'fast-check';
import { tensor } from '../../creation/tensor.js';
import { arbShape, arbTensor } from '../../testing/arbitraries.js';
import type { Tensor } from '../../tensor/tensor.js';
import type { OpRow, RefResult } from './harness.js';
import { at, build } from './reference.js';
import * as ops from '../index.js';

/** Tensors whose entries are all distinct (0.1 apart at least), so sorting has no ties and gradcheck no kinks. */
export const distinct = (shape: fc.Arbitrary<number[]> | number[]) =>
  (Array.isArray(shape) ? fc.constant(shape) : shape).chain((s) => {
    const n = s.reduce((a, b) => a * b, 1);
    return fc
      .uniqueArray(fc.integer({ min: -40, max: 40 }), { minLength: n, maxLength: n })
      .map((v) => tensor(v.map((k) => k / 10 + 0.013 * Math.sin(k)), { dtype: 'float64', shape: s.slice() }));
  });

/** Applies `f` to every line of t along `axis` (the line's values and their positions), building the output. */
export function lineRef(t: Tensor, axis: number, len: number, f: (line: number[]) => number[], keep = true): RefResult {
  const d = t.data();
  const a = axis < 0 ? axis + t.ndim : axis;
  const shape = t.shape.map((n, i) => (i === a ? len : n));
  const out = build(shape, (idx) => {
    const line = Array.from({ length: t.shape[a]! }, (_, j) => at(t, d, idx.map((v, i) => (i === a ? j : v))));
    return f(line)[idx[a]!]!;
  });
  return keep ? out : { shape: shape.filter((_, i) => i !== a), data: out.data };
}

const ascending = (line: number[]) => line.map((v, i) => [v, i] as const).sort((p, q) => p[0] - q[0] || p[1] - q[1]);
const row = (name: string, fn: OpRow['fn'], ref: OpRow['ref'], inputs: OpRow['inputs'], extra: Partial<OpRow> = {}): OpRow =>
  ({ name, fn, ref, inputs, twice: true, ...extra });
const oneDistinct = (minRank = 1, maxRank = 3) => distinct(arbShape({ minRank, maxRank, maxDim: 4 })).map((t) => [t]);

/** Rows for sort, argsort, topk, kthvalue, searchsorted, bucketize and unique. */
export const sortRows: OpRow[] = [
  row('sort values (last axis)', (x) => x!.sort().values, (x) => lineRef(x!, -1, x!.shape[x!.ndim - 1]!, (l) => ascending(l).map((p) => p[0])), oneDistinct()),
  row('sort values (axis 0, descending)', (x) => x!.sort(0, { descending: true }).values,
    (x) => lineRef(x!, 0, x!.shape[0]!, (l) => ascending(l).reverse().map((p) => p[0])), oneDistinct()),
  row('sort indices', (x) => x!.sort(-2).indices, (x) => lineRef(x!, -2, x!.shape[x!.ndim - 2]!, (l) => ascending(l).map((p) => p[1])), oneDistinct(2), { noGrad: true }),
  row('argsort (stable with ties)', (x) => x!.argsort(-1, { descending: true }),
    // Descending and stable: equal values keep their original order.
    (x) => lineRef(x!, -1, x!.shape[x!.ndim - 1]!, (l) => l.map((v, i) => [v, i] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]).map((p) => p[1])),
    arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3 }), dtype: 'int32', min: 0, max: 2 }).map((t) => [t.astype('float64')]), { noGrad: true }),
  row('topk values', (x) => x!.topk(2, 1).values, (x) => lineRef(x!, 1, 2, (l) => ascending(l).reverse().map((p) => p[0]).slice(0, 2)),
    distinct(arbShape({ minRank: 2, maxRank: 3, minDim: 2 })).map((t) => [t])),
  row('topk smallest indices', (x) => x!.topk(2, -1, { largest: false }).indices, (x) => lineRef(x!, -1, 2, (l) => ascending(l).map((p) => p[1]).slice(0, 2)),
    distinct(arbShape({ minRank: 1, maxRank: 3, minDim: 2 })).map((t) => [t]), { noGrad: true }),
  row('kthvalue values', (x) => x!.kthvalue(2, 0).values, (x) => lineRef(x!, 0, 1, (l) => [ascending(l)[1]![0]], false),
    distinct(arbShape({ minRank: 1, maxRank: 3, minDim: 2 })).map((t) => [t])),
  row('kthvalue keepDims indices', (x) => x!.kthvalue(1, -1, true).indices, (x) => lineRef(x!, -1, 1, (l) => [ascending(l)[0]![1]]),
    distinct(arbShape({ minRank: 1, maxRank: 3 })).map((t) => [t]), { noGrad: true }),
  row('bucketize', (x, b) => x!.bucketize(b!), (x, b) => {
    const bs = Array.from(b!.data());
    return { shape: x!.shape, data: Array.from(x!.data(), (v) => bs.filter((s) => s < v).length) };
  }, fc.tuple(arbTensor({ shape: arbShape({ maxRank: 3 }) }), arbTensor({ shape: arbShape({ minRank: 1, maxRank: 1 }) }).map((b) => b.sort().values))
    // vmapRepeat: the boundaries must stay sorted (a shuffle would not be).
    .map(([x, b]) => [x, b]), { noGrad: true, vmapRepeat: [1] }),
  row('searchsorted right, batched', (s, v) => ops.searchsorted(s!, v!, { right: true }), (s, v) => {
    const n = s!.shape[1]!;
    const sd = s!.data();
    return build(v!.shape, ([r, j]) => Array.from(sd.slice(r! * n, (r! + 1) * n)).filter((q) => q <= at(v!, v!.data(), [r!, j!])).length);
  }, fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 4 })).chain(([r, n, m]) =>
    fc.tuple(arbTensor({ shape: [r, n], dtype: 'int32', min: -2, max: 2 }), arbTensor({ shape: [r, m], dtype: 'int32', min: -3, max: 3 }))
      // vmapRepeat: each row of the sequence must stay sorted (a shuffle would not be).
      .map(([s, v]) => [s.astype('float64').sort().values, v.astype('float64')])), { noGrad: true, vmapRepeat: [0] }),
  row('unique with inverse', (x) => {
    const u = x!.unique({ returnInverse: true });
    return u.values.take(u.inverse!);
  }, (x) => ({ shape: x!.shape, data: Array.from(x!.data()) }),
  arbTensor({ shape: arbShape({ maxRank: 3 }), dtype: 'int32', min: -2, max: 2 }).map((t) => [t.astype('float64')]), { noGrad: true, vmap: 'data-dependent' }),
  row('unique values', (x) => x!.unique(), (x) => {
    const vals = [...new Set(Array.from(x!.data()))].sort((p, q) => p - q);
    return { shape: [vals.length], data: vals };
  }, arbTensor({ shape: arbShape({ maxRank: 3 }), dtype: 'int32', min: -3, max: 3 }).map((t) => [t.astype('float64')]), { noGrad: true, vmap: 'data-dependent' }),
];
