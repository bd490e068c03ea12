import { ValueError } from '../../errors.js';
import { concat } from '../../ops/join.js';
import { luSolve, solveTri, type LinalgDecompParams } from '../../linalg/primitives.js';
import { cofactor, unpack } from '../../linalg/spectral-rules.js';
import { cols, constMatrix, diagonal, identity, mT, tril, triu } from '../../linalg/util.js';
import type { Tensor } from '../../tensor/tensor.js';
import { hasElements } from '../../transforms/levels.js';
import { apply } from '../apply.js';
import type { JvpTable } from '../types.js';
import { sumTerms } from './util.js';

/*
 * Forward-mode rules of the decompositions. Inputs are [batch, ...] stacks of matrices; every formula below
 * acts matrix by matrix (matmul and the solves batch over the leading axis). Cholesky and eigh read one
 * triangle of a symmetric input, and their vjps return symmetric gradients (PyTorch's convention, differentiating
 * along symmetric perturbations): the jvps symmetrise the tangent, so jvp and vjp stay adjoint (jacfwd = jacrev).
 */

/** (T + T^T) / 2. */
const sym = (t: Tensor): Tensor => t.add(mT(t)).mul(0.5);
/** tr(M) of each matrix of the batch. */
const trace = (m: Tensor): Tensor => diagonal(m).sum(-1);
/** F_ij = 1 / (w_j - w_i) off the diagonal, 0 on it (the diagonal of what it multiplies is handled apart). */
function inverseGaps(w: Tensor): Tensor {
  const n = w._shape[w.ndim - 1]!;
  const gaps = w.unsqueeze(-2).sub(w.unsqueeze(-1)).add(identity(n, w.dtype));
  return constMatrix(n, n, w.dtype, (i, j) => (i === j ? 0 : 1)).div(gaps);
}
/** Packs per-matrix tangents side by side as the primitive packs its outputs: [batch, total]. */
const packed = (parts: readonly Tensor[]): Tensor => concat(parts.map((p) => p.reshape([p._shape[0]!, p.size / p._shape[0]!])), 1);

/**
 * Square QR, A = Q R with R [c, c] invertible and dA [m, c]: with C = Q^T dA R^-1 and Ω = Q^T dQ (skew), C = Ω
 * + dR R^-1 (upper), so Ω = tril(C, -1) - tril(C, -1)^T, dR = (C - Ω) R, dQ = dA R^-1 - Q (C - Ω).
 */
function qrSquareJvp(q: Tensor, r: Tensor, da: Tensor): [Tensor, Tensor] {
  const dar = mT(solveTri(mT(r), mT(da), false));
  const c = mT(q).matmul(dar);
  const low = tril(c, -1);
  const d = c.sub(low).add(mT(low)); // C - Ω = dR R^-1
  return [dar.sub(q.matmul(d)), d.matmul(r)];
}

/**
 * SVD, A = U S V^T reduced (k = min(m, n)), Townsend's forward formulas with dP = U^T dA V, F_ij = 1 / (s_j^2 - s_i^2):
 * dS = diag(dP), dU = U (F o (dP S + S dP^T)) + (I - U U^T) dA V S^-1, dV = V (F o (S dP + dP^T S)) + (I - V V^T) dA^T U S^-1.
 */
function svdJvp(u: Tensor, s: Tensor, vh: Tensor, da: Tensor): [Tensor, Tensor, Tensor] {
  const [, m, n] = da._shape as [number, number, number];
  const k = s._shape[1]!;
  const v = mT(vh);
  const dav = da.matmul(v);
  const dp = mT(u).matmul(dav);
  const f = inverseGaps(s.square());
  const sRow = s.unsqueeze(-2);
  const sCol = s.unsqueeze(-1);
  let du = u.matmul(f.mul(dp.mul(sRow).add(sCol.mul(mT(dp)))));
  let dv = v.matmul(f.mul(sCol.mul(dp).add(mT(dp).mul(sRow))));
  if (m > k) du = du.add(dav.sub(u.matmul(dp)).div(sRow));
  if (n > k) dv = dv.add(mT(da).matmul(u).sub(v.matmul(mT(dp))).div(sRow));
  return [du, diagonal(dp), mT(dv)];
}

