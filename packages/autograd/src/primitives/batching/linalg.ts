import type { LinalgParams } from '../linalg.js';
import { apply } from '../apply.js';
import type { BatchTable } from '../types.js';
import { foldBatch, moveAxis, unfoldBatch } from './util.js';

const reshape = (x: Parameters<typeof foldBatch>[0], shape: number[]) => apply('reshape', [x], { shape });

export const linalgBatchRules = {
  // [B, b, m, k] @ [b, k, n]: the examples' rows stack into one taller product per b (one GEMM when b = 1,
  // the usual case: a vector or matrix times shared weights). Shared left factor: the examples' columns
  // stack instead. Both batched: B * b independent products.
  matmul: ([x, y], [bx, by], params, size) => {
    if (bx && by) return unfoldBatch(apply('matmul', [foldBatch(x!), foldBatch(y!)], params), size, x!._shape[1]!);
    if (bx) {
      const [, b, m, k] = x!._shape as [number, number, number, number];
      const rows = reshape(moveAxis(x!, 0, 1), [b, size * m, k]);
      const out = apply('matmul', [rows, y!], params);
      return moveAxis(reshape(out, [b, size, m, out._shape[2]!]), 1, 0);
    }
    const [, b, k, n] = y!._shape as [number, number, number, number];
    const cols = reshape(moveAxis(y!, 0, 2), [b, k, size * n]);
    const out = apply('matmul', [x!, cols], params);
    return moveAxis(reshape(out, [b, out._shape[1]!, size, n]), 2, 0);
  },
} satisfies BatchTable<LinalgParams>;
