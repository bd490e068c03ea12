import type { Backend, ReduceOp } from '../backend/backend.js';
import { where } from '../ops/elementwise.js';
import { Tensor } from '../tensor/tensor.js';
import { reducedShape } from '../tensor/shape.js';
import type { PrimTable } from './types.js';

type AxesParams = { axes: number[]; keepDims: boolean };

export type ReduceParams = {
  sum: AxesParams;
  /** Min is the composite -max(-x). */
  max: AxesParams;
  prod: AxesParams;
  logsumexp: AxesParams;
  /** `axis: null` means over the flattened tensor (keepDims then keeps every axis as 1). */
  argReduce: { op: 'argmax' | 'argmin'; axis: number | null; keepDims: boolean };
  softmax: { axis: number };
  logSoftmax: { axis: number };
};

function reduceForward(op: ReduceOp) {
  return (b: Backend, [x]: readonly Tensor[], { axes, keepDims }: AxesParams) =>
    Tensor._fromData(b.reduce(op, x!._contiguousData(), x!._shape, axes), reducedShape(x!._shape, axes, keepDims), x!.dtype);
}

/** The gradient (or output) of a reduction with its reduced axes restored as 1, ready to broadcast against x. */
const kept = (t: Tensor, x: Tensor, axes: number[]): Tensor => t.reshape(reducedShape(x._shape, axes, true));

export const reducePrims = {
  // d sum(x) = sum(dx): every input element receives the output's gradient (expanded back).
  sum: {
    forward: reduceForward('sum'),
    vjp: (g, { inputs: [x], params: { axes } }) => [kept(g, x!, axes).expand(x!._shape)],
  },
  // d max(x) = sum_{k: x_k = out} dx_k / count: at ties the gradient is split evenly (PyTorch amax); the
  // mask is a constant, so second derivatives are 0 as they should be for a piecewise-linear function.
  max: {
    forward: reduceForward('max'),
    vjp: (g, { inputs: [x], out, params: { axes } }) => {
      const hit = x!.eq(kept(out, x!, axes)).astype(g.dtype);
      return [hit.div(hit.sum(axes, true)).mul(kept(g, x!, axes))];
    },
  },
  // d prod(x)/dx_k = prod_{j != k} x_j = (prod of the nonzero x_j, j != k) * (prod of the zero x_j, j != k).
  // The first factor is prod(xs) / xs_k with xs = x where zeros are replaced by 1 (never 0 / 0). The second
  // is 1 when no other element is zero, 0 when two or more others are, and with exactly one other zero it
  // is that element itself (value 0, kept as a variable so the second derivative is exact too).
  prod: {
    forward: reduceForward('prod'),
    vjp: (g, { inputs: [x], params: { axes } }) => {
      const z = x!.eq(0);
      const xs = where(z, 1, x!);
      const others = xs.prod(axes, true).div(xs);
      const otherZeros = z.sum(axes, true).sub(z);
      const zx = where(z, x!, 0);
      const lone = zx.sum(axes, true).sub(zx);
      const zeroPart = where(otherZeros.eq(0), 1, where(otherZeros.eq(1), lone, 0));
      return [kept(g, x!, axes).mul(others).mul(zeroPart)];
    },
  },
  // d lse(x) = sum_k softmax(x)_k dx_k = exp(x - out) dx. A slice of all -inf has out = -inf; it uses
  // exp(x - 0) = 0 instead of exp(-inf + inf) = NaN, so its gradient is 0.
  logsumexp: {
    forward: (b, [x], { axes, keepDims }) =>
      Tensor._fromData(b.logsumexp(x!._contiguousData(), x!._shape, axes), reducedShape(x!._shape, axes, keepDims), x!.dtype),
    vjp: (g, { inputs: [x], out, params: { axes } }) => {
      const o = kept(out, x!, axes);
      const safe = where(o.eq(-Infinity), 0, o);
      return [kept(g, x!, axes).mul(x!.sub(safe).exp())];
    },
  },
  // Integer indices: no gradient.
  argReduce: {
    forward: (b, [x], { op, axis, keepDims }) => {
      if (axis !== null) {
        const data = b.argReduce(op, x!._contiguousData(), x!._shape, axis);
        return Tensor._fromData(data, reducedShape(x!._shape, [axis], keepDims), 'int32');
      }
      const data = b.argReduce(op, x!._contiguousData(), [x!.size], 0);
      return Tensor._fromData(data, keepDims ? x!._shape.map(() => 1) : [], 'int32');
    },
  },
  // Fused for stability (max subtracted in the kernel). J^T g = out * (g - sum(g * out)) along the axis.
  softmax: {
    forward: (b, [x], { axis }) => Tensor._fromData(b.softmax(x!._contiguousData(), x!._shape, axis, false), x!._shape.slice(), x!.dtype),
    vjp: (g, { out, params: { axis } }) => [out.mul(g.sub(g.mul(out).sum(axis, true)))],
  },
  // d logSoftmax(x) = dx - softmax(x) sum(dx), so J^T g = g - exp(out) * sum(g) along the axis.
  logSoftmax: {
    forward: (b, [x], { axis }) => Tensor._fromData(b.softmax(x!._contiguousData(), x!._shape, axis, true), x!._shape.slice(), x!.dtype),
    vjp: (g, { out, params: { axis } }) => [g.sub(out.exp().mul(g.sum(axis, true)))],
  },
} satisfies PrimTable<ReduceParams>;