export const linalgDecompJvpRules = {
  // A = L L^T: dA = dL L^T + L dL^T, so L^-1 dA L^-T = X + X^T with X = L^-1 dL lower: dL = L Phi(L^-1 dA L^-T),
  // Phi = the lower triangle with half the diagonal.
  linalgCholesky: ([t], { out: l }) => {
    if (!t) return null;
    const m = solveTri(l, mT(solveTri(l, sym(t), false)), false);
    return l.matmul(tril(m).sub(m.mul(identity(m._shape[1]!, m.dtype)).mul(0.5)));
  },
  // A X = B: dA X + A dX = dB, dX = A^-1 (dB - dA X), with only A's read triangle of dA (strict when unit).
  linalgSolveTriangular: ([ta, tb], { inputs: [a], out: x, params: { upper, unit } }) => {
    const tri = ta ? (upper ? triu(ta, unit ? 1 : 0) : tril(ta, unit ? -1 : 0)) : null;
    const rhs = sumTerms([tb ?? null, tri ? tri.matmul(x).neg() : null]);
    return rhs && solveTri(a!, rhs, upper, unit);
  },
  // A X = B: dX = A^-1 (dB - dA X), one more solve with the same A.
  linalgLuSolve: ([ta, tb], { inputs: [a], out: x, params: { op, shape } }) => {
    const rhs = sumTerms([tb ?? null, ta ? ta.matmul(x).neg() : null]);
    return rhs && luSolve(a!, rhs, op, shape);
  },
  // Jacobi: d det A = tr(adj(A) dA) = det(A) tr(A^-1 dA) when A is invertible; at a singular A (or when the
  // values cannot be read, under vmap) sum(cof(A) o dA) from the SVD, as the vjp does.
  linalgDet: ([t], { inputs: [x], out }) => {
    if (!t) return null;
    if (hasElements(out) && out.data().every((d) => d !== 0)) return out.mul(trace(luSolve(x!, t, 'linalg.det (jvp)')));
    return cofactor(x!).mul(t).sum([-2, -1]);
  },
  // d log|det A| = tr(A^-1 dA).
  linalgLogAbsDet: ([t], { inputs: [x] }) => (t ? trace(luSolve(x!, t, 'linalg.slogdet (jvp)')) : null),
  // Reduced (or complete with m <= n, the same factors): m >= n is the square rule on [m, n]; m < n splits
  // A = Q [U | V] into X = Q U (square rule) and Y = Q V, so dV = dQ^T Y + Q^T dY.
  linalgQr: ([t], { inputs: [x], out, params: { complete } }) => {
    if (!t) return null;
    const [, m, n] = x!._shape as [number, number, number];
    if (complete && m > n) {
      throw new ValueError(`linalg.qr: the QR decomposition is not differentiable when mode='complete' and m > n (input is ${m} x ${n}); use mode='reduced'`);
    }
    const c = Math.min(m, n);
    const q = unpack(out, 0, m, c);
    const r = unpack(out, m * c, c, n);
    if (m >= n) return packed(qrSquareJvp(q, r, t));
    const [dq, du] = qrSquareJvp(q, cols(r, 0, m), cols(t, 0, m));
    const dv = mT(dq).matmul(cols(x!, m, n)).add(mT(q).matmul(cols(t, m, n)));
    return packed([dq, concat([du, dv], -1)]);
  },
  // A V = V W: with P = V^T dA V, dW = diag(P) and V^T dV = F o P, F_ij = 1 / (w_j - w_i) (zero diagonal).
  linalgEigh: ([t], { out }) => {
    if (!t) return null;
    const n = t._shape[1]!;
    const w = cols(out, 0, n);
    const v = unpack(out, n, n, n);
    const p = mT(v).matmul(sym(t)).matmul(v);
    return packed([diagonal(p), v.matmul(inverseGaps(w).mul(p))]);
  },
  // dw_i = v_i^T dA v_i, with V from a differentiable eigh of the input (so the rule has derivatives too).
  linalgEigvalsh: ([t], { inputs: [x], params: { upper } }) => {
    if (!t) return null;
    const n = t._shape[1]!;
    const v = unpack(apply('linalgEigh', [x!], { upper }), n, n, n);
    return t.matmul(v).mul(v).sum(-2);
  },
  // Reduced: svdJvp. Full (m != n): U's last m - k columns and Vh's last n - k rows are any orthonormal
  // completion, with no derivative of their own: their tangent is zero (PyTorch's convention, the adjoint of
  // the vjp, which ignores their gradient).
  linalgSvd: ([t], { inputs: [x], out, params: { full } }) => {
    if (!t) return null;
    const [, m, n] = x!._shape as [number, number, number];
    const k = Math.min(m, n);
    const uc = full ? m : k;
    const vr = full ? n : k;
    const u = cols(unpack(out, 0, m, uc), 0, k);
    const vh = unpack(out, m * uc + k, vr, n).slice([[], [0, k], []]);
    const [du, ds, dvh] = svdJvp(u, cols(out, m * uc, m * uc + k), vh, t);
    const padU = uc > k ? apply('pad', [du], { widths: [[0, 0], [0, 0], [0, uc - k]], value: 0 }) : du;
    const padVh = vr > k ? apply('pad', [dvh], { widths: [[0, 0], [0, vr - k], [0, 0]], value: 0 }) : dvh;
    return packed([padU, ds, padVh]);
  },
  // ds_i = u_i^T dA v_i, with U, V from a differentiable svd of the input.
  linalgSvdvals: ([t], { inputs: [x] }) => {
    if (!t) return null;
    const [batch, m, n] = x!._shape as [number, number, number];
    const k = Math.min(m, n);
    const svd = apply('linalgSvd', [x!], { full: false });
    const u = unpack(svd, 0, m, k);
    const vh = unpack(svd, m * k + k, k, n);
    return t.matmul(mT(vh)).mul(u).sum(-2).reshape([batch, k]);
  },
  // Golub & Pereyra at constant rank, P = A^+: dP = -P dA P + P P^T dA^T (I - A P) + (I - P A) dA^T P^T P.
  linalgPinv: ([t], { inputs: [x], out: p }) => {
    if (!t) return null;
    const [, m, n] = x!._shape as [number, number, number];
    const tt = mT(t);
    const leftProj = identity(m, x!.dtype).sub(x!.matmul(p));
    const rightProj = identity(n, x!.dtype).sub(p.matmul(x!));
    return p.matmul(t).matmul(p).neg().add(p.matmul(mT(p)).matmul(tt).matmul(leftProj)).add(rightProj.matmul(tt).matmul(mT(p)).matmul(p));
  },
} satisfies JvpTable<LinalgDecompParams>;
