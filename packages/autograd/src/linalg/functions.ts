import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { zeros } from '../creation/fill.js';
import { checkTensor } from '../ops/operand.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkMatrix, checkOptions, checkSquare } from './checks.js';
import { svdvals } from './decomp.js';
import { inv } from './factor.js';
import { matrixRank, pinv, type RankTolerance } from './norms.js';
import { identity } from './util.js';
import { elementsForCheck } from '../transforms/levels.js';

/**
 * A^n for an integer n by repeated squaring (n = 0 gives the identity, n < 0 powers of the inverse),
 * batched over leading axes.
 * @example linalg.matrixPower(tensor([[1, 1], [0, 1]]), 3) // [[1, 3], [0, 1]]
 */
export function matrixPower(a: Tensor, n: number): Tensor {
  const op = 'linalg.matrixPower';
  const x = checkSquare(op, a);
  if (typeof n !== 'number' || !Number.isInteger(n)) throw new ValueError(`${op}: n must be an integer, got ${describe(n)}`);
  const size = x._shape[x.ndim - 1]!;
  if (n === 0) return identity(size, x.dtype).expand(x._shape.slice()).add(x.mul(0)); // keeps x's graph, gradient 0
  let base = n < 0 ? inv(x) : x;
  let result: Tensor | null = null;
  for (let k = Math.abs(n); k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) result = result === null ? base : result.matmul(base);
    if (k > 1) base = base.matmul(base);
  }
  return result!;
}

/**
 * Matrix exponential by scaling and squaring: A / 2^s (1-norm <= 1/2) through a degree-18 Taylor polynomial
 * (Horner), then squared s times. The truncation error is below 1e-22 relative, so the gradient (of this
 * composition) is exact to float64 precision too.
 * @example linalg.matrixExp(tensor([[0, 1], [0, 0]])) // [[1, 1], [0, 1]]
 */
export function matrixExp(a: Tensor): Tensor {
  const x = checkSquare('linalg.matrixExp', a);
  const n = x._shape[x.ndim - 1]!;
  // One scaling for the whole batch (under vmap too: elementsForCheck reads every example's column sums).
  const norm1 = x._shape.includes(0) ? 0 : Math.max(0, ...Array.from(elementsForCheck(x.detach().abs().sum(-2))));
  if (!Number.isFinite(norm1)) return x.add(NaN); // NaN/Inf input: NaN out, as PyTorch's Padé gives
  const s = norm1 > 0.5 ? Math.ceil(Math.log2(norm1 / 0.5)) : 0;
  const scaled = s > 0 ? x.div(2 ** s) : x;
  const eye = identity(n, x.dtype);
  let p = eye.expand(x._shape.slice());
  for (let k = 18; k >= 1; k--) p = eye.add(scaled.matmul(p).div(k));
  for (let i = 0; i < s; i++) p = p.matmul(p);
  return p;
}

/** The result of `linalg.lstsq`. */
export interface LstsqResult {
  /** The minimum-norm least-squares solution X of min ||A X - B||, [..., n, k]. */
  solution: Tensor;
  /** Squared residual norms per column [..., k] when m > n and A has full rank n; otherwise empty. */
  residuals: Tensor;
  /** Numerical rank of A (int32). */
  rank: Tensor;
  /** A's singular values, descending. */
  singularValues: Tensor;
}

/**
 * Least squares min ||A X - B|| (minimum-norm X when A is rank deficient, like the 'gelsd' driver), via the
 * pseudo-inverse; B is [..., m, k], or [m] for one right-hand side. `rcond` sets the relative cutoff for
 * small singular values (default eps * max(m, n)).
 * @example linalg.lstsq(tensor([[1, 0], [0, 1], [1, 1]]), tensor([[1], [2], [3]])).solution // [[1], [2]]
 */
