import { Tensor, scaledDotProductAttention as fusedAttention, tensor, where, type Generator } from '@nabla/autograd';
import { generatorArg } from '../check.js';
import { checkOptionKeys, keysOf } from '../option-keys.js';
import { checkDropoutP, dropout } from './dropout.js';

/** Options of `scaledDotProductAttention` (PyTorch's names, camelCase). */
export interface ScaledDotProductAttentionOptions {
  /**
   * Broadcastable to [..., L, S]. int32 as PyTorch's boolean mask: 1 = the query MAY attend to the key, 0 =
   * hidden (the opposite of MultiheadAttention's masks, as in PyTorch). A float mask is added to the scores.
   */
  attnMask?: Tensor | null;
  /** Dropout probability on the attention weights (default 0; applied whenever > 0, as PyTorch). */
  dropoutP?: number;
  /** Query i attends only to keys j <= i, without building a mask (not together with attnMask). */
  isCausal?: boolean;
  /** Multiplies q k^T (default 1 / sqrt(E)). */
  scale?: number | null;
  /** Random source of the dropout (an extension; default the global generator). */
  generator?: Generator;
}

const KEYS = keysOf<ScaledDotProductAttentionOptions>({ attnMask: true, dropoutP: true, isCausal: true, scale: true, generator: true });

/**
 * softmax(q k^T * scale + mask) v, PyTorch's `F.scaled_dot_product_attention`: q [..., L, E], k [..., S, E],
 * v [..., S, Ev] -> [..., L, Ev]. Without dropout this is @nabla/autograd's fused primitive (one numerically
 * stable pass over the scores, never stored; isCausal without a mask); with dropoutP > 0 the weights must
 * exist to be dropped, so it takes the unfused path.
 * @example
 * F.scaledDotProductAttention(q, k, v, { isCausal: true }); // [N, heads, L, E] -> [N, heads, L, E]
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts?: ScaledDotProductAttentionOptions): Tensor {
  const op = 'scaledDotProductAttention';
  const o = checkOptionKeys(op, opts, KEYS);
  const p = checkDropoutP(op, o.dropoutP ?? 0);
  const generator = generatorArg(op, o.generator);
  const core = { attnMask: o.attnMask, isCausal: o.isCausal, scale: o.scale };
  // The fused op validates shapes, dtypes, the mask and the scale: with dropout, run it on zero query rows
  // (no work) so both paths give the same errors.
  if (p === 0) return fusedAttention(q, k, v, core);
  const noRows = (t: unknown) => (t instanceof Tensor && t.ndim >= 2 && t.shape[t.ndim - 2] !== 1 ? t.slice([...new Array<[]>(t.ndim - 2).fill([]), [0, 0]]) : t);
  try {
    fusedAttention(noRows(q) as Tensor, k, v, { ...core, attnMask: noRows(o.attnMask) as Tensor | null | undefined });
  } catch (e) {
    fusedAttention(q, k, v, core); // the same check on the caller's shapes throws before computing anything
    throw e;
  }
  const e = q.shape[q.ndim - 1]!;
  const scale = o.scale ?? 1 / Math.sqrt(e);
  let scores = q.matmul(k.transpose(-2, -1)).mul(scale);
  const m = o.attnMask ?? null;
  if (m) scores = scores.add(m.dtype === 'int32' ? where(m, 0, -Infinity).astype(scores.dtype) : m);
  if (o.isCausal === true) {
    const [l, s] = scores.shape.slice(-2) as [number, number];
    const hidden = Float64Array.from({ length: l * s }, (_, i) => (i % s > Math.floor(i / s) ? -Infinity : 0));
    scores = scores.add(tensor(hidden, { shape: [l, s] }).astype(scores.dtype));
  }
  const w = dropout(scores.softmax(-1), { p, training: true, generator });
  return w.matmul(v);
}
