import { ValueError, describe } from '../errors.js';
import { apply } from '../primitives/apply.js';
import type { Tensor } from '../tensor/tensor.js';
import { zeros } from '../creation/fill.js';
import { boolOption, checkMatrix, checkOptions, checkSquare, toBatch } from './checks.js';
import { unpack } from './spectral-rules.js';
import { cols } from './util.js';

/** Options of `linalg.qr`. */
export interface QrOptions {
  /** 'reduced' (default): Q [m, k], R [k, n], k = min(m, n); 'complete': Q [m, m], R [m, n]; 'r': R only (Q empty). */
  mode?: 'reduced' | 'complete' | 'r';
}

/** The result of `linalg.qr`: A = Q R, Q with orthonormal columns, R upper triangular. */
export interface QrResult {
  /** Orthonormal columns, [..., m, k] ([..., m, m] for 'complete'; empty for 'r'). */
  Q: Tensor;
  /** Upper triangular, [..., k, n] ([..., m, n] for 'complete'). */
  R: Tensor;
}

/**
 * QR decomposition by Householder reflections (LAPACK's sign convention: R's diagonal may be negative),
 * batched over leading axes. Differentiable except for mode 'complete' with m > n (as in PyTorch).
 * @example const { Q, R } = linalg.qr(tensor([[3, 1], [4, 2]])) // Q R reproduces A, Q^T Q = I
 */
export function qr(a: Tensor, opts: QrOptions = {}): QrResult {
  const op = 'linalg.qr';
  checkOptions(op, opts, ['mode']);
  const mode = opts.mode ?? 'reduced';
  if (mode !== 'reduced' && mode !== 'complete' && mode !== 'r') throw new ValueError(`${op}: mode must be 'reduced', 'complete' or 'r', got ${describe(mode)}`);
  const x = checkMatrix(op, a);
  const { x3, batch } = toBatch(x);
  const [, m, n] = x3._shape as [number, number, number];
  const complete = mode === 'complete';
  const c = complete ? m : Math.min(m, n);
  const packed = apply('linalgQr', [x3], { complete });
  const R = unpack(packed, m * c, c, n).reshape([...batch, c, n]);
  if (mode === 'r') return { Q: zeros([0], { dtype: x.dtype }), R };
  return { Q: unpack(packed, 0, m, c).reshape([...batch, m, c]), R };
}

/** Options of `linalg.eigh` and `linalg.eigvalsh`. */
export interface EighOptions {
  /** Which triangle of A is read: 'L' (default) or 'U'. */
  uplo?: 'L' | 'U';
}

/** The result of `linalg.eigh`: A = V diag(eigenvalues) V^T with V = eigenvectors (columns). */
export interface EighResult {
  /** Ascending, [..., n]. */
  eigenvalues: Tensor;
  /** Orthonormal columns, [..., n, n]; each column's sign is arbitrary, so losses should not depend on it. */
  eigenvectors: Tensor;
}

function uploOf(op: string, opts: EighOptions): boolean {
  checkOptions(op, opts, ['uplo']);
  const uplo = opts.uplo ?? 'L';
  if (uplo !== 'L' && uplo !== 'U') throw new ValueError(`${op}: uplo must be 'L' or 'U', got ${describe(uplo)}`);
  return uplo === 'U';
}

/**
 * Eigendecomposition of a symmetric matrix (or batch) by cyclic Jacobi rotations, reading one triangle.
 * The gradient (PyTorch's) divides by eigenvalue gaps, so it is infinite for repeated eigenvalues unless the
 * loss is invariant to the eigenvectors' choice; use `eigvalsh` when only the eigenvalues matter.
 * @example linalg.eigh(tensor([[2, 1], [1, 2]])).eigenvalues // [1, 3]
 */
export function eigh(a: Tensor, opts: EighOptions = {}): EighResult {
  const op = 'linalg.eigh';
  const upper = uploOf(op, opts);
  const x = checkSquare(op, a);
  const { x3, batch } = toBatch(x);
  const n = x3._shape[1]!;
  const packed = apply('linalgEigh', [x3], { upper });
  return { eigenvalues: cols(packed, 0, n).reshape([...batch, n]), eigenvectors: unpack(packed, n, n, n).reshape([...batch, n, n]) };
}

/**
 * Eigenvalues of a symmetric matrix (or batch), ascending; the gradient V diag(g) V^T is finite even for
 * repeated eigenvalues.
 * @example linalg.eigvalsh(tensor([[2, 1], [1, 2]])) // [1, 3]
 */
export function eigvalsh(a: Tensor, opts: EighOptions = {}): Tensor {
  const op = 'linalg.eigvalsh';
  const upper = uploOf(op, opts);
  const x = checkSquare(op, a);
  const { x3, batch } = toBatch(x);
  return apply('linalgEigvalsh', [x3], { upper }).reshape([...batch, x3._shape[1]!]);
}

/** Options of `linalg.svd`. */
export interface SvdOptions {
  /** Full U [m, m] and Vh [n, n] (default true, as PyTorch) or reduced U [m, k], Vh [k, n]. */
  fullMatrices?: boolean;
}

/** The result of `linalg.svd`: A = U diag(S) Vh. */
export interface SvdResult {
  /** Left singular vectors as orthonormal columns, [..., m, m] (full) or [..., m, k]. */
  U: Tensor;
  /** Singular values, descending, [..., k], k = min(m, n). */
  S: Tensor;
  /** Right singular vectors as orthonormal rows, [..., n, n] (full) or [..., k, n]. */
  Vh: Tensor;
}

/**
 * Singular value decomposition by one-sided Jacobi, accurate to high relative precision even for small
 * singular values of ill-conditioned input. The gradient is PyTorch's (it divides by gaps between singular
 * values, so losses should be invariant to the vectors' signs; with `fullMatrices` only the first k
 * columns of U and rows of Vh carry gradient, as in PyTorch).
 * @example const { U, S, Vh } = linalg.svd(tensor([[3, 0], [0, -2]])) // S = [3, 2]
 */
export function svd(a: Tensor, opts: SvdOptions = {}): SvdResult {
  const op = 'linalg.svd';
  checkOptions(op, opts, ['fullMatrices']);
  const full = boolOption(op, 'fullMatrices', opts.fullMatrices, true);
  const x = checkMatrix(op, a);
  const { x3, batch } = toBatch(x);
  const [, m, n] = x3._shape as [number, number, number];
  const k = Math.min(m, n);
  const uc = full ? m : k;
  const vr = full ? n : k;
  const packed = apply('linalgSvd', [x3], { full });
  return {
    U: unpack(packed, 0, m, uc).reshape([...batch, m, uc]),
    S: cols(packed, m * uc, m * uc + k).reshape([...batch, k]),
    Vh: unpack(packed, m * uc + k, vr, n).reshape([...batch, vr, n]),
  };
}

/**
 * Singular values, descending, [..., min(m, n)]; the gradient U diag(g) Vh is finite even for repeated
 * singular values.
 * @example linalg.svdvals(tensor([[3, 0], [0, -2]])) // [3, 2]
 */
export function svdvals(a: Tensor): Tensor {
  const x = checkMatrix('linalg.svdvals', a);
  const { x3, batch } = toBatch(x);
  return apply('linalgSvdvals', [x3], {}).reshape([...batch, Math.min(x3._shape[1]!, x3._shape[2]!)]);
}
