import { DTypeError, ShapeError, Tensor, ValueError, describe, fmtShape, elementsForCheck } from '@nabla/autograd';
import { options, tensorArg } from '../check.js';

/** Options of `embedding`. */
export interface EmbeddingOptions {
  /** Row whose lookups pass no gradient to the weight (PyTorch's padding_idx); negative counts from the end. */
  paddingIdx?: number | null;
}

/** Normalises a padding index against `num` rows (negative counts from the end, as PyTorch). */
export function checkPaddingIdx(op: string, paddingIdx: unknown, num: number): number | null {
  if (paddingIdx === undefined || paddingIdx === null) return null;
  if (typeof paddingIdx !== 'number' || !Number.isInteger(paddingIdx) || paddingIdx < -num || paddingIdx >= num) {
    throw new ValueError(`${op}: paddingIdx must be an integer in [${-num}, ${num - 1}], got ${describe(paddingIdx)}`);
  }
  return paddingIdx < 0 ? paddingIdx + num : paddingIdx;
}

/**
 * Looks up rows of `weight` [numEmbeddings, dim] by int32 `indices` of any shape -> [...indices.shape, dim].
 * Rows looked up at `paddingIdx` take the weight's value but send it no gradient.
 * @example embedding(tensor([[0, 2]], { dtype: 'int32' }), w) // shape [1, 2, dim]
 */
export function embedding(indices: Tensor, weight: Tensor, opts?: EmbeddingOptions): Tensor {
  const o = options('embedding', opts, ['paddingIdx']);
  tensorArg('embedding', 'indices', indices);
  tensorArg('embedding', 'weight', weight);
  if (weight.ndim !== 2) throw new ShapeError(`embedding: weight must be 2-D [numEmbeddings, embeddingDim], got ${fmtShape(weight.shape)}`);
  const num = weight.shape[0]!;
  if (indices.dtype !== 'int32') {
    throw new DTypeError(`embedding: indices must be int32, got ${indices.dtype} of shape ${fmtShape(indices.shape)}`);
  }
  const pad = checkPaddingIdx('embedding', o.paddingIdx, num);
  const flat = indices.reshape([indices.size]);
  const data = elementsForCheck(flat);
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v < 0 || v >= num) {
      throw new ValueError(`embedding: index ${v} at flat position ${i} of indices ${fmtShape(indices.shape)} is out of range; valid: [0, ${num - 1}]`);
    }
  }
  const rows = weight.indexSelect(0, flat);
  const out = pad === null ? rows : rows.where(flat.ne(pad).unsqueeze(1), rows.detach()); // padding rows: value, no gradient
  return out.reshape([...indices.shape, weight.shape[1]!]);
}
