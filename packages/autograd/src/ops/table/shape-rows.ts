import fc from 'fast-check';
import { tensor } from '../../creation/tensor.js';
import { broadcastShapes, sizeOf } from '../../tensor/shape.js';
import { arbShape, arbTensor } from '../../testing/arbitraries.js';
import * as ops from '../index.js';
import type { OpRow } from './harness.js';
import { at, build } from './reference.js';

const any = (minRank = 0, maxRank = 4) => arbTensor({ shape: arbShape({ minRank, maxRank, maxDim: 3 }) });
const one = (minRank = 0, maxRank = 4) => any(minRank, maxRank).map((t) => [t]);
const row = (name: string, fn: OpRow['fn'], ref: OpRow['ref'], inputs: OpRow['inputs']): OpRow => ({ name, fn, ref, inputs, twice: true });

/** Two matrices (optionally batched, with broadcast batch dims) whose inner sizes agree. */
const matmulPair = (batchA: number[], batchB: number[]) =>
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([m, k, n]) =>
    fc.tuple(arbTensor({ shape: [...batchA, m, k] }), arbTensor({ shape: [...batchB, k, n] })).map(([a, b]) => [a, b]),
  );
const matmulRef: OpRow['ref'] = (a, b) => {
  const [m, k] = a!.shape.slice(-2) as [number, number];
  const n = b!.shape[b!.ndim - 1]!;
  const batch = broadcastShapes('ref', a!.shape.slice(0, -2), b!.shape.slice(0, -2));
  const da = a!.data(), db = b!.data();
  const pick = (t: typeof a, idx: number[]) => idx.slice(idx.length - (t!.ndim - 2)).map((v, i) => (t!.shape[i] === 1 ? 0 : v));
  return build([...batch, m, n], (idx) => {
    const bi = idx.slice(0, -2);
    const [i, j] = idx.slice(-2) as [number, number];
    let s = 0;
    for (let p = 0; p < k; p++) s += at(a!, da, [...pick(a, bi), i, p]) * at(b!, db, [...pick(b, bi), p, j]);
    return s;
  });
};

