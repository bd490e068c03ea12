import { apply } from '../primitives/apply.js';
import type { PrimTable } from '../primitives/types.js';
import type { DType, TypedArray } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { checkInfo } from './checks.js';
import { linalgPinvPrims, type LinalgPinvParams } from './pinv-prim.js';
import { cofactor, eighVjp, qrVjp, svdVjp } from './spectral-rules.js';
import { identity, mT, tril, triu } from './util.js';
import { elementsForCheck } from '../transforms/levels.js';

/**
 * The decompositions and solves, each on a batch of matrices [batch, ...] (the ops flatten leading axes and
 * cast to float first). Multi-output factorizations return their factors packed along one axis
 * ([batch, total], see the ops' unpack helpers), so one node owns them all and the rule sees every gradient.
 */
export type LinalgDecompParams = LinalgPinvParams & {
  /** [batch, n, n] to L; `op` names the public op in a not-positive-definite error. */
  linalgCholesky: { op: string; shape: readonly number[] };
  /** inputs [A [batch, n, n], B [batch, n, k]]: X with A X = B, A triangular. */
  linalgSolveTriangular: { upper: boolean; unit: boolean };
  /** inputs [A, B]: X with A X = B by pivoted LU; `op` names the public op in a singular-matrix error. */
  linalgLuSolve: { op: string; shape: readonly number[] };
  /** [batch, n, n] to det [batch]. */
  linalgDet: Record<string, never>;
  /** [batch, n, n] to log|det| [batch]. */
  linalgLogAbsDet: Record<string, never>;
  /** [batch, m, n] to [Q (m x c) | R (c x n)] flattened, c = m if complete else min(m, n). */
  linalgQr: { complete: boolean };
  /** [batch, n, n] to [eigenvalues (n) | eigenvectors (n x n)] flattened. */
  linalgEigh: { upper: boolean };
  /** [batch, n, n] to eigenvalues [batch, n] (its rule recomputes the vectors, so repeated eigenvalues are fine). */
  linalgEigvalsh: { upper: boolean };
  /** [batch, m, n] to [U (m x uc) | S (k) | Vh (vr x n)] flattened; uc = m, vr = n when full, else k. */
  linalgSvd: { full: boolean };
  /** [batch, m, n] to singular values [batch, k]. */
  linalgSvdvals: Record<string, never>;
};

/** Packs per-batch arrays side by side: out[b] = [parts[0][b], parts[1][b], ...]. */
function pack(parts: readonly (readonly [TypedArray, number])[], batch: number, dtype: DType): Tensor {
  const total = parts.reduce((s, [, size]) => s + size, 0);
  const out = dtype === 'float64' ? new Float64Array(batch * total) : new Float32Array(batch * total);
  for (let b = 0; b < batch; b++) {
    let at = b * total;
    for (const [data, size] of parts) {
      out.set(data.subarray(b * size, (b + 1) * size), at);
      at += size;
    }
  }
  return Tensor._fromData(out, [batch, total], dtype);
}

export const solveTri = (a: Tensor, b: Tensor, upper: boolean, unit = false): Tensor =>
  apply('linalgSolveTriangular', [a, b], { upper, unit });
export const luSolve = (a: Tensor, b: Tensor, op: string, shape: readonly number[] = a._shape): Tensor =>
  apply('linalgLuSolve', [a, b], { op, shape });
/** A^{-T} for a batch [batch, n, n] (in the rules of det and slogdet). */
const invT = (a: Tensor, op: string): Tensor => luSolve(mT(a), identity(a._shape[1]!, a.dtype).expand(a._shape.slice()), op);
const dims = (x: Tensor) => x._shape as readonly number[] as [number, number, number];

