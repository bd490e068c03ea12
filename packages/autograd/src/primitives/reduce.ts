import { Tensor } from '../tensor/tensor.js';
import { reducedShape } from '../tensor/shape.js';
import type { PrimTable } from './types.js';

export type ReduceParams = {
  sum: { axes: number[]; keepDims: boolean };
};

export const reducePrims = {
  // d sum(x) = sum(dx): every input element receives the output's gradient (expanded back).
  sum: {
    forward: (b, [x], { axes, keepDims }) =>
      Tensor._fromData(b.reduce('sum', x!._contiguousData(), x!.shape, axes), reducedShape(x!.shape, axes, keepDims), x!.dtype),
    vjp: (g, { inputs: [x], params: { axes } }) => [g.reshape(reducedShape(x!.shape, axes, true)).expand(x!.shape)],
  },
} satisfies PrimTable<ReduceParams>;
