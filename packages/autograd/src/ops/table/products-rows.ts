import fc from 'fast-check';
import { arbShape, arbTensor } from '../../testing/arbitraries.js';
import type { Tensor } from '../../tensor/tensor.js';
import * as ops from '../index.js';
import type { OpRow } from './harness.js';
import { at, build } from './reference.js';

const row = (name: string, fn: OpRow['fn'], ref: OpRow['ref'], inputs: OpRow['inputs'], extra: Partial<OpRow> = {}): OpRow =>
  ({ name, fn, ref, inputs, twice: true, ...extra });
const get = (t: Tensor, idx: number[]) => at(t, t.data(), idx);
const dims = (n: number) => fc.array(fc.integer({ min: 1, max: 3 }), { minLength: n, maxLength: n });
const tensors = (...shapes: number[][]) => fc.tuple(...shapes.map((s) => arbTensor({ shape: s }))).map((xs) => xs);
const dotRange = (k: number, f: (p: number) => number) => Array.from({ length: k }, (_, p) => f(p)).reduce((a, b) => a + b, 0);

/** Rows for tensordot, kron, bmm, mv, addmm, baddbmm, addmv, cross and cdist. */
export const productRows: OpRow[] = [
  row('tensordot dims=2', (a, b) => ops.tensordot(a!, b!, 2), (a, b) => {
    const [i, j, k] = a!.shape as [number, number, number];
    return build([i, b!.shape[2]!], ([p, q]) => dotRange(j * k, (r) => get(a!, [p!, Math.floor(r / k), r % k]) * get(b!, [Math.floor(r / k), r % k, q!])));
  }, dims(4).chain(([i, j, k, l]) => tensors([i!, j!, k!], [j!, k!, l!]))),
  row('tensordot explicit axes', (a, b) => ops.tensordot(a!, b!, [[0], [1]]), (a, b) =>
    build([a!.shape[1]!, b!.shape[0]!], ([p, q]) => dotRange(a!.shape[0]!, (r) => get(a!, [r, p!]) * get(b!, [q!, r]))),
  dims(3).chain(([i, j, k]) => tensors([i!, j!], [k!, i!]))),
  row('kron', (a, b) => ops.kron(a!, b!), (a, b) => {
    const bs = b!.ndim === 1 ? [1, ...b!.shape] : b!.shape;
    const br = b!.reshape(bs);
    return build([a!.shape[0]! * bs[0]!, a!.shape[1]! * bs[1]!], ([i, j]) =>
      get(a!, [Math.floor(i! / bs[0]!), Math.floor(j! / bs[1]!)]) * get(br, [i! % bs[0]!, j! % bs[1]!]));
  }, fc.tuple(arbTensor({ shape: arbShape({ minRank: 2, maxRank: 2, maxDim: 3 }) }), arbTensor({ shape: arbShape({ minRank: 1, maxRank: 2, maxDim: 3 }) })).map((xs) => xs)),
  row('bmm', (a, b) => ops.bmm(a!, b!), (a, b) => build([a!.shape[0]!, a!.shape[1]!, b!.shape[2]!], ([z, i, j]) => dotRange(a!.shape[2]!, (p) => get(a!, [z!, i!, p]) * get(b!, [z!, p, j!]))),
    dims(4).chain(([z, n, m, p]) => tensors([z!, n!, m!], [z!, m!, p!]))),
  row('mv', (a, v) => a!.mv(v!), (a, v) => build([a!.shape[0]!], ([i]) => dotRange(v!.size, (p) => get(a!, [i!, p]) * get(v!, [p]))), dims(2).chain(([n, m]) => tensors([n!, m!], [m!]))),
  row('addmm (broadcast input)', (c, a, b) => c!.addmm(a!, b!, { beta: 0.5, alpha: -2 }), (c, a, b) =>
    build([a!.shape[0]!, b!.shape[1]!], ([i, j]) => 0.5 * get(c!, [j!]) - 2 * dotRange(a!.shape[1]!, (p) => get(a!, [i!, p]) * get(b!, [p, j!]))),
  dims(3).chain(([n, m, p]) => tensors([p!], [n!, m!], [m!, p!]))),
  row('addmm beta=0', (c, a, b) => ops.addmm(c!, a!, b!, { beta: 0 }), (c, a, b) =>
    build([a!.shape[0]!, b!.shape[1]!], ([i, j]) => dotRange(a!.shape[1]!, (p) => get(a!, [i!, p]) * get(b!, [p, j!]))),
  dims(3).chain(([n, m, p]) => tensors([n!, p!], [n!, m!], [m!, p!]))),
  row('baddbmm', (c, a, b) => ops.baddbmm(c!, a!, b!, { alpha: 3 }), (c, a, b) =>
    build([a!.shape[0]!, a!.shape[1]!, b!.shape[2]!], ([z, i, j]) => get(c!, [z!, i!, j!]) + 3 * dotRange(a!.shape[2]!, (p) => get(a!, [z!, i!, p]) * get(b!, [z!, p, j!]))),
  dims(4).chain(([z, n, m, p]) => tensors([z!, n!, p!], [z!, n!, m!], [z!, m!, p!]))),
  row('addmv', (c, a, v) => c!.addmv(a!, v!, { beta: 2 }), (c, a, v) => build([a!.shape[0]!], ([i]) => 2 * get(c!, [i!]) + dotRange(v!.size, (p) => get(a!, [i!, p]) * get(v!, [p]))),
    dims(2).chain(([n, m]) => tensors([n!], [n!, m!], [m!]))),
  row('cross (axis 0, broadcast)', (a, b) => ops.cross(a!, b!, 0), (a, b) => build([3, b!.shape[1]!], ([i, j]) => {
    const u = (k: number) => get(a!, [k, 0]);
    const w = (k: number) => get(b!, [k, j!]);
    return u((i! + 1) % 3) * w((i! + 2) % 3) - u((i! + 2) % 3) * w((i! + 1) % 3);
  }), dims(1).chain(([n]) => tensors([3, 1], [3, n!]))),
  ...[1, 2, 3].map((p) => row(`cdist p=${p}`, (a, b) => ops.cdist(a!, b!, { p }), (a, b) =>
    build([a!.shape[0]!, a!.shape[1]!, b!.shape[1]!], ([z, i, j]) =>
      dotRange(a!.shape[2]!, (k) => Math.abs(get(a!, [z!, i!, k]) - get(b!, [z!, j!, k])) ** p) ** (1 / p)),
  // Distances stay away from 0 (the kink of the norm) and |a - b| from 0 for p = 1: a in [-2, -1], b in [1, 2].
  dims(4).chain(([z, n, r, m]) => fc.tuple(arbTensor({ shape: [z!, n!, m!], min: -2, max: -1 }), arbTensor({ shape: [z!, r!, m!], min: 1, max: 2 })).map((xs) => xs)),
  { rtol: 1e-9 })),
  row('cdist p=2 through matmul (26+ rows)', (a, b) => ops.cdist(a!, b!), (a, b) =>
    build([a!.shape[0]!, b!.shape[0]!], ([i, j]) => Math.sqrt(dotRange(a!.shape[1]!, (k) => (get(a!, [i!, k]) - get(b!, [j!, k])) ** 2))),
  fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 3 })).chain(([r, m]) =>
    fc.tuple(arbTensor({ shape: [26, m], min: -2, max: -1 }), arbTensor({ shape: [r, m], min: 1, max: 2 })).map((xs) => xs)), { rtol: 1e-9 }),
];