export const linalgDecompPrims = {
  ...linalgPinvPrims,
  linalgCholesky: {
    forward: (b, [x], { op, shape }) => {
      const [batch, n] = dims(x!);
      const { out, info } = b.cholesky(x!._contiguousData(), batch, n, x!.dtype);
      checkInfo(op, info, shape, (k) => `the input is not positive-definite (the leading minor of order ${k} is not positive-definite)`);
      return Tensor._fromData(out, [batch, n, n], x!.dtype);
    },
    // A = L L^T: dL = L Phi(L^-1 dA L^-T), Phi = tril with half the diagonal, so (symmetrised, as PyTorch)
    // gA = L^-T sym(Phi(L^T g)) L^-1, applied with two triangular solves.
    vjp: (g, { out: l }) => {
      const p = tril(mT(l).matmul(g));
      const s = p.add(mT(tril(p, -1))).mul(0.5);
      const y = solveTri(mT(l), s, true);
      return [mT(solveTri(mT(l), mT(y), true))];
    },
  },
  linalgSolveTriangular: {
    forward: (b, [a, y], { upper, unit }) => {
      const [batch, n] = dims(a!);
      const k = y!._shape[2]!;
      return Tensor._fromData(b.triangularSolve(a!._contiguousData(), y!._contiguousData(), batch, n, k, upper, unit, a!.dtype), [batch, n, k], a!.dtype);
    },
    // X = A^-1 B: gB = A^-T g, gA = -gB X^T kept on A's triangle (strictly, with a unit diagonal).
    vjp: (g, { inputs: [a], out, params: { upper, unit }, needs }) => {
      const gb = solveTri(mT(a!), g, !upper, unit);
      if (!needs[0]) return [null, gb];
      const ga = gb.matmul(mT(out)).neg();
      return [upper ? triu(ga, unit ? 1 : 0) : tril(ga, unit ? -1 : 0), gb];
    },
  },
  linalgLuSolve: {
    forward: (b, [a, y], { op, shape }) => {
      const [batch, n] = dims(a!);
      const k = y!._shape[2]!;
      const { out, info } = b.luSolve(a!._contiguousData(), y!._contiguousData(), batch, n, k, a!.dtype);
      checkInfo(op, info, shape, (j) => `the input is singular (U[${j - 1}, ${j - 1}] of its LU factorization is exactly zero)`);
      return Tensor._fromData(out, [batch, n, k], a!.dtype);
    },
    // X = A^-1 B: dX = A^-1 (dB - dA X), so gB = A^-T g and gA = -gB X^T.
    vjp: (g, { inputs: [a], out, params: { op, shape }, needs }) => {
      const gb = luSolve(mT(a!), g, op, shape);
      return [needs[0] ? gb.matmul(mT(out)).neg() : null, gb];
    },
  },
  linalgDet: {
    forward: (b, [x]) => {
      const [batch, n] = dims(x!);
      return Tensor._fromData(b.luDet(x!._contiguousData(), batch, n, x!.dtype).det, [batch], x!.dtype);
    },
    // d det A = tr(adj(A) dA) (Jacobi's formula): gA = g cof(A), which is g det(A) A^-T when every matrix of
    // the batch is invertible, and otherwise comes from the SVD (as PyTorch does for singular input).
    vjp: (g, { inputs: [x], out }) => {
      const g2 = g.unsqueeze(-1).unsqueeze(-1);
      return [elementsForCheck(out).every((d) => d !== 0) ? g2.mul(out.unsqueeze(-1).unsqueeze(-1)).mul(invT(x!, 'linalg.det (backward)')) : g2.mul(cofactor(x!))];
    },
  },
  linalgLogAbsDet: {
    forward: (b, [x]) => {
      const [batch, n] = dims(x!);
      return Tensor._fromData(b.luDet(x!._contiguousData(), batch, n, x!.dtype).logabsdet, [batch], x!.dtype);
    },
    // d log|det A| = tr(A^-1 dA): gA = g A^-T.
    vjp: (g, { inputs: [x] }) => [g.unsqueeze(-1).unsqueeze(-1).mul(invT(x!, 'linalg.slogdet (backward)'))],
  },
  linalgQr: {
    forward: (b, [x], { complete }) => {
      const [batch, m, n] = dims(x!);
      const c = complete ? m : Math.min(m, n);
      const { q, r } = b.qr(x!._contiguousData(), batch, m, n, complete, x!.dtype);
      return pack([[q, m * c], [r, c * n]], batch, x!.dtype);
    },
    vjp: (g, { inputs: [x], out, params: { complete } }) => [qrVjp(g, x!, out, complete)],
  },
  linalgEigh: {
    forward: (b, [x], { upper }) => {
      const [batch, n] = dims(x!);
      const { values, vectors } = b.eigh(x!._contiguousData(), batch, n, upper, x!.dtype);
      return pack([[values, n], [vectors, n * n]], batch, x!.dtype);
    },
    vjp: (g, { out }) => [eighVjp(g, out)],
  },
  linalgEigvalsh: {
    forward: (b, [x], { upper }) => {
      const [batch, n] = dims(x!);
      return Tensor._fromData(b.eigh(x!._contiguousData(), batch, n, upper, x!.dtype).values, [batch, n], x!.dtype);
    },
    // dλ_i = v_i^T dA v_i: gA = V diag(g) V^T, with V from a differentiable eigh of the input (higher order).
    vjp: (g, { inputs: [x], params: { upper } }) => {
      const n = x!._shape[1]!;
      const packed = apply('linalgEigh', [x!], { upper });
      const v = packed.slice([[], [n, n + n * n]]).reshape([x!._shape[0]!, n, n]);
      return [v.mul(g.unsqueeze(-2)).matmul(mT(v))];
    },
  },
  linalgSvd: {
    forward: (b, [x], { full }) => {
      const [batch, m, n] = dims(x!);
      const k = Math.min(m, n);
      const { u, s, vh } = b.svd(x!._contiguousData(), batch, m, n, full, x!.dtype);
      return pack([[u, m * (full ? m : k)], [s, k], [vh, (full ? n : k) * n]], batch, x!.dtype);
    },
    vjp: (g, { inputs: [x], out, params: { full } }) => [svdVjp(g, x!, out, full)],
  },
  linalgSvdvals: {
    forward: (b, [x]) => {
      const [batch, m, n] = dims(x!);
      return Tensor._fromData(b.svd(x!._contiguousData(), batch, m, n, false, x!.dtype).s, [batch, Math.min(m, n)], x!.dtype);
    },
    // ds_i = u_i^T dA v_i: gA = U diag(g) Vh, with U, Vh from a differentiable svd of the input (higher order).
    vjp: (g, { inputs: [x] }) => {
      const [batch, m, n] = dims(x!);
      const k = Math.min(m, n);
      const packed = apply('linalgSvd', [x!], { full: false });
      const u = packed.slice([[], [0, m * k]]).reshape([batch, m, k]);
      const vh = packed.slice([[], [m * k + k, m * k + k + k * n]]).reshape([batch, k, n]);
      return [u.mul(g.unsqueeze(-2)).matmul(vh)];
    },
  },
} satisfies PrimTable<LinalgDecompParams>;

