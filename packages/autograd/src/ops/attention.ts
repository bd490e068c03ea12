import { DTypeError, ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { broadcastShapes, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor, toDType, toShape } from './operand.js';
import { where } from './elementwise.js';

/** Options of `scaledDotProductAttention` (PyTorch's names, camelCase). */
export interface ScaledDotProductAttentionOptions {
  /**
   * Broadcastable to [...batch, L, S]. int32 as PyTorch's boolean mask: 1 = the query MAY attend to the key
   * (take part), 0 = hidden. A float mask is added to the scores. Not together with isCausal.
   */
  attnMask?: Tensor | null;
  /** Query i attends only to keys j <= i (PyTorch's top-left aligned causal mask), without building a mask. */
  isCausal?: boolean;
  /** Multiplies q k^T (default 1 / sqrt(E)). */
  scale?: number | null;
}

const KEYS = ['attnMask', 'isCausal', 'scale'];

/**
 * softmax(scale * q k^T + mask) v (PyTorch's `scaled_dot_product_attention`, without dropout: nn's
 * `F.scaledDotProductAttention` adds it): q [..., L, E], k [..., S, E], v [..., S, Ev] -> [..., L, Ev], batch
 * axes broadcast. A fused primitive: one pass over the scores with an online, numerically stable softmax;
 * the [L, S] scores are never stored, and isCausal reads the causal pattern off the indices. A query row
 * that can see no key gives NaN, as in PyTorch. Differentiable to any order.
 * @example
 * const out = scaledDotProductAttention(q, k, v, { isCausal: true }); // q, k, v [2, 4, 8, 16] -> [2, 4, 8, 16]
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, opts?: ScaledDotProductAttentionOptions): Tensor {
  const op = 'scaledDotProductAttention';
  const o = opts ?? {};
  if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new ValueError(`${op}: options must be an object with keys among ${KEYS.join(', ')}, got ${describe(o)}`);
  for (const key of Object.keys(o)) if (!KEYS.includes(key)) throw new ValueError(`${op}: unknown option '${key}'; valid options are ${KEYS.join(', ')}`);
  const [q0, k0, v0] = [checkTensor(op, q, 'query'), checkTensor(op, k, 'key'), checkTensor(op, v, 'value')];
  const shapes = `query ${fmtShape(q0._shape)}, key ${fmtShape(k0._shape)}, value ${fmtShape(v0._shape)}`;
  for (const t of [q0, k0, v0]) {
    if (t.dtype === 'int32') throw new DTypeError(`${op}: query, key and value must be float32 or float64, got ${q0.dtype}, ${k0.dtype}, ${v0.dtype} (${shapes})`);
  }
  if (k0.dtype !== q0.dtype || v0.dtype !== q0.dtype) throw new DTypeError(`${op}: query, key and value must have one dtype, got ${q0.dtype}, ${k0.dtype}, ${v0.dtype} (${shapes})`);
  if (q0.ndim < 2 || k0.ndim < 2 || v0.ndim < 2) throw new ShapeError(`${op}: query, key and value need at least 2 dims ([..., L, E], [..., S, E], [..., S, Ev]), got ${shapes}`);
  const [l, e] = q0._shape.slice(-2) as [number, number];
  const s = k0._shape[k0.ndim - 2]!;
  const ev = v0._shape[v0.ndim - 1]!;
  if (k0._shape[k0.ndim - 1] !== e || v0._shape[v0.ndim - 2] !== s) {
    throw new ShapeError(`${op}: expected query [..., L, E], key [..., S, E] and value [..., S, Ev] (E and S shared), got ${shapes}`);
  }
  let batch: number[] = [];
  try {
    for (const t of [q0, k0, v0]) batch = broadcastShapes(op, batch, t._shape.slice(0, -2));
  } catch {
    throw new ShapeError(`${op}: the batch axes of query, key and value do not broadcast: ${shapes}`);
  }
  const causal = o.isCausal ?? false;
  if (typeof causal !== 'boolean') throw new ValueError(`${op}: isCausal must be a boolean, got ${describe(o.isCausal)}`);
  const scale = o.scale ?? 1 / Math.sqrt(e);
  if (typeof scale !== 'number' || !Number.isFinite(scale)) throw new ValueError(`${op}: scale must be a finite number, got ${describe(o.scale)}`);
  const mask = o.attnMask ?? null;
  if (mask !== null && causal) throw new ValueError(`${op}: pass either attnMask or isCausal, not both (as PyTorch)`);
  const inputs = [toShape(q0, [...batch, l, e]), toShape(k0, [...batch, s, e]), toShape(v0, [...batch, s, ev])];
  if (mask !== null) inputs.push(additive(op, mask, q0, [...batch, l, s], shapes));
  return apply('attention', inputs, { scale, causal });
}

/** The mask as a float view of [...batch, L, S] added to the scores (int32: 1 = take part -> 0, 0 -> -inf). */
function additive(op: string, mask: unknown, q: Tensor, full: number[], shapes: string): Tensor {
  const m = checkTensor(op, mask, 'attnMask');
  let ok = m.ndim <= full.length;
  if (ok) {
    try {
      ok = sameShape(broadcastShapes(op, full, m._shape), full);
    } catch {
      ok = false;
    }
  }
  if (!ok) throw new ShapeError(`${op}: attnMask of shape ${fmtShape(m._shape)} does not broadcast to the scores ${fmtShape(full)} (${shapes})`);
  const add = m.dtype === 'int32' ? where(m, 0, -Infinity) : m;
  return toShape(toDType(add, q.dtype), full);
}
