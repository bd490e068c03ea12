import { ShapeError, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { broadcastShapes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor, toDType } from './operand.js';
import { promoteTypes } from '../tensor/dtype.js';

/**
 * Matrix product with NumPy's rules: 1-D operands are promoted to a row (left) or column (right) vector
 * and the added axis removed afterwards; leading batch axes broadcast. A 0-d operand is an error.
 * @example matmul(ones([5, 2, 3]), ones([3, 4])) // shape [5, 2, 4]
 */
export function matmul(x: Tensor, y: Tensor): Tensor {
  const a0 = checkTensor('matmul', x, 'a');
  const b0 = checkTensor('matmul', y, 'b');
  if (a0.ndim === 0 || b0.ndim === 0) {
    throw new ShapeError(`matmul: both operands must have at least 1 dimension, got a ${fmtShape(a0._shape)} and b ${fmtShape(b0._shape)}; use mul for scalars`);
  }
  const dtype = promoteTypes(a0.dtype, b0.dtype);
  let a = toDType(a0, dtype);
  let b = toDType(b0, dtype);
  const aVec = a.ndim === 1;
  const bVec = b.ndim === 1;
  if (aVec) a = a.reshape([1, a._shape[0]!]);
  if (bVec) b = b.reshape([b._shape[0]!, 1]);
  const [m, k1] = a._shape.slice(-2) as [number, number];
  const [k2, n] = b._shape.slice(-2) as [number, number];
  if (k1 !== k2) {
    throw new ShapeError(`matmul: inner dimensions differ: a is ${fmtShape(a0._shape)} and b is ${fmtShape(b0._shape)} (${k1} vs ${k2})`);
  }
  const batchShape = matmulBatch(a0, b0, a._shape.slice(0, -2), b._shape.slice(0, -2));
  const batch = batchShape.reduce((p, d) => p * d, 1);
  const a3 = a.expand([...batchShape, m, k1]).reshape([batch, m, k1]);
  const b3 = b.expand([...batchShape, k2, n]).reshape([batch, k2, n]);
  const out = apply('matmul', [a3, b3], {}).reshape([...batchShape, m, n]);
  if (aVec && bVec) return out.reshape([]);
  if (aVec) return out.squeeze(-2);
  if (bVec) return out.squeeze(-1);
  return out;
}

/** The broadcast batch shape; a mismatch names both operands' full shapes, not just their batch parts. */
function matmulBatch(a0: Tensor, b0: Tensor, a: number[], b: number[]): number[] {
  try {
    return broadcastShapes('matmul', a, b);
  } catch (e) {
    if (!(e instanceof ShapeError)) throw e;
    throw new ShapeError(
      `matmul: batch dimensions do not broadcast: a is ${fmtShape(a0._shape)} and b is ${fmtShape(b0._shape)} (batch ${fmtShape(a)} vs ${fmtShape(b)}: ${e.message.replace(/^.*\(dim/, 'dim').replace(/\)$/, '')})`,
    );
  }
}

/** Inner product of two 1-D tensors of the same length (a 0-d result). */
export function dot(x: Tensor, y: Tensor): Tensor {
  const a = checkTensor('dot', x, 'a');
  const b = checkTensor('dot', y, 'b');
  if (a.ndim !== 1 || b.ndim !== 1 || a._shape[0] !== b._shape[0]) {
    throw new ShapeError(`dot: expected two 1-D tensors of the same length, got a ${fmtShape(a._shape)} and b ${fmtShape(b._shape)}`);
  }
  return matmul(a, b);
}

/** Outer product of two 1-D tensors: out[i, j] = x[i] * y[j]. */
export function outer(x: Tensor, y: Tensor): Tensor {
  const a = checkTensor('outer', x, 'a');
  const b = checkTensor('outer', y, 'b');
  if (a.ndim !== 1 || b.ndim !== 1) {
    throw new ShapeError(`outer: expected two 1-D tensors, got a ${fmtShape(a._shape)} and b ${fmtShape(b._shape)}`);
  }
  return a.reshape([a._shape[0]!, 1]).mul(b.reshape([1, b._shape[0]!]));
}
