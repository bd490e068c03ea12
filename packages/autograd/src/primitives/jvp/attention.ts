import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../apply.js';
import type { AttentionPrimParams } from '../attention.js';
import type { JvpTable } from '../types.js';
import { sumTerms } from './util.js';

/**
 * The tangent of P = softmax(S), S = s q k^T + mask, inputs [q, k] or [q, k, mask]:
 * dS = s (dq k^T + q dk^T) + dmask; the softmax Jacobian diag(P) - P P^T per row gives
 * dP = P * (dS - rowsum(P * dS)). Causally hidden (and -inf masked) keys have P = 0, so their dP is 0.
 */
function probsTangent(P: Tensor, [tq, tk, tm]: readonly (Tensor | null)[], [q, k]: readonly Tensor[], scale: number): Tensor | null {
  const qk = sumTerms([
    tq ? tq.matmul(k!.transpose(-2, -1)) : null,
    tk ? q!.matmul(tk.transpose(-2, -1)) : null,
  ]);
  const dS = sumTerms([qk ? qk.mul(scale) : null, tm ?? null]);
  return dS === null ? null : P.mul(dS.sub(P.mul(dS).sum(-1, true)));
}

export const attentionJvpRules = {
  // out = P v: d out = dP v + P dv, with dP from probsTangent and P recomputed by the attentionProbs
  // primitive (the fused forward never stores it). Inputs [q, k, v] or [q, k, v, mask].
  attention: (tangents, { inputs: [q, k, v, mask], params }) => {
    const [tq, tk, tv, tm] = tangents;
    const needP = tq || tk || tv || tm;
    if (!needP) return null;
    const P = apply('attentionProbs', mask ? [q!, k!, mask] : [q!, k!], params);
    const dP = probsTangent(P, [tq ?? null, tk ?? null, tm ?? null], [q!, k!], params.scale);
    return sumTerms([dP ? dP.matmul(v!) : null, tv ? P.matmul(tv) : null]);
  },
  attentionProbs: (tangents, { inputs, out, params }) => probsTangent(out, tangents, inputs, params.scale),
} satisfies JvpTable<AttentionPrimParams>;
