import { ShapeError, Tensor, fmtShape } from '@nabla/autograd';
import { optionalTensor, tensorArg } from '../check.js';

/**
 * Affine map y = x W^T + b over the last axis: x [..., in], weight [out, in], bias [out] -> [..., out].
 * @example linear(x, w, b) // same as x.matmul(w.transpose()).add(b)
 */
export function linear(x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return affine('linear', x, weight, bias);
}

/** @internal `linear` with the op name used in error messages (the Linear layer passes its own description). */
export function affine(op: string, x: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  tensorArg(op, 'x', x);
  tensorArg(op, 'weight', weight);
  const b = optionalTensor(op, 'bias', bias);
  if (weight.ndim !== 2) throw new ShapeError(`${op}: weight must be 2-D [out, in], got ${fmtShape(weight.shape)}`);
  const [out, inFeatures] = weight.shape as [number, number];
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== inFeatures) {
    throw new ShapeError(`${op}: expected input of shape [*, ${inFeatures}] (last dimension ${inFeatures}), got ${fmtShape(x.shape)}`);
  }
  if (b !== undefined && (b.ndim !== 1 || b.shape[0] !== out)) {
    throw new ShapeError(`${op}: bias must have shape [${out}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(b.shape)}`);
  }
  const y = x.matmul(weight.transpose());
  return b === undefined ? y : y.add(b);
}
