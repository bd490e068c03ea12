import { Tensor } from '../tensor/tensor.js';
import type { PrimTable } from './types.js';

export type LinalgParams = {
  /** Batched product of [batch, m, k] and [batch, k, n] (ops handle 1-D promotion and batch broadcasting). */
  matmul: Record<string, never>;
};

export const linalgPrims = {
  // d(AB) = dA B + A dB, so dA = g B^T and dB = A^T g (transposes are views, never copies).
  matmul: {
    forward: (b, [x, y]) => {
      const [batch, m, k] = x!.shape as [number, number, number];
      const n = y!.shape[2]!;
      return Tensor._fromData(b.matmul(x!._strided(), y!._strided(), batch, m, k, n, x!.dtype), [batch, m, n], x!.dtype);
    },
    vjp: (g, { inputs: [x, y], needs }) => [
      needs[0] ? g.matmul(y!.transpose(1, 2)) : null,
      needs[1] ? x!.transpose(1, 2).matmul(g) : null,
    ],
  },
} satisfies PrimTable<LinalgParams>;
