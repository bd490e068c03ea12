import type { PrimTable } from '../primitives/types.js';
import { Tensor } from '../tensor/tensor.js';
import { identity, mT } from './util.js';

export type LinalgPinvParams = {
  /** [batch, m, n] to A^+ [batch, n, m]: singular values <= max(atol, rtol * s_max) count as zero. */
  linalgPinv: { atol: number; rtol: number };
};

export const linalgPinvPrims = {
  linalgPinv: {
    forward: (b, [x], { atol, rtol }) => {
      const [batch, m, n] = x!._shape as [number, number, number];
      const k = Math.min(m, n);
      const { u, s, vh } = b.svd(x!._contiguousData(), batch, m, n, false, x!.dtype);
      const out = x!.dtype === 'float64' ? new Float64Array(batch * n * m) : new Float32Array(batch * n * m);
      for (let bi = 0; bi < batch; bi++) {
        const smax = k > 0 ? s[bi * k]! : 0;
        const tol = Math.max(atol, rtol * smax);
        for (let t = 0; t < k; t++) {
          const sv = s[bi * k + t]!;
          if (!(sv > tol)) continue;
          // A^+ = V diag(1/s) U^T, summed one rank-one term per kept singular value.
          for (let i = 0; i < n; i++) {
            const vi = vh[bi * k * n + t * n + i]! / sv;
            for (let j = 0; j < m; j++) out[bi * n * m + i * m + j]! += vi * u[bi * m * k + j * k + t]!;
          }
        }
      }
      return Tensor._fromData(out, [batch, n, m], x!.dtype);
    },
    // Golub & Pereyra's derivative of P = A^+ (PyTorch's pinv_backward), valid at constant rank:
    // gA = -P^T g P^T + (I - A P) g^T P P^T + P^T P g^T (I - P A).
    vjp: (g, { inputs: [x], out: p }) => {
      const [, m, n] = x!._shape as [number, number, number];
      const pt = mT(p);
      const gt = mT(g);
      const leftProj = identity(m, x!.dtype).sub(x!.matmul(p));
      const rightProj = identity(n, x!.dtype).sub(p.matmul(x!));
      return [pt.matmul(g).matmul(pt).neg().add(leftProj.matmul(gt).matmul(p).matmul(pt)).add(pt.matmul(p).matmul(gt).matmul(rightProj))];
    },
  },
} satisfies PrimTable<LinalgPinvParams>;
