import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../apply.js';
import type { SortParams } from '../sort.js';
import type { BatchTable } from '../types.js';
import { moveAxis, shiftAxis, withBatch } from './util.js';

/**
 * searchsorted with a shared (unbatched) sequence: the kernel searches every value of a row in the same
 * sequence row, so for a 1-D sequence the batched values go in as they are; for a sequence with leading axes
 * the batch moves next to the values' last axis and is folded into it ([B, ...lead, m] -> [...lead, B m]),
 * which searches B m values per sequence row without copying the sequence.
 */
function searchShared(seq: Tensor, values: Tensor, right: boolean, size: number): Tensor {
  if (seq.ndim <= 1) return apply('searchsorted', [seq, values], { right });
  const lead = values._shape.slice(1, -1);
  const m = values._shape[values.ndim - 1]!;
  const folded = apply('reshape', [moveAxis(values, 0, values.ndim - 2)], { shape: [...lead, size * m] });
  const idx = apply('searchsorted', [seq, folded], { right });
  return moveAxis(apply('reshape', [idx], { shape: [...lead, size, m] }), values.ndim - 2, 0);
}

export const sortBatchRules = {
  argsort: ([x], _b, { axis, descending }) => apply('argsort', [x!], { axis: shiftAxis(axis), descending }),
  // A batched sequence makes the batch one more leading axis the values must share: a 1-D sequence per
  // example becomes [B, n] beside values flattened to [B, m'] (any example shape), a sequence with leading
  // axes already lines up with values [B, ...lead, m].
  searchsorted: ([seq, values], [bs, bv], { right }, size) => {
    if (!bs) return searchShared(seq!, withBatch(values!, bv!, size), right, size);
    const v = withBatch(values!, bv!, size);
    if (seq!.ndim > 2) return apply('searchsorted', [seq!, v], { right });
    const flat = apply('reshape', [v], { shape: [size, v._shape.slice(1).reduce((a, d) => a * d, 1)] });
    return apply('reshape', [apply('searchsorted', [seq!, flat], { right })], { shape: v._shape.slice() });
  },
  // x, src and index have one rank and meet only along their own positions: give each the batch axis (a
  // broadcast view for a shared one) and scatter along the shifted axis, batch row to batch row.
  scatterReduce: ([x, src, index], [bx, bs, bi], { axis, op, includeSelf }, size) =>
    apply('scatterReduce', [withBatch(x!, bx!, size), withBatch(src!, bs!, size), withBatch(index!, bi!, size)], {
      axis: shiftAxis(axis),
      op,
      includeSelf,
    }),
} satisfies BatchTable<SortParams>;
