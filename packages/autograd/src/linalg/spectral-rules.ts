import { ValueError } from '../errors.js';
import { concat } from '../ops/join.js';
import type { Tensor } from '../tensor/tensor.js';
import { solveTri } from './primitives.js';
import { apply } from '../primitives/apply.js';
import { cols, constMatrix, diagEmbed, identity, mT, rows, tril } from './util.js';
import { elementsForCheck } from '../transforms/levels.js';

/** Entries [from, from + r * c) of each packed row, as [batch, r, c] matrices. */
export const unpack = (p: Tensor, from: number, r: number, c: number): Tensor => cols(p, from, from + r * c).reshape([p._shape[0]!, r, c]);

/** X R^-T for upper triangular R (a triangular solve with the transposes). */
const solveRightRt = (x: Tensor, r: Tensor): Tensor => mT(solveTri(r, mT(x), true));

/** M's lower triangle mirrored onto its upper one (copyltu in Seeger et al.). */
const copyLower = (m: Tensor): Tensor => tril(m).add(mT(tril(m, -1)));

/**
 * QR's rule for m >= n (Seeger et al. / PyTorch's linalg_qr_backward): with M = R gR^T - gQ^T Q,
 * gA = (gQ + Q copyltu(M)) R^-T.
 */
function qrTall(q: Tensor, r: Tensor, gq: Tensor, gr: Tensor): Tensor {
  const m = r.matmul(mT(gr)).sub(mT(gq).matmul(q));
  return solveRightRt(gq.add(q.matmul(copyLower(m))), r);
}

/**
 * The vjp of the packed [Q | R] output. For m < n, A = Q [U | V] splits into a square part X = Q U and the
 * rest Y = Q V: gY = Q gV, and X gets the square rule with gQ + Y gV^T (Liao et al. 2019).
 */
export function qrVjp(g: Tensor, x: Tensor, out: Tensor, complete: boolean): Tensor {
  const [, m, n] = x._shape as [number, number, number];
  if (complete && m > n) {
    throw new ValueError(`linalg.qr: the QR decomposition is not differentiable when mode='complete' and m > n (input is ${m} x ${n}); use mode='reduced'`);
  }
  const c = Math.min(m, n);
  const q = unpack(out, 0, m, c);
  const r = unpack(out, m * c, c, n);
  const gq = unpack(g, 0, m, c);
  const gr = unpack(g, m * c, c, n);
  if (m >= n) return qrTall(q, r, gq, gr);
  const v = cols(r, m, n);
  const gv = cols(gr, m, n);
  const gx = qrTall(q, cols(r, 0, m), gq.add(q.matmul(v).matmul(mT(gv))), cols(gr, 0, m));
  return concat([gx, q.matmul(gv)], -1);
}

/** True when every entry is 0 (the gradient of an output the loss does not use); under vmap, of every example. */
const allZero = (t: Tensor): boolean => elementsForCheck(t).every((v) => v === 0);

/** E[i][j] = w_j - w_i off the diagonal and 1 on it (the diagonal of what it divides is zero). */
const gaps = (w: Tensor): Tensor => w.unsqueeze(-2).sub(w.unsqueeze(-1)).add(identity(w._shape[w.ndim - 1]!, w.dtype));

/** The vjp of the packed [eigenvalues | eigenvectors] output: gA = V (diag(gλ) + skew(V^T gV) / E) V^T, E_ij = λ_j - λ_i. */
export function eighVjp(g: Tensor, out: Tensor): Tensor {
  const n = Math.round((Math.sqrt(1 + 4 * out._shape[1]!) - 1) / 2);
  const lam = cols(out, 0, n);
  const v = unpack(out, n, n, n);
  const gl = cols(g, 0, n);
  const gv = unpack(g, n, n, n);
  // Only eigenvalues used (gV all zero, as when PyTorch's grad_V is undefined): skip the gap division, which
  // would give 0/0 at repeated eigenvalues.
  if (allZero(gv)) return v.mul(gl.unsqueeze(-2)).matmul(mT(v));
  const vgv = mT(v).matmul(gv);
  const inner = vgv.sub(mT(vgv)).mul(0.5).div(gaps(lam)).add(diagEmbed(gl));
  return v.matmul(inner).matmul(mT(v));
}

/**
 * The vjp of the packed [U | S | Vh] output (Townsend's real-case formula, as PyTorch's svd_backward), with
 * E_ij = s_j^2 - s_i^2:
 *   gA = U [ (U^T gU - gU^T U) / E · S + S · (V^T gV - gV^T V) / E + diag(gS) ] Vh
 *        + (I - U U^T) gU S^-1 Vh (m > k) + U S^-1 gVh (I - V Vh) (n > k).
 * With full matrices only the first k columns of U and rows of Vh take part (PyTorch narrows them too).
 */
export function svdVjp(g: Tensor, x: Tensor, out: Tensor, full: boolean): Tensor {
  const [, m, n] = x._shape as [number, number, number];
  const k = Math.min(m, n);
  const uc = full ? m : k;
  const vr = full ? n : k;
  const narrowU = (p: Tensor) => cols(unpack(p, 0, m, uc), 0, k);
  const narrowVh = (p: Tensor) => rows(unpack(p, m * uc + k, vr, n), 0, k);
  const u = narrowU(out);
  const vh = narrowVh(out);
  const s = cols(out, m * uc, m * uc + k);
  const gu = narrowU(g);
  const gvh = narrowVh(g);
  const gs = cols(g, m * uc, m * uc + k);
  if (allZero(gu) && allZero(gvh)) return u.mul(gs.unsqueeze(-2)).matmul(vh); // only S used: no gap division
  const e = gaps(s.square());
  const sRow = s.unsqueeze(-2);
  const sCol = s.unsqueeze(-1);
  const ugu = mT(u).matmul(gu);
  const vgv = vh.matmul(mT(gvh));
  const inner = ugu.sub(mT(ugu)).div(e).mul(sRow).add(sCol.mul(vgv.sub(mT(vgv)).div(e))).add(diagEmbed(gs));
  let ga = u.matmul(inner).matmul(vh);
  if (m > k) ga = ga.add(gu.sub(u.matmul(ugu)).div(sRow).matmul(vh));
  if (n > k) ga = ga.add(u.matmul(gvh.sub(mT(vgv).matmul(vh)).div(sCol)));
  return ga;
}

/**
 * The cofactor matrix of square A [batch, n, n] from its SVD, defined for singular A too:
 * cof(A) = det(U) det(Vh) U diag(π) Vh with π_i the product of the other singular values.
 */
export function cofactor(x: Tensor): Tensor {
  const [batch, n] = x._shape as [number, number, number];
  const packed = apply('linalgSvd', [x], { full: false });
  const u = unpack(packed, 0, n, n);
  const s = cols(packed, n * n, n * n + n);
  const vh = unpack(packed, n * n + n, n, n);
  const sign = apply('linalgDet', [u.detach()], {}).mul(apply('linalgDet', [vh.detach()], {}));
  const others = s.unsqueeze(-2).expand([batch, n, n]).where(constMatrix(n, n, x.dtype, (i, j) => (i === j ? 0 : 1)).ne(0), 1).prod(-1);
  return u.mul(others.unsqueeze(-2)).matmul(vh).mul(sign.unsqueeze(-1).unsqueeze(-1));
}
