import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { getBackend } from '../backend/registry.js';
import { apply } from '../primitives/apply.js';
import { toDType } from '../ops/operand.js';
import { promoteTypes } from '../tensor/dtype.js';
import { broadcastShapes, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { boolOption, checkMatrix, checkOptions, checkSquare, toBatch } from './checks.js';
import { luSolve, solveTri } from './primitives.js';
import { identity, mT } from './util.js';
import { wrapBatch } from '../transforms/levels.js';

/**
 * Brings a square A [..., n, n] and a right-hand side B [..., n, k] to one dtype and one broadcast batch,
 * as [batch, n, n] and [batch, n, k]; a mismatch is a ShapeError naming both shapes.
 */
function batchedPair(op: string, a: Tensor, b: Tensor, a0: Tensor, b0: Tensor): { a3: Tensor; b3: Tensor; batch: number[] } {
  const dtype = promoteTypes(a.dtype, b.dtype);
  const n = a._shape[a.ndim - 1]!;
  const k = b._shape[b.ndim - 1]!;
  if (b._shape[b.ndim - 2] !== n) {
    throw new ShapeError(`${op}: A ${fmtShape(a0._shape)} and B ${fmtShape(b0._shape)} do not match: A is ${n} x ${n}, so B needs ${n} rows, got ${b._shape[b.ndim - 2]}`);
  }
  let batch: number[];
  try {
    batch = broadcastShapes(op, a._shape.slice(0, -2), b._shape.slice(0, -2));
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new ShapeError(`${op}: the batch dimensions of A ${fmtShape(a0._shape)} and B ${fmtShape(b0._shape)} do not broadcast`);
  }
  const size = batch.reduce((p, d) => p * d, 1);
  const a3 = toDType(a, dtype).expand([...batch, n, n]).reshape([size, n, n]);
  const b3 = toDType(b, dtype).expand([...batch, n, k]).reshape([size, n, k]);
  return { a3, b3, batch };
}

/** Options of `linalg.cholesky`. */
export interface CholeskyOptions {
  /** Return the upper factor U = L^T (A = U^T U), reading A's upper triangle. Default false. */
  upper?: boolean;
}

/**
 * Cholesky factor of a symmetric positive-definite matrix (or batch): lower L with A = L L^T, reading only
 * A's lower triangle (upper U with A = U^T U from the upper one when `upper`). A matrix that is not positive
 * definite throws a ValueError naming the batch element (PyTorch's `linalg.cholesky_ex` info).
 * @example linalg.cholesky(tensor([[4, 2], [2, 5]])) // [[2, 0], [1, 2]]
 */
export function cholesky(a: Tensor, opts: CholeskyOptions = {}): Tensor {
  const op = 'linalg.cholesky';
  checkOptions(op, opts, ['upper']);
  const upper = boolOption(op, 'upper', opts.upper, false);
  const x = checkSquare(op, a);
  const { x3, batch } = toBatch(upper ? mT(x) : x);
  const n = x._shape[x.ndim - 1]!;
  const l = apply('linalgCholesky', [x3], { op, shape: x._shape.slice() }).reshape([...batch, n, n]);
  return upper ? mT(l) : l;
}

/** Options of `linalg.solveTriangular`. */
export interface SolveTriangularOptions {
  /** A is upper triangular (only that triangle is read). Required, as in PyTorch. */
  upper: boolean;
  /** Solve A X = B (true, the default) or X A = B. */
  left?: boolean;
  /** Take A's diagonal as ones (it is not read). Default false. */
  unitriangular?: boolean;
}

/**
 * Solves a triangular system A X = B (or X A = B when `left` is false) by substitution, batched and
 * broadcast over leading axes. Only A's upper (or lower) triangle is read.
 * @example linalg.solveTriangular(tensor([[2, 0], [1, 1]]), tensor([[2], [3]]), { upper: false }) // [[1], [2]]
 */
export function solveTriangular(a: Tensor, b: Tensor, opts: SolveTriangularOptions): Tensor {
  const op = 'linalg.solveTriangular';
  checkOptions(op, opts, ['upper', 'left', 'unitriangular']);
  if (opts === undefined || typeof opts.upper !== 'boolean') throw new ValueError(`${op}: the option 'upper' (a boolean) is required, got ${describe(opts?.upper)}`);
  const left = boolOption(op, 'left', opts.left, true);
  const unit = boolOption(op, 'unitriangular', opts.unitriangular, false);
  const a0 = checkSquare(op, a);
  const b0 = checkMatrix(op, b, 'B');
  // X A = B is A^T X^T = B^T, with A^T's triangle the other one.
  const { a3, b3, batch } = left ? batchedPair(op, a0, b0, a0, b0) : batchedPair(op, mT(a0), mT(b0), a0, b0);
  const x = solveTri(a3, b3, left ? opts.upper : !opts.upper, unit).reshape([...batch, ...b3._shape.slice(1)]);
  return left ? x : mT(x);
}

/** Options of `linalg.solve`. */
export interface SolveOptions {
  /** Solve A X = B (true, the default) or X A = B. */
  left?: boolean;
}

/**
 * Solves A X = B for square A by LU with partial pivoting, batched and broadcast over leading axes. B may be
 * a vector [n] or a batch of vectors [..., n] (when its shape is A's without the last axis), as in PyTorch.
 * A singular A throws a ValueError naming the batch element.
 * @example linalg.solve(tensor([[3, 1], [1, 2]]), tensor([9, 8])) // [2, 3]
 */
export function solve(a: Tensor, b: Tensor, opts: SolveOptions = {}): Tensor {
  const op = 'linalg.solve';
  checkOptions(op, opts, ['left']);
  const left = boolOption(op, 'left', opts.left, true);
  const a0 = checkSquare(op, a);
  if (!(b instanceof Tensor)) throw new ValueError(`${op}: B must be a Tensor, got ${describe(b)}`);
  const vec = b.ndim === 1 || (b.ndim === a0.ndim - 1 && sameShape(b._shape, a0._shape.slice(0, -1)));
  const b0 = vec ? b.unsqueeze(-1) : checkMatrix(op, b, 'B');
  const aa = left ? a0 : mT(a0);
  const bb = left || vec ? b0 : mT(b0);
  const { a3, b3, batch } = batchedPair(op, aa, bb, a0, b);
  const x = luSolve(a3, b3, op, a0._shape.slice()).reshape([...batch, ...b3._shape.slice(1)]);
  if (vec) return x.squeeze(-1);
  return left ? x : mT(x);
}

/**
 * Inverse of a square matrix (or batch) by LU with partial pivoting. A singular matrix throws a ValueError
 * naming the batch element (PyTorch's `linalg.inv_ex` info). d(A^-1) = -A^-1 dA A^-1.
 * @example linalg.inv(tensor([[2, 0], [0, 4]])) // [[0.5, 0], [0, 0.25]]
 */
export function inv(a: Tensor): Tensor {
  const op = 'linalg.inv';
  const x = checkSquare(op, a);
  const { x3, batch } = toBatch(x);
  const n = x._shape[x.ndim - 1]!;
  return luSolve(x3, identity(n, x.dtype).expand(x3._shape.slice()), op, x._shape.slice()).reshape([...batch, n, n]);
}

/**
 * Determinant of a square matrix (or batch), from a pivoted LU. Its gradient g det(A) A^-T needs A
 * invertible (a singular A throws in backward).
 * @example linalg.det(tensor([[1, 2], [3, 4]])) // -2
 */
export function det(a: Tensor): Tensor {
  const x = checkSquare('linalg.det', a);
  const { x3, batch } = toBatch(x);
  return apply('linalgDet', [x3], {}).reshape(batch);
}

/**
 * The sign of det for [size, n, n] (no gradient: piecewise constant). Under vmap it is computed on the whole
 * batch at once and batched again (the values are read, so it cannot go through a batching rule).
 */
function signOfDet(x3: Tensor): Tensor {
  const tr = x3._tracer;
  if (tr !== null && tr.kind === 'batch') {
    const [b, size, n] = tr.phys._shape as [number, number, number];
    return wrapBatch(signOfDet(tr.phys.reshape([b * size, n, n])).reshape([b, size]), tr.level);
  }
  if (tr !== null) return signOfDet(tr.primal);
  const [size, n] = x3._shape as [number, number];
  return Tensor._fromData(getBackend().luDet(x3._contiguousData(), size, n, x3.dtype).sign, [size], x3.dtype);
}

/** The result of `linalg.slogdet`: det = sign * exp(logabsdet). */
export interface SlogdetResult {
  /** -1, 0 or 1 (no gradient). */
  sign: Tensor;
  /** log|det A| (-Infinity when singular); differentiable, with gradient g A^-T. */
  logabsdet: Tensor;
}

/**
 * Sign and log of the absolute determinant, which stays finite where det itself under- or overflows.
 * @example linalg.slogdet(tensor([[1, 2], [3, 4]])) // { sign: -1, logabsdet: log(2) }
 */
export function slogdet(a: Tensor): SlogdetResult {
  const x = checkSquare('linalg.slogdet', a);
  const { x3, batch } = toBatch(x);
  const sign = signOfDet(x3).reshape(batch);
  return { sign, logabsdet: apply('linalgLogAbsDet', [x3], {}).reshape(batch) };
}