/** Rows for shape, indexing and linear-algebra ops. */
export const shapeRows: OpRow[] = [
  row('reshape', (x) => x!.reshape([-1]), (x) => ({ shape: [x!.size], data: Array.from(x!.data()) }), one()),
  row('transpose', (x) => x!.transpose(0, -1), (x) => {
    const d = x!.data();
    const shape = x!.shape.slice().reverse().map((_, i, s) => (i === 0 ? x!.shape[x!.ndim - 1]! : i === s.length - 1 ? x!.shape[0]! : x!.shape[i]!));
    return build(shape, (idx) => { const j = idx.slice(); [j[0], j[j.length - 1]] = [idx[idx.length - 1]!, idx[0]!]; return at(x!, d, j); });
  }, one(2)),
  row('permute', (x) => x!.permute(2, 0, 1), (x) => {
    const d = x!.data();
    return build([x!.shape[2]!, x!.shape[0]!, x!.shape[1]!], ([c, a, b]) => at(x!, d, [a!, b!, c!]));
  }, one(3, 3)),
  row('flatten+unsqueeze+squeeze', (x) => x!.flatten().unsqueeze(0).squeeze(0), (x) => ({ shape: [Math.max(x!.size, 0)], data: Array.from(x!.data()) }), one(1)),
  row('expand', (x) => x!.reshape([1, ...x!.shape]).expand([2, ...x!.shape]), (x) => ({ shape: [2, ...x!.shape], data: [...x!.data(), ...x!.data()] }), one(0, 3)),
  row('slice', (x) => x!.slice([[1, undefined, 2], [-2]]), (x) => {
    const d = x!.data();
    const [n0, n1] = x!.shape as [number, number];
    const rows = [...Array(n0).keys()].filter((i) => i >= 1 && (i - 1) % 2 === 0);
    const cols = [...Array(n1).keys()].filter((j) => j >= Math.max(n1 - 2, 0));
    return build([rows.length, cols.length, ...x!.shape.slice(2)], ([i, j, ...rest]) => at(x!, d, [rows[i!]!, cols[j!]!, ...rest]));
  }, one(2, 3)),
  row('concat', (x, y) => ops.concat([x!, y!, x!], 0), (x, y) => ({ shape: [x!.shape[0]! * 2 + y!.shape[0]!, ...x!.shape.slice(1)], data: [...x!.data(), ...y!.data(), ...x!.data()] }),
    any(1, 3).chain((x) => arbTensor({ shape: [2, ...x.shape.slice(1)] }).map((y) => [x, y]))),
  row('stack', (x, y) => ops.stack([x!, y!], -1), (x, y) => {
    const dx = x!.data(), dy = y!.data();
    return build([...x!.shape, 2], (idx) => (idx[idx.length - 1] === 0 ? dx : dy)[sizeOf(x!.shape) && idx.slice(0, -1).reduce((o, v, i) => o * x!.shape[i]! + v, 0)]!);
  }, any(0, 3).chain((x) => arbTensor({ shape: x.shape }).map((y) => [x, y]))),
  row('pad', (x) => x!.pad([[1, 0], [0, 2]], 0.5), (x) => {
    const d = x!.data();
    const [n0, n1] = x!.shape as [number, number];
    return build([n0 + 1, n1 + 2], ([i, j]) => (i! >= 1 && j! < n1 ? at(x!, d, [i! - 1, j!]) : 0.5));
  }, one(2, 2)),
  row('flip', (x) => x!.flip([0, -1]), (x) => {
    const d = x!.data();
    return build(x!.shape, (idx) => at(x!, d, idx.map((v, i) => (i === 0 || i === x!.ndim - 1 ? x!.shape[i]! - 1 - v : v))));
  }, one(2)),
  row('gather', (x, i) => x!.gather(1, i!), (x, i) => {
    const d = x!.data(), di = i!.data();
    return build(i!.shape, (idx) => at(x!, d, [idx[0]!, at(i!, di, idx), ...idx.slice(2)]));
  }, any(2, 3).chain((x) => arbTensor({ shape: [x.shape[0]!, 4, ...x.shape.slice(2)], dtype: 'int32', min: 0, max: x.shape[1]! - 1 }).map((i) => [x, i]))),
  row('indexSelect', (x, i) => x!.indexSelect(0, i!), (x, i) => {
    const d = x!.data(), di = i!.data();
    return build([i!.size, ...x!.shape.slice(1)], ([k, ...r]) => at(x!, d, [di[k!]!, ...r]));
  }, any(1, 3).chain((x) => arbTensor({ shape: [3], dtype: 'int32', min: 0, max: x.shape[0]! - 1 }).map((i) => [x, i]))),
  row('repeat', (x) => x!.repeat([2, 1, 3]), (x) => {
    const d = x!.data();
    const s = [1, 1, 1].slice(x!.ndim).concat(x!.shape);
    const xr = tensor(Array.from(d), { dtype: 'float64', shape: s });
    return build([s[0]! * 2, s[1]!, s[2]! * 3], (idx) => at(xr, d, idx.map((v, i) => v % s[i]!)));
  }, one(0, 3)),
  row('matmul 2-D', (a, b) => a!.matmul(b!), matmulRef, matmulPair([], [])),
  row('matmul batched broadcast', (a, b) => a!.matmul(b!), matmulRef, matmulPair([2, 1], [3])),
  row('dot', (a, b) => a!.dot(b!), (a, b) => ({ shape: [], data: [Array.from(a!.data()).reduce((s, v, i) => s + v * b!.data()[i]!, 0)] }),
    fc.integer({ min: 1, max: 5 }).chain((n) => fc.tuple(arbTensor({ shape: [n] }), arbTensor({ shape: [n] })).map(([a, b]) => [a, b]))),
  row('outer', (a, b) => a!.outer(b!), (a, b) => build([a!.size, b!.size], ([i, j]) => a!.data()[i!]! * b!.data()[j!]!),
    fc.tuple(arbTensor({ shape: arbShape({ minRank: 1, maxRank: 1 }) }), arbTensor({ shape: arbShape({ minRank: 1, maxRank: 1 }) })).map(([a, b]) => [a, b])),
];
