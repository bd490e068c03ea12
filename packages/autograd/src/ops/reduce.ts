import { apply } from '../primitives/apply.js';
import { normalizeAxes } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './operand.js';

/** Sum over `axis` (a number, a list, or all axes when undefined); negative axes count from the end. */
export function sum(x: Tensor, axis?: number | number[], keepDims = false): Tensor {
  const t = checkTensor('sum', x);
  const axes = normalizeAxes('sum', axis, t.ndim);
  return apply('sum', [t], { axes, keepDims });
}
