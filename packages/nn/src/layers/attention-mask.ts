import { ShapeError, fmtShape, tensor, where, type DType, type Tensor } from '@nabla/autograd';
import { tensorArg } from '../check.js';

/**
 * The additive form of an attention mask: an int32 mask (1 = masked out, PyTorch's boolean True) becomes
 * -Infinity where set and 0 elsewhere; a float mask is added to the scores as it is.
 */
export function additiveMask(op: string, name: string, mask: unknown): Tensor {
  const m = tensorArg(op, name, mask);
  return m.dtype === 'int32' ? where(m, -Infinity, 0) : m;
}

/**
 * Brings the masks to [N, heads, L, S] (or a shape broadcasting to it) and adds them into one: keyPaddingMask
 * is [N, S] (hides keys per batch element), attnMask is [L, S] (shared) or [N * heads, L, S] (per head).
 * Shapes are the batched ones (unbatched callers add N = 1 first); the messages name the caller's shapes.
 */
export function combineMasks(
  op: string, n: number, heads: number, l: number, s: number,
  keyPadding: unknown, attn: unknown, batched: boolean,
): Tensor | null {
  let total: Tensor | null = null;
  if (keyPadding != null) {
    const m = additiveMask(op, 'keyPaddingMask', keyPadding);
    const want = batched ? [n, s] : [s];
    if (m.ndim !== want.length || m.shape.some((d, i) => d !== want[i])) {
      throw new ShapeError(`${op}: keyPaddingMask must have shape ${fmtShape(want)} (batch, source length), got ${fmtShape(m.shape)}`);
    }
    total = m.reshape([n, 1, 1, s]);
  }
  if (attn != null) {
    const m = additiveMask(op, 'attnMask', attn);
    const perHead = [batched ? n * heads : heads, l, s];
    const is2d = m.ndim === 2 && m.shape[0] === l && m.shape[1] === s;
    const is3d = m.ndim === 3 && m.shape.every((d, i) => d === perHead[i]);
    if (!is2d && !is3d) {
      throw new ShapeError(`${op}: attnMask must have shape ${fmtShape([l, s])} or ${fmtShape(perHead)}, got ${fmtShape(m.shape)}`);
    }
    const m4 = is2d ? m : m.reshape([n, heads, l, s]);
    total = total ? total.add(m4) : m4;
  }
  return total;
}

/** [L, S] additive causal mask: 0 where key j <= query i, -Infinity above the diagonal (PyTorch's square subsequent mask). */
export function causalMask(l: number, s: number, dtype: DType): Tensor {
  const m = new Float64Array(l * s);
  for (let i = 0; i < l; i++) m.fill(-Infinity, i * s + Math.min(s, i + 1), (i + 1) * s);
  return tensor(m, { shape: [l, s] }).astype(dtype);
}
