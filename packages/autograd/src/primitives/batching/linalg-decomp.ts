import type { LinalgDecompParams } from '../../linalg/primitives.js';
import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../apply.js';
import type { BatchRule, BatchTable, PrimParams } from '../types.js';
import { foldBatch, moveAxis, unfoldBatch, withBatch } from './util.js';

type OneInput = Exclude<keyof LinalgDecompParams, 'linalgSolveTriangular' | 'linalgLuSolve'>;

/**
 * A decomposition of [b, ...] matrices batched by vmap ([size, b, ...]): the examples join the primitive's
 * own batch axis ([size * b, ...]), one call factors them all, and the output's leading axis splits back.
 * (Its only input is always batched: a rule runs only when some input is.)
 */
function overBatch<K extends OneInput>(name: K): BatchRule<LinalgDecompParams[K]> {
  return ([x], _batched, params, size) => unfoldBatch(apply(name, [foldBatch(x!)], params as PrimParams[K]), size, x!._shape[1]!);
}

/**
 * Params naming the input's shape in an error message, for the folded call: the shape the user would have
 * passed without vmap ([size, ...per-example shape]), so "batch element i" indexes its flattened batch.
 */
const batchedShape = <P extends { shape: readonly number[] }>(p: P, size: number): P => ({ ...p, shape: [size, ...p.shape] });

/**
 * A X = B for [b, n, n] A and [b, n, k] B. Per-example A: fold the batches (a shared B is a broadcast view).
 * Shared A with a batched B: the examples' right-hand sides become more columns of one [b, n, size * k] B,
 * so each A is factored once for the whole batch.
 */
function solveRule(a: Tensor, y: Tensor, ba: boolean, by: boolean, size: number, solve: (a: Tensor, y: Tensor, folded: boolean) => Tensor): Tensor {
  if (ba) return unfoldBatch(solve(foldBatch(a), foldBatch(withBatch(y, by, size)), true), size, a._shape[1]!);
  const [, b, n, k] = y._shape as [number, number, number, number];
  const x = solve(a, apply('reshape', [moveAxis(y, 0, 2)], { shape: [b, n, size * k] }), false);
  return moveAxis(apply('reshape', [x], { shape: [b, n, size, k] }), 2, 0);
}

export const linalgDecompBatchRules = {
  linalgCholesky: ([x], _b, params, size) => unfoldBatch(apply('linalgCholesky', [foldBatch(x!)], batchedShape(params, size)), size, x!._shape[1]!),
  linalgSolveTriangular: ([a, y], [ba, by], params, size) =>
    solveRule(a!, y!, ba!, by!, size, (a2, y2) => apply('linalgSolveTriangular', [a2, y2], params)),
  linalgLuSolve: ([a, y], [ba, by], params, size) =>
    solveRule(a!, y!, ba!, by!, size, (a2, y2, folded) => apply('linalgLuSolve', [a2, y2], folded ? batchedShape(params, size) : params)),
  linalgDet: overBatch('linalgDet'),
  linalgLogAbsDet: overBatch('linalgLogAbsDet'),
  linalgQr: overBatch('linalgQr'),
  linalgEigh: overBatch('linalgEigh'),
  linalgEigvalsh: overBatch('linalgEigvalsh'),
  linalgSvd: overBatch('linalgSvd'),
  linalgSvdvals: overBatch('linalgSvdvals'),
  linalgPinv: overBatch('linalgPinv'),
} satisfies BatchTable<LinalgDecompParams>;