export function lstsq(a: Tensor, b: Tensor, opts: { rcond?: number } = {}): LstsqResult {
  const op = 'linalg.lstsq';
  checkOptions(op, opts, ['rcond']);
  if (opts.rcond !== undefined && (typeof opts.rcond !== 'number' || !(opts.rcond >= 0))) throw new ValueError(`${op}: rcond must be a number >= 0, got ${describe(opts.rcond)}`);
  const x = checkMatrix(op, a);
  const y0 = checkTensor(op, b, 'B');
  const vec = y0.ndim === 1;
  const y = vec ? y0.unsqueeze(-1) : checkMatrix(op, y0, 'B');
  const [m, n] = x._shape.slice(-2) as [number, number];
  if (y._shape[y.ndim - 2] !== m) throw new ShapeError(`${op}: A ${fmtShape(x._shape)} has ${m} rows but B ${fmtShape(y0._shape)} has ${y._shape[y.ndim - 2]}`);
  const tol: RankTolerance = opts.rcond === undefined ? {} : { rtol: opts.rcond };
  const p = pinv(x, tol);
  const solution = p.matmul(y.astype(p.dtype));
  const rank = matrixRank(x, tol);
  // Residuals when every matrix of the batch (every example, under vmap) has full rank, as PyTorch.
  const full = m > n && Array.from(elementsForCheck(rank)).every((r) => r === n);
  const residuals = full ? x.matmul(solution).sub(y).square().sum(-2) : zeros([0], { dtype: p.dtype });
  return { solution: vec ? solution.squeeze(-1) : solution, residuals: vec && full ? residuals.squeeze(-1) : residuals, rank, singularValues: svdvals(x) };
}

/**
 * The product of two or more matrices, multiplied in the order that needs the fewest scalar multiplications
 * (dynamic programming over the chain). The first may be 1-D (a row vector) and the last 1-D (a column
 * vector), as in torch.linalg.multi_dot.
 * @example linalg.multiDot([ones([1, 100]), ones([100, 100]), ones([100, 1])]) // [[10000]]
 */
export function multiDot(tensors: readonly Tensor[]): Tensor {
  const op = 'linalg.multiDot';
  if (!Array.isArray(tensors) || tensors.length < 2) throw new ValueError(`${op}: expected an array of at least 2 tensors, got ${describe(tensors)}`);
  const last = tensors.length - 1;
  const ms = tensors.map((t, i) => {
    const u = checkTensor(op, t, `tensors[${i}]`);
    const oneD = u.ndim === 1 && (i === 0 || i === last);
    if (u.ndim !== 2 && !oneD) throw new ShapeError(`${op}: tensors[${i}] must be 2-D${i === 0 || i === last ? ' or 1-D' : ''}, got shape ${fmtShape(u._shape)}`);
    return oneD ? (i === 0 ? u.unsqueeze(0) : u.unsqueeze(1)) : u;
  });
  ms.forEach((u, i) => {
    if (i > 0 && ms[i - 1]!._shape[1] !== u._shape[0]) {
      throw new ShapeError(`${op}: tensors[${i - 1}] ${fmtShape(tensors[i - 1]!.shape)} and tensors[${i}] ${fmtShape(tensors[i]!.shape)} cannot be multiplied (${ms[i - 1]!._shape[1]} vs ${u._shape[0]})`);
    }
  });
  const dims = [ms[0]!._shape[0]!, ...ms.map((u) => u._shape[1]!)];
  const k = ms.length;
  const cost: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const split: number[][] = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let len = 1; len < k; len++) {
    for (let i = 0; i + len < k; i++) {
      const j = i + len;
      cost[i]![j] = Infinity;
      for (let s = i; s < j; s++) {
        const c = cost[i]![s]! + cost[s + 1]![j]! + dims[i]! * dims[s + 1]! * dims[j + 1]!;
        if (c < cost[i]![j]!) {
          cost[i]![j] = c;
          split[i]![j] = s;
        }
      }
    }
  }
  const chain = (i: number, j: number): Tensor => (i === j ? ms[i]! : chain(i, split[i]![j]!).matmul(chain(split[i]![j]! + 1, j)));
  let out = chain(0, k - 1);
  if (tensors[last]!.ndim === 1) out = out.squeeze(1);
  if (tensors[0]!.ndim === 1) out = out.squeeze(0);
  return out;
}

