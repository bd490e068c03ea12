import { Tensor } from '../tensor/tensor.js';
import type { PrimTable } from './types.js';

export type LinalgParams = {
  /** Batched product of [batch, m, k] and [batch, k, n] (ops handle 1-D promotion and batch broadcasting). */
  matmul: Record<string, never>;
};

export const linalgPrims = {
  // d(AB) = dA B + A dB, so dA = g B^T and dB = A^T g (transposes are views, never copies). A factor stored
  // transposed (nn.Linear's weight.T) gets its gradient in its own layout, computed as the transpose of
  // (g^T A) or (B g^T): the same products, and the optimizer then reads the weight's gradient contiguously.
  matmul: {
    forward: (b, [x, y]) => {
      const [batch, m, k] = x!._shape as [number, number, number];
      const n = y!._shape[2]!;
      return Tensor._fromData(b.matmul(x!._strided(), y!._strided(), batch, m, k, n, x!.dtype), [batch, m, n], x!.dtype);
    },
    vjp: (g, { inputs: [x, y], needs }) => [
      needs[0] ? (isTransposed(x!) ? y!.matmul(g.transpose(1, 2)).transpose(1, 2) : g.matmul(y!.transpose(1, 2))) : null,
      needs[1] ? (isTransposed(y!) ? g.transpose(1, 2).matmul(x!).transpose(1, 2) : x!.transpose(1, 2).matmul(g)) : null,
    ],
  },
} satisfies PrimTable<LinalgParams>;

/** Whether a [batch, rows, cols] operand is laid out column-major (a transposed view of a row-major matrix). */
function isTransposed(t: Tensor): boolean {
  return t._shape[1]! > 1 && t._shape[2]! > 1 && t._strides[1] === 1 && t._strides[2] !== 1;
}
