import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../apply.js';

/** x with the batch as axis 0: itself when batched, else a broadcast view of `size` copies (no data copied). */
export function withBatch(x: Tensor, batched: boolean, size: number): Tensor {
  if (batched) return x;
  return apply('expand', [apply('reshape', [x], { shape: [1, ...x._shape] })], { shape: [size, ...x._shape] });
}

/** A batched tensor whose example shape is `shape` (a 0-d example broadcast up to it, or unchanged). */
function batchTo(x: Tensor, batched: boolean, size: number, shape: readonly number[]): Tensor {
  const b = withBatch(x, batched, size);
  const s = b._shape.slice(1);
  if (s.length === shape.length && s.every((d, i) => d === shape[i])) return b;
  const lifted = [size, ...new Array<number>(shape.length - s.length).fill(1), ...s];
  return apply('expand', [apply('reshape', [b], { shape: lifted })], { shape: [size, ...shape] });
}

/** An axis of one example as an axis of the physical tensor (negative axes count from the end either way). */
export const shiftAxis = (a: number): number => (a < 0 ? a : a + 1);

/** Merges axes 0 and 1 ([B, n, ...] -> [B * n, ...]; a view when the strides allow, else a copy). */
export function foldBatch(x: Tensor): Tensor {
  return apply('reshape', [x], { shape: [x._shape[0]! * x._shape[1]!, ...x._shape.slice(2)] });
}

/** Splits axis 0 into [size, inner] (the inverse of foldBatch; inner is the folded input's axis 1, given so an empty batch works). */
export function unfoldBatch(x: Tensor, size: number, inner: number): Tensor {
  return apply('reshape', [x], { shape: [size, inner, ...x._shape.slice(1)] });
}

/** Moves axis `from` of x to position `to` (a permute view). */
export function moveAxis(x: Tensor, from: number, to: number): Tensor {
  if (from === to) return x;
  const axes = x._shape.map((_, i) => i).filter((i) => i !== from);
  axes.splice(to, 0, from);
  return apply('permute', [x], { axes });
}

/**
 * Inputs of an elementwise primitive (one example shape, or 0-d beside it) as physical tensors of one shape
 * [size, ...shape], where shape is the largest example shape among them.
 */
export function alignElementwise(inputs: readonly Tensor[], batched: readonly boolean[], size: number): Tensor[] {
  let shape: readonly number[] = [];
  inputs.forEach((x, k) => {
    const s = batched[k] ? x._shape.slice(1) : x._shape;
    if (s.length > shape.length) shape = s;
  });
  return inputs.map((x, k) => batchTo(x, batched[k]!, size, shape));
}
