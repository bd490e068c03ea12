import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../apply.js';
import type { ConvParams } from '../conv.js';
import type { BatchTable } from '../types.js';
import { foldBatch, unfoldBatch, withBatch } from './util.js';

/**
 * A conv primitive over [N, ...] inputs batched by vmap ([size, N, ...]): the examples join the primitive's
 * own N axis ([size * N, ...]), `run` makes one call over them all, and the output's leading axis splits back.
 */
function overN(x: Tensor, bx: boolean, size: number, run: (x: Tensor) => Tensor): Tensor {
  const xb = withBatch(x, bx, size);
  return unfoldBatch(run(foldBatch(xb)), size, xb._shape[1]!);
}

export const convBatchRules = {
  unfold: ([x], [bx], win, size) => overN(x!, bx!, size, (xs) => apply('unfold', [xs], win)),
  fold: ([cols], [bc], params, size) => overN(cols!, bc!, size, (cs) => apply('fold', [cs], params)),
  maxPoolIndex: ([x], [bx], win, size) => overN(x!, bx!, size, (xs) => apply('maxPoolIndex', [xs], win)),
} satisfies BatchTable<ConvParams>;
