import { Tensor } from '../tensor/tensor.js';
import { viewStrides } from '../tensor/shape.js';
import type { PrimTable } from './types.js';

export type ShapeParams = {
  reshape: { shape: number[] };
  expand: { shape: number[] };
  permute: { axes: number[] };
};

/** The axes along which `shape` was broadcast up to `target` (leading new axes and stretched 1s). */
export function broadcastAxes(shape: readonly number[], target: readonly number[]): number[] {
  const lead = target.length - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < target.length; i++) {
    if (i < lead || (shape[i - lead] === 1 && target[i] !== 1)) axes.push(i);
  }
  return axes;
}

export const shapePrims = {
  // A view whenever the strides allow it (always for contiguous tensors); otherwise a row-major copy.
  // d reshape(x) = reshape(dx): the gradient goes back to the input's shape.
  reshape: {
    forward: (b, [x], { shape }) => {
      const strides = viewStrides(x!.shape, x!._strides, shape);
      return strides
        ? new Tensor(x!._storage, shape.slice(), x!.dtype, strides, x!._offset)
        : Tensor._fromData(x!._contiguousData(), shape.slice(), x!.dtype);
    },
    vjp: (g, { inputs: [x] }) => [g.reshape(x!.shape)],
  },
  // A zero-copy view: broadcast axes get stride 0. Its vjp sums g over the broadcast axes, the one
  // place where broadcasting is undone for every binary op.
  expand: {
    forward: (b, [x], { shape }) => {
      const lead = shape.length - x!.ndim;
      const strides = shape.map((d, i) => (i < lead || (x!.shape[i - lead] === 1 && d !== 1) ? 0 : x!._strides[i - lead]!));
      return new Tensor(x!._storage, shape.slice(), x!.dtype, strides, x!._offset);
    },
    vjp: (g, { inputs: [x] }) => {
      const axes = broadcastAxes(x!.shape, g.shape);
      return [axes.length === 0 ? g : g.sum(axes, true).reshape(x!.shape)];
    },
  },
  // Permuting axes permutes strides (a view); the vjp applies the inverse permutation.
  permute: {
    forward: (b, [x], { axes }) =>
      new Tensor(x!._storage, axes.map((a) => x!.shape[a]!), x!.dtype, axes.map((a) => x!._strides[a]!), x!._offset),
    vjp: (g, { params: { axes } }) => {
      const inverse = new Array<number>(axes.length);
      axes.forEach((a, i) => (inverse[a] = i));
      return [g.permute(...inverse)];
    },
  },
} satisfies PrimTable<ShapeParams>;

