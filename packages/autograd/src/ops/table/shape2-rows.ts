import fc from 'fast-check';
import { arbShape, arbTensor } from '../../testing/arbitraries.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as ops from '../index.js';
import type { OpRow } from './harness.js';
import { at, build } from './reference.js';

const row = (name: string, fn: OpRow['fn'], ref: OpRow['ref'], inputs: OpRow['inputs'], extra: Partial<OpRow> = {}): OpRow =>
  ({ name, fn, ref, inputs, twice: true, ...extra });
const one = (minRank = 0, maxRank = 3, minDim = 1) => arbTensor({ shape: arbShape({ minRank, maxRank, minDim, maxDim: 4 }) }).map((t) => [t]);
const get = (t: Tensor, idx: number[]) => at(t, t.data(), idx);
const last = (t: Tensor) => t.ndim - 1;
const mod = (a: number, n: number) => ((a % n) + n) % n;

/** Rows for the wave-2 shape ops (views, triangles, diagonals, padding modes, grids). */
export const shape2Rows: OpRow[] = [
  row('select', (x) => x!.select(-1, -1), (x) => build(x!.shape.slice(0, -1), (idx) => get(x!, [...idx, x!.shape[last(x!)]! - 1])), one(1)),
  row('narrow', (x) => x!.narrow(0, -2, 2), (x) => build([2, ...x!.shape.slice(1)], ([i, ...r]) => get(x!, [x!.shape[0]! - 2 + i!, ...r])), one(1, 3, 2)),
  row('T', (x) => x!.T, (x) => build([...x!.shape].reverse(), (idx) => get(x!, [...idx].reverse())), one(0, 4)),
  row('mT', (x) => x!.mT, (x) => build([...x!.shape.slice(0, -2), x!.shape[last(x!)]!, x!.shape[last(x!) - 1]!], (idx) => get(x!, [...idx.slice(0, -2), idx[idx.length - 1]!, idx[idx.length - 2]!])), one(2)),
  row('chunk (reassembled reversed)', (x) => ops.concat(x!.chunk(3, 0).reverse(), 0), (x) => {
    const n = x!.shape[0]!;
    const c = Math.ceil(n / 3);
    const starts = Array.from({ length: Math.ceil(n / c) }, (_, k) => k * c).reverse();
    const order = starts.flatMap((s) => Array.from({ length: Math.min(c, n - s) }, (_, j) => s + j));
    return build(x!.shape, ([i, ...r]) => get(x!, [order[i!]!, ...r]));
  }, one(1)),
  row('unbind (stacked)', (x) => ops.stack(x!.unbind(-1), 0), (x) => build([x!.shape[last(x!)]!, ...x!.shape.slice(0, -1)], ([k, ...r]) => get(x!, [...r, k!])), one(1)),
  row('roll two axes', (x) => x!.roll([1, -3], [0, -1]), (x) =>
    build(x!.shape, (idx) => get(x!, idx.map((v, i) => (i === 0 ? mod(v - 1, x!.shape[0]!) : i === last(x!) ? mod(v + 3, x!.shape[i]!) : v)))), one(1)),
  row('roll flattened', (x) => x!.roll(2), (x) => {
    const d = x!.data();
    return { shape: x!.shape, data: Array.from(d, (_, k) => d[mod(k - 2, x!.size)]!) };
  }, one(0)),
  row('repeatInterleave', (x) => x!.repeatInterleave(2, 0), (x) => build([x!.shape[0]! * 2, ...x!.shape.slice(1)], ([i, ...r]) => get(x!, [Math.floor(i! / 2), ...r])), one(1)),
  row('repeatInterleave counts', (x, r) => x!.repeatInterleave(r!, -1), (x, r) => {
    const src = Array.from(r!.data()).flatMap((c, i) => new Array<number>(c).fill(i));
    return build([...x!.shape.slice(0, -1), src.length], (idx) => get(x!, [...idx.slice(0, -1), src[idx[idx.length - 1]!]!]));
  }, arbTensor({ shape: arbShape({ minRank: 1, maxRank: 3 }) }).chain((x) => arbTensor({ shape: [x.shape[last(x)]!], dtype: 'int32', min: 0, max: 2 }).map((r) => [x, r])),
  { vmap: 'data-dependent' }),
  row('tile', (x) => x!.tile([2, 1]), (x) => {
    const s = x!.ndim >= 2 ? x!.shape : [...new Array<number>(2 - x!.ndim).fill(1), ...x!.shape];
    const xr = x!.reshape(s);
    const reps = [...new Array<number>(Math.max(0, s.length - 2)).fill(1), 2, 1];
    return build(s.map((d, i) => d * reps[i]!), (idx) => get(xr, idx.map((v, i) => v % s[i]!)));
  }, one(0, 3)),
  row('tril', (x) => x!.tril(-1), (x) => build(x!.shape, (idx) => (idx[idx.length - 1]! - idx[idx.length - 2]! <= -1 ? get(x!, idx) : 0)), one(2)),
  row('triu', (x) => x!.triu(1), (x) => build(x!.shape, (idx) => (idx[idx.length - 1]! - idx[idx.length - 2]! >= 1 ? get(x!, idx) : 0)), one(2)),
  row('diag of a vector', (x) => x!.diag(-1), (x) => build([x!.size + 1, x!.size + 1], ([i, j]) => (i! - j! === 1 ? get(x!, [j!]) : 0)), one(1, 1)),
  row('diag of a matrix', (x) => x!.diag(1), (x) => {
    const len = Math.max(0, Math.min(x!.shape[0]!, x!.shape[1]! - 1));
    return build([len], ([i]) => get(x!, [i!, i! + 1]));
  }, one(2, 2)),
  row('diagonal (axes 2, 0, offset -1)', (x) => x!.diagonal({ offset: -1, axis1: 2, axis2: 0 }), (x) => {
    const [n0, n1, n2] = x!.shape as [number, number, number];
    const len = Math.max(0, Math.min(n2 - 1, n0));
    return build([n1, len], ([j, i]) => get(x!, [i!, j!, i! + 1]));
  }, one(3, 3)),
  row('diagEmbed', (x) => x!.diagEmbed({ offset: 1 }), (x) => {
    const n = x!.shape[last(x!)]!;
    return build([...x!.shape.slice(0, -1), n + 1, n + 1], (idx) => {
      const [i, j] = idx.slice(-2) as [number, number];
      return j - i === 1 ? get(x!, [...idx.slice(0, -2), i]) : 0;
    });
  }, one(1)),
  row('trace', (x) => x!.trace(), (x) => ({ shape: [], data: [Array.from({ length: Math.min(...x!.shape) }, (_, i) => get(x!, [i, i])).reduce((a, b) => a + b, 0)] }), one(2, 2)),
  row('movedim', (x) => x!.movedim([0, 1], [-1, 0]), (x) => {
    const [a, b, c] = x!.shape as [number, number, number];
    return build([b, c, a], ([j, k, i]) => get(x!, [i!, j!, k!]));
  }, one(3, 3)),
  row('swapaxes', (x) => x!.swapaxes(0, -1), (x) => build([x!.shape[last(x!)]!, ...x!.shape.slice(1, -1), x!.shape[0]!], (idx) => get(x!, [idx[idx.length - 1]!, ...idx.slice(1, -1), idx[0]!])), one(2)),
  row('unflatten', (x) => x!.unflatten(0, [-1, 1]), (x) => ({ shape: [x!.shape[0]!, 1, ...x!.shape.slice(1)], data: Array.from(x!.data()) }), one(1)),
  row('atleast2d', (x) => ops.atleast2d(x!), (x) => ({ shape: x!.ndim === 0 ? [1, 1] : x!.ndim === 1 ? [1, x!.size] : x!.shape, data: Array.from(x!.data()) }), one(0)),
  ...(['reflect', 'replicate', 'circular'] as const).map((mode) =>
    row(`pad ${mode}`, (x) => x!.pad([[1, 2], [2, 0]], { mode }), (x) => {
      const src = (p: number, n: number) => (mode === 'reflect' ? (p < 0 ? -p : p >= n ? 2 * (n - 1) - p : p) : mode === 'replicate' ? Math.min(Math.max(p, 0), n - 1) : mod(p, n));
      const [n0, n1] = x!.shape as [number, number];
      return build([n0 + 3, n1 + 2], ([i, j]) => get(x!, [src(i! - 1, n0), src(j! - 2, n1)]));
    }, one(2, 2, 3))),
  row('meshgrid xy (stacked)', (x, y, z) => ops.stack(ops.meshgrid(x!, y!, z!, { indexing: 'xy' }), 0), (x, y, z) =>
    build([3, y!.size, x!.size, z!.size], ([k, j, i, l]) => [get(x!, [i!]), get(y!, [j!]), get(z!, [l!])][k!]!),
  fc.tuple(...[0, 1, 2].map(() => arbTensor({ shape: arbShape({ minRank: 1, maxRank: 1 }) }))).map((xs) => xs)),
  row('cartesianProd', (x, y) => ops.cartesianProd(x!, y!), (x, y) => build([x!.size * y!.size, 2], ([r, c]) => (c === 0 ? get(x!, [Math.floor(r! / y!.size)]) : get(y!, [r! % y!.size]))),
    fc.tuple(arbTensor({ shape: arbShape({ minRank: 1, maxRank: 1 }) }), arbTensor({ shape: arbShape({ minRank: 1, maxRank: 1 }) })).map((xs) => xs)),
  row('combinations r=3 with replacement', (x) => ops.combinations(x!, 3, { withReplacement: true }), (x) => {
    const n = x!.size;
    const rows: number[][] = [];
    for (let i = 0; i < n; i++) for (let j = i; j < n; j++) for (let k = j; k < n; k++) rows.push([i, j, k]);
    return { shape: [rows.length, 3], data: rows.flat().map((i) => get(x!, [i])) };
  }, one(1, 1)),
  row('triuIndices', (x) => ops.triuIndices(x!.shape[0]!, x!.shape[1]!, -1), (x) => {
    const pairs: number[][] = [];
    for (let i = 0; i < x!.shape[0]!; i++) for (let j = 0; j < x!.shape[1]!; j++) if (j - i >= -1) pairs.push([i, j]);
    return { shape: [2, pairs.length], data: [...pairs.map((p) => p[0]!), ...pairs.map((p) => p[1]!)] };
  }, one(2, 2, 0), { noGrad: true }),
  row('trilIndices', (x) => ops.trilIndices(x!.shape[0]!, x!.shape[1]!, 1), (x) => {
    const pairs: number[][] = [];
    for (let i = 0; i < x!.shape[0]!; i++) for (let j = 0; j < x!.shape[1]!; j++) if (j - i <= 1) pairs.push([i, j]);
    return { shape: [2, pairs.length], data: [...pairs.map((p) => p[0]!), ...pairs.map((p) => p[1]!)] };
  }, one(2, 2, 0), { noGrad: true }),
];
