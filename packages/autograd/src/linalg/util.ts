import type { DType } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';

/** A constant [n, m] float tensor with entries f(i, j) (masks and identities for the rules below). */
export function constMatrix(n: number, m: number, dtype: DType, f: (i: number, j: number) => number): Tensor {
  const data = dtype === 'float64' ? new Float64Array(n * m) : new Float32Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) data[i * m + j] = f(i, j);
  return Tensor._fromData(data, [n, m], dtype);
}

/** The identity matrix of order n. */
export const identity = (n: number, dtype: DType): Tensor => constMatrix(n, n, dtype, (i, j) => (i === j ? 1 : 0));

/** The matrix transpose of the last two axes (a view). */
export const mT = (x: Tensor): Tensor => x.transpose(-2, -1);

/** Entries on or below diagonal k of the last two axes (above it zeroed), differentiably: a mask product. */
export function tril(x: Tensor, k = 0): Tensor {
  const [n, m] = x._shape.slice(-2) as [number, number];
  return x.mul(constMatrix(n, m, x.dtype, (i, j) => (j - i <= k ? 1 : 0)));
}

/** Entries on or above diagonal k of the last two axes. */
export function triu(x: Tensor, k = 0): Tensor {
  const [n, m] = x._shape.slice(-2) as [number, number];
  return x.mul(constMatrix(n, m, x.dtype, (i, j) => (j - i >= k ? 1 : 0)));
}

/** The main diagonal of the last two (square) axes: [..., n, n] to [..., n]. */
export const diagonal = (x: Tensor): Tensor => x.mul(identity(x._shape[x.ndim - 1]!, x.dtype)).sum(-1);

/** [..., n] to the [..., n, n] matrices with that diagonal. */
export const diagEmbed = (v: Tensor): Tensor => v.unsqueeze(-1).mul(identity(v._shape[v.ndim - 1]!, v.dtype));

/** Columns [from, to) of the last axis. */
export const cols = (x: Tensor, from: number, to: number): Tensor =>
  x.slice([...x._shape.slice(0, -1).map(() => [] as const), [from, to]]);

/** Rows [from, to) of the second-to-last axis. */
export const rows = (x: Tensor, from: number, to: number): Tensor =>
  x.slice([...x._shape.slice(0, -2).map(() => [] as const), [from, to]]);
