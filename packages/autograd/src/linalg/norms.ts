import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { norm } from '../ops/statistics.js';
import { floatOperand } from '../ops/operand.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { boolOption, checkMatrix, checkOptions, checkSquare, toBatch } from './checks.js';
import { svdvals } from './decomp.js';
import { inv } from './factor.js';

/** Options of `linalg.vectorNorm`. */
export interface VectorNormOptions {
  /** The order p: any number but NaN, or ±Infinity (default 2). */
  ord?: number;
  /** Axes to reduce (all when undefined). */
  axis?: number | number[];
  /** Keep the reduced axes as size 1. Default false. */
  keepDims?: boolean;
}

/**
 * Vector p-norm over `axis` (all axes by default), as torch.linalg.vector_norm: (sum |x|^p)^(1/p), max |x|
 * for Infinity, min |x| for -Infinity, the count of nonzeros for 0. Takes (x, ord, axis, keepDims) or
 * (x, { ord, axis, keepDims }). At the zero vector the 2-norm's gradient is 0.
 * @example linalg.vectorNorm(tensor([3, 4])) // 5
 */
export function vectorNorm(x: Tensor, ord: number | VectorNormOptions = 2, axis?: number | number[], keepDims = false): Tensor {
  const op = 'linalg.vectorNorm';
  if (typeof ord === 'object') {
    checkOptions(op, ord, ['ord', 'axis', 'keepDims']);
    return vectorNorm(x, ord.ord ?? 2, ord.axis, boolOption(op, 'keepDims', ord.keepDims, false));
  }
  if (typeof ord !== 'number' || Number.isNaN(ord)) throw new ValueError(`${op}: ord must be a number or ±Infinity, got ${describe(ord)}`);
  const t = floatOperand(op, x);
  if (ord >= 0 || ord === -Infinity) return norm(t, ord, axis, keepDims);
  // Negative p: (sum |x|^p)^(1/p), which is 0 as soon as one entry is 0 (|0|^p = Inf), as in PyTorch.
  return t.abs().pow(ord).sum(axis, keepDims).pow(1 / ord);
}

/** The orders `linalg.matrixNorm` accepts. */
export type MatrixNormOrd = 'fro' | 'nuc' | 1 | -1 | 2 | -2 | typeof Infinity;

/** Options of `linalg.matrixNorm`. */
export interface MatrixNormOptions {
  /** 'fro' (default), 'nuc', 1, -1, 2, -2, Infinity or -Infinity. */
  ord?: MatrixNormOrd;
  /** The two matrix axes (default [-2, -1]). */
  axis?: [number, number];
  /** Keep the reduced axes as size 1. Default false. */
  keepDims?: boolean;
}

