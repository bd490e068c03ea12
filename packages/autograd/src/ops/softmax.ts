import { apply } from '../primitives/apply.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { floatOperand } from './operand.js';

/**
 * softmax(x)_i = exp(x_i) / sum_j exp(x_j) along `axis` (default last). A fused primitive: the row max is
 * subtracted first, so logits of +-1e4 do not overflow. A row of all -inf gives NaN (0 / 0) and a NaN
 * gradient for that row, as PyTorch (other rows are unaffected); when fully masked rows can occur, mask
 * with a large finite negative number instead of -inf, or zero such rows afterwards with `where`.
 * int32 input gives float32. @example softmax(tensor([1, 2, 3])) // [0.0900, 0.2447, 0.6652]
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  const t = floatOperand('softmax', x);
  return apply('softmax', [t], { axis: normalizeAxis('softmax', axis, t.ndim) });
}

/**
 * log(softmax(x)) = x - logsumexp(x) along `axis` (default last), computed directly (no log of an
 * underflowed 0): logSoftmax([0, -1e4]) is [0, -1e4]. A row of all -inf gives NaN, and a NaN gradient
 * for that row, as PyTorch (see `softmax` for masking fully masked rows).
 * @example logSoftmax(tensor([0, 0])) // [-0.6931, -0.6931]
 */
export function logSoftmax(x: Tensor, axis = -1): Tensor {
  const t = floatOperand('logSoftmax', x);
  return apply('logSoftmax', [t], { axis: normalizeAxis('logSoftmax', axis, t.ndim) });
}
