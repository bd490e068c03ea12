import type { AttentionDims } from '../backend/backend.js';
import { Tensor } from '../tensor/tensor.js';
import { apply } from './apply.js';
import type { PrimTable } from './types.js';

/** Inputs [q, k, v] or [q, k, v, mask] of the same batch shape; the mask a float view of [...batch, l, s]. */
type AttentionParams = { scale: number; causal: boolean };

export type AttentionPrimParams = {
  /** softmax(scale q k^T + mask) v, fused: the scores are never stored. */
  attention: AttentionParams;
  /** softmax(scale q k^T + mask), the probabilities (inputs [q, k] or [q, k, mask]); what attention's vjp uses. */
  attentionProbs: AttentionParams;
};

function dims(q: Tensor, k: Tensor, v: Tensor | null, p: AttentionParams): AttentionDims {
  const n = q.ndim;
  return {
    batch: q._shape.slice(0, n - 2), l: q._shape[n - 2]!, s: k._shape[n - 2]!, e: q._shape[n - 1]!,
    ev: v ? v._shape[n - 1]! : 0, scale: p.scale, causal: p.causal,
  };
}

/**
 * The gradients through P = softmax(S), S = scale q k^T + mask, given gP (the gradient of P):
 * dS = P * (gP - sum_j gP P) (the softmax Jacobian), dq = scale dS k, dk = scale dS^T q, dmask = dS.
 * Causally hidden keys have P = 0, so their dS is 0 without a mask. All in differentiable ops, with P itself
 * a recorded attentionProbs result, so gradients of gradients work.
 */
function probsVjp(gP: Tensor, P: Tensor, q: Tensor, k: Tensor, scale: number, needs: readonly boolean[]): [Tensor | null, Tensor | null, Tensor] {
  const dS = P.mul(gP.sub(gP.mul(P).sum(-1, true)));
  return [
    needs[0] ? dS.matmul(k).mul(scale) : null,
    needs[1] ? dS.transpose(-2, -1).matmul(q).mul(scale) : null,
    dS,
  ];
}

export const attentionPrims = {
  attention: {
    forward: (b, [q, k, v, mask], p) => {
      const d = dims(q!, k!, v!, p);
      const data = b.attention(q!._contiguousData(), k!._contiguousData(), v!._contiguousData(), mask ? mask._strided() : null, d);
      return Tensor._fromData(data, [...d.batch, d.l, d.ev], q!.dtype);
    },
    // out = P v with P = attentionProbs(q, k, mask): dv = P^T g, dP = g v^T, then through the softmax.
    vjp: (g, { inputs: [q, k, v, mask], params, needs }) => {
      const P = apply('attentionProbs', mask ? [q!, k!, mask] : [q!, k!], params);
      const dv = needs[2] ? P.transpose(-2, -1).matmul(g) : null;
      const needQKM = needs[0] || needs[1] || needs[3] === true;
      const none: [null, null, null] = [null, null, null];
      const [dq, dk, dS] = needQKM ? probsVjp(g.matmul(v!.transpose(-2, -1)), P, q!, k!, params.scale, needs) : none;
      return mask ? [dq, dk, dv, needs[3] ? dS : null] : [dq, dk, dv];
    },
  },
  attentionProbs: {
    forward: (b, [q, k, mask], p) => {
      const d = dims(q!, k!, null, p);
      const data = b.attention(q!._contiguousData(), k!._contiguousData(), null, mask ? mask._strided() : null, d);
      return Tensor._fromData(data, [...d.batch, d.l, d.s], q!.dtype);
    },
    vjp: (g, { inputs: [q, k, mask], out, params, needs }) => {
      const [dq, dk, dS] = probsVjp(g, out, q!, k!, params.scale, needs);
      return mask ? [dq, dk, needs[2] ? dS : null] : [dq, dk];
    },
  },
} satisfies PrimTable<AttentionPrimParams>;