const ORDS: readonly unknown[] = ['fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity];

/**
 * Matrix norm over two axes, as torch.linalg.matrix_norm: Frobenius ('fro'), nuclear ('nuc', the sum of
 * singular values), spectral (2: the largest singular value; -2: the smallest), max/min absolute column sum
 * (1/-1) and max/min absolute row sum (Infinity/-Infinity).
 * @example linalg.matrixNorm(tensor([[1, -2], [3, 4]]), { ord: 1 }) // 6
 */
export function matrixNorm(x: Tensor, opts: MatrixNormOptions = {}): Tensor {
  const op = 'linalg.matrixNorm';
  checkOptions(op, opts, ['ord', 'axis', 'keepDims']);
  const ord = opts.ord ?? 'fro';
  if (!ORDS.includes(ord)) throw new ValueError(`${op}: ord must be one of 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, got ${describe(ord)}`);
  const keepDims = boolOption(op, 'keepDims', opts.keepDims, false);
  const t = checkMatrix(op, x);
  const axes = normalizeAxes(op, opts.axis ?? [-2, -1], t.ndim);
  if (axes.length !== 2 || axes[0] === axes[1]) throw new ShapeError(`${op}: axis must name two different axes of the input ${fmtShape(t._shape)}, got ${describe(opts.axis)}`);
  const [r, c] = axes as [number, number];
  if (ord === 'fro') return norm(t, 2, [r, c], keepDims);
  // Move the two axes last (rows, then columns), reduce, and put size-1 axes back when keepDims.
  const rest = t._shape.map((_, i) => i).filter((i) => i !== r && i !== c);
  const m = t.permute(...rest, r, c);
  let out: Tensor;
  if (ord === 'nuc') out = svdvals(m).sum(-1);
  else if (ord === 2 || ord === -2) out = ord === 2 ? svdvals(m).max(-1) : svdvals(m).min(-1);
  else if (ord === 1 || ord === -1) out = ord === 1 ? m.abs().sum(-2).max(-1) : m.abs().sum(-2).min(-1);
  else out = ord === Infinity ? m.abs().sum(-1).max(-1) : m.abs().sum(-1).min(-1);
  if (!keepDims) return out;
  for (const a of [r, c].sort((p, q) => p - q)) out = out.unsqueeze(a);
  return out;
}

/**
 * Condition number of a matrix (or batch) in the norm `p`: s_max / s_min for 2 (the default, any shape)
 * and s_min / s_max for -2 from the singular values; otherwise norm(A) * norm(A^-1) for square A.
 * @example linalg.cond(tensor([[1, 0], [0, 1e-3]])) // 1000
 */
export function cond(a: Tensor, p: MatrixNormOrd = 2): Tensor {
  const op = 'linalg.cond';
  if (!ORDS.includes(p)) throw new ValueError(`${op}: p must be one of 'fro', 'nuc', 1, -1, 2, -2, Infinity, -Infinity, got ${describe(p)}`);
  if (p === 2 || p === -2) {
    const s = svdvals(checkMatrix(op, a));
    return p === 2 ? s.max(-1).div(s.min(-1)) : s.min(-1).div(s.max(-1));
  }
  const x = checkSquare(op, a);
  return matrixNorm(x, { ord: p }).mul(matrixNorm(inv(x), { ord: p }));
}

/** Options of `linalg.matrixRank` and `linalg.pinv`: singular values <= max(atol, rtol * s_max) count as zero. */
export interface RankTolerance {
  /** Absolute tolerance (default 0). */
  atol?: number;
  /** Relative tolerance (default eps * max(m, n) when atol is not given, else 0), as PyTorch. */
  rtol?: number;
}

/** The tolerances PyTorch uses: rtol = eps(dtype) * max(m, n) unless atol or rtol is given. */
export function tolerances(op: string, x: Tensor, opts: RankTolerance): { atol: number; rtol: number } {
  checkOptions(op, opts, ['atol', 'rtol']);
  for (const k of ['atol', 'rtol'] as const) {
    const v = opts[k];
    if (v !== undefined && (typeof v !== 'number' || !(v >= 0))) throw new ValueError(`${op}: ${k} must be a number >= 0, got ${describe(v)}`);
  }
  const eps = x.dtype === 'float64' ? 2.220446049250313e-16 : 1.1920928955078125e-7;
  const [m, n] = x._shape.slice(-2) as [number, number];
  const atol = opts.atol ?? 0;
  const rtol = opts.rtol ?? (opts.atol !== undefined && opts.atol > 0 ? 0 : eps * Math.max(m, n));
  return { atol, rtol };
}

/**
 * Numerical rank: the count of singular values above max(atol, rtol * s_max), as an int32 tensor
 * (no gradient).
 * @example linalg.matrixRank(tensor([[1, 2], [2, 4]])) // 1
 */
export function matrixRank(a: Tensor, opts: RankTolerance = {}): Tensor {
  const op = 'linalg.matrixRank';
  const x = checkMatrix(op, a);
  const { atol, rtol } = tolerances(op, x, opts);
  const s = svdvals(x.detach());
  const smax = s._shape.at(-1)! > 0 ? s.max(-1, true) : s.sum(-1, true);
  return s.gt(smax.mul(rtol).maximum(atol)).astype('int32').sum(-1);
}

/**
 * Moore-Penrose pseudo-inverse from the SVD, dropping singular values <= max(atol, rtol * s_max). Its
 * gradient is Golub & Pereyra's (PyTorch's), exact where the rank is locally constant.
 * @example linalg.pinv(tensor([[1, 2], [2, 4]])) // [[0.04, 0.08], [0.08, 0.16]]
 */
export function pinv(a: Tensor, opts: RankTolerance = {}): Tensor {
  const op = 'linalg.pinv';
  const x = checkMatrix(op, a);
  const { atol, rtol } = tolerances(op, x, opts);
  const { x3, batch } = toBatch(x);
  const [, m, n] = x3._shape as [number, number, number];
  return apply('linalgPinv', [x3], { atol, rtol }).reshape([...batch, n, m]);
}

