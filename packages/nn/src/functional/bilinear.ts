import { ShapeError, fmtShape, type Tensor } from '@nabla/autograd';
import { floatArg, optionalTensor } from '../check.js';

/**
 * Bilinear map (PyTorch's F.bilinear): y[..., o] = x1[..., i] W[o, i, j] x2[..., j] + b[o], with x1
 * [..., in1], x2 [..., in2] (same leading shape), weight [out, in1, in2], bias [out].
 * @example bilinear(x1, x2, w, b) // [N, 3] and [N, 4] with w [5, 3, 4] -> [N, 5]
 */
export function bilinear(x1: Tensor, x2: Tensor, weight: Tensor, bias?: Tensor | null): Tensor {
  return bilinearNamed('bilinear', x1, x2, weight, bias);
}

/** @internal bilinear under a given op name (the layer passes its own). */
export function bilinearNamed(op: string, x1: Tensor, x2: Tensor, weight: Tensor, bias: Tensor | null | undefined): Tensor {
  floatArg(op, 'x1', x1);
  floatArg(op, 'x2', x2);
  floatArg(op, 'weight', weight);
  const b = optionalTensor(op, 'bias', bias);
  if (weight.ndim !== 3) throw new ShapeError(`${op}: weight must be 3-D [out, in1, in2], got ${fmtShape(weight.shape)}`);
  const [o, i1, i2] = weight.shape as [number, number, number];
  const lead = x1.shape.slice(0, -1);
  const okLead = x2.ndim === x1.ndim && x2.shape.slice(0, -1).every((d, k) => d === lead[k]);
  if (x1.ndim < 1 || !okLead || x1.shape[x1.ndim - 1] !== i1 || x2.shape[x2.ndim - 1] !== i2) {
    throw new ShapeError(`${op}: x1 ${fmtShape(x1.shape)} and x2 ${fmtShape(x2.shape)} must be [..., ${i1}] and [..., ${i2}] with the same leading shape, for weight ${fmtShape(weight.shape)}`);
  }
  if (b && (b.ndim !== 1 || b.shape[0] !== o)) throw new ShapeError(`${op}: bias must be 1-D [${o}] to match weight ${fmtShape(weight.shape)}, got ${fmtShape(b.shape)}`);
  const n = lead.reduce((a, d) => a * d, 1);
  // (x1 @ W viewed as [in1, out * in2]) . x2, summed over in2.
  const t = x1.reshape([n, i1]).matmul(weight.permute(1, 0, 2).reshape([i1, o * i2])).reshape([n, o, i2]);
  let y = t.mul(x2.reshape([n, 1, i2])).sum(2);
  if (b) y = y.add(b);
  return y.reshape([...lead, o]);
}
