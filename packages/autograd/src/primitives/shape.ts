import { Tensor } from '../tensor/tensor.js';
import { allocate } from '../tensor/dtype.js';
import { sizeOf, viewStrides } from '../tensor/shape.js';
import { apply } from './apply.js';
import type { PrimTable } from './types.js';

export type ShapeParams = {
  reshape: { shape: readonly number[] };
  expand: { shape: readonly number[] };
  permute: { axes: number[] };
  /** A strided view: per axis, elements starts + i * steps for i < shape (the output shape). */
  slice: { starts: number[]; steps: number[]; shape: number[] };
  /** Internal adjoint of slice: scatters its input into zeros of `shape` at starts + i * steps. */
  unslice: { starts: number[]; steps: number[]; shape: number[] };
  /** Per-axis [before, after] widths filled with `value`. */
  pad: { widths: [number, number][]; value: number };
  /** Joins all inputs along `axis` (same dtype, shapes equal elsewhere). */
  concat: { axis: number };
  flip: { axes: number[] };
  /** torch.gather: inputs [x, index]. */
  gather: { axis: number };
  /** Internal adjoint of gather: inputs [src, index], output zeros of `shape` with src added at the indices. */
  scatterAdd: { axis: number; shape: number[] };
  /** inputs [x, index] with a 1-D index into `axis`. */
  indexSelect: { axis: number };
  /** Internal adjoint of indexSelect: inputs [src, index], output has `size` along `axis`. */
  indexAdd: { axis: number; size: number };
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
      const strides = viewStrides(x!._shape, x!._strides, shape);
      return strides
        ? new Tensor(x!._storage, shape.slice(), x!.dtype, strides, x!._offset)
        : Tensor._fromData(x!._contiguousData(), shape.slice(), x!.dtype);
    },
    vjp: (g, { inputs: [x] }) => [g.reshape(x!._shape)],
  },
  // A zero-copy view: broadcast axes get stride 0. Its vjp sums g over the broadcast axes, the one
  // place where broadcasting is undone for every binary op.
  expand: {
    forward: (b, [x], { shape }) => {
      const lead = shape.length - x!.ndim;
      const strides = shape.map((d, i) => (i < lead || (x!._shape[i - lead] === 1 && d !== 1) ? 0 : x!._strides[i - lead]!));
      return new Tensor(x!._storage, shape.slice(), x!.dtype, strides, x!._offset);
    },
    vjp: (g, { inputs: [x] }) => {
      const axes = broadcastAxes(x!._shape, g._shape);
      return [axes.length === 0 ? g : g.sum(axes, true).reshape(x!._shape)];
    },
  },
  // Permuting axes permutes strides (a view); the vjp applies the inverse permutation.
  permute: {
    forward: (b, [x], { axes }) =>
      new Tensor(x!._storage, axes.map((a) => x!._shape[a]!), x!.dtype, axes.map((a) => x!._strides[a]!), x!._offset),
    vjp: (g, { params: { axes } }) => {
      const inverse = new Array<number>(axes.length);
      axes.forEach((a, i) => (inverse[a] = i));
      return [g.permute(...inverse)];
    },
  },
  // A zero-copy view: the offset moves to the first element and each stride is multiplied by its step.
  // Slicing is linear, so its vjp is the adjoint: scatter g into zeros of x's shape (unslice).
  slice: {
    forward: (b, [x], { starts, steps, shape }) => {
      if (sizeOf(shape) === 0) return Tensor._fromData(allocate(x!.dtype, 0), shape.slice(), x!.dtype);
      const offset = starts.reduce((o, s, i) => o + s * x!._strides[i]!, x!._offset);
      return new Tensor(x!._storage, shape.slice(), x!.dtype, x!._strides.map((s, i) => s * steps[i]!), offset);
    },
    vjp: (g, { inputs: [x], params: { starts, steps } }) => [apply('unslice', [g], { starts, steps, shape: x!._shape.slice() })],
  },
  // unslice is linear too; its adjoint picks the same positions back out (slice), so any order works.
  unslice: {
    forward: (b, [x], { starts, steps, shape }) =>
      Tensor._fromData(b.embed(x!._strided(), x!._shape, shape, starts, steps, 0, x!.dtype), shape.slice(), x!.dtype),
    vjp: (g, { inputs: [x], params: { starts, steps } }) => [apply('slice', [g], { starts, steps, shape: x!._shape.slice() })],
  },
  // d pad(x) = pad(dx) with zeros: the constant border gets no gradient, so dx is the interior slice of g.
  pad: {
    forward: (b, [x], { widths, value }) => {
      const shape = x!._shape.map((d, i) => d + widths[i]![0] + widths[i]![1]);
      const starts = widths.map((w) => w[0]);
      return Tensor._fromData(b.embed(x!._strided(), x!._shape, shape, starts, starts.map(() => 1), value, x!.dtype), shape, x!.dtype);
    },
    vjp: (g, { inputs: [x], params: { widths } }) =>
      [apply('slice', [g], { starts: widths.map((w) => w[0]), steps: widths.map(() => 1), shape: x!._shape.slice() })],
  },
  // d concat(x_k) = concat(dx_k): each input's gradient is its own block of g along the axis.
  concat: {
    forward: (b, xs, { axis }) => {
      const shape = xs[0]!._shape.slice();
      shape[axis] = xs.reduce((n, x) => n + x._shape[axis]!, 0);
      return Tensor._fromData(b.concat(xs.map((x) => x._strided()), xs.map((x) => x._shape), axis, xs[0]!.dtype), shape, xs[0]!.dtype);
    },
    vjp: (g, { inputs, params: { axis } }) => {
      let at = 0;
      return inputs.map((x) => {
        const starts = x._shape.map((_, i) => (i === axis ? at : 0));
        at += x._shape[axis]!;
        return apply('slice', [g], { starts, steps: starts.map(() => 1), shape: x._shape.slice() });
      });
    },
  },
  // Reads the input through negated strides (starting at the last element of each flipped axis) into a
  // fresh array, so no tensor ever holds a negative stride. d flip(x) = flip(dx).
  flip: {
    forward: (b, [x], { axes }) => {
      let offset = x!._offset;
      const strides = x!._strides.map((s, i) => {
        if (!axes.includes(i) || x!._shape[i] === 0) return s;
        offset += (x!._shape[i]! - 1) * s;
        return -s;
      });
      return Tensor._fromData(b.contiguous({ data: x!._storage.data, offset, strides }, x!._shape, x!.dtype), x!._shape.slice(), x!.dtype);
    },
    vjp: (g, { params }) => [apply('flip', [g], params)],
  },
  // out[p] = x[index[p] along axis] is linear in x; its adjoint adds g[p] back at index[p] (scatterAdd).
  gather: {
    forward: (b, [x, index], { axis }) =>
      Tensor._fromData(b.gather(x!._strided(), index!._strided(), index!._shape, axis, x!.dtype), index!._shape.slice(), x!.dtype),
    vjp: (g, { inputs: [x, index], params: { axis } }) => [apply('scatterAdd', [g, index!], { axis, shape: x!._shape.slice() }), null],
  },
  // The adjoint of an adjoint is the original map: d scatterAdd(src) = gather(d src).
  scatterAdd: {
    forward: (b, [src, index], { axis, shape }) =>
      Tensor._fromData(b.scatterAdd(src!._strided(), index!._strided(), src!._shape, axis, shape, src!.dtype), shape.slice(), src!.dtype),
    vjp: (g, { inputs: [, index], params: { axis } }) => [apply('gather', [g, index!], { axis }), null],
  },
  // indexSelect is a gather whose index is the 1-D index broadcast along every other axis; adjoint: indexAdd.
  indexSelect: {
    forward: (b, [x, index], { axis }) => {
      const shape = x!._shape.map((d, i) => (i === axis ? index!.size : d));
      return Tensor._fromData(b.gather(x!._strided(), lineIndex(index!, axis, shape.length), shape, axis, x!.dtype), shape, x!.dtype);
    },
    vjp: (g, { inputs: [x, index], params: { axis } }) => [apply('indexAdd', [g, index!], { axis, size: x!._shape[axis]! }), null],
  },
  // d indexAdd(src) = indexSelect(d src): the adjoint of the adjoint.
  indexAdd: {
    forward: (b, [src, index], { axis, size }) => {
      const shape = src!._shape.map((d, i) => (i === axis ? size : d));
      return Tensor._fromData(b.scatterAdd(src!._strided(), lineIndex(index!, axis, shape.length), src!._shape, axis, shape, src!.dtype), shape, src!.dtype);
    },
    vjp: (g, { inputs: [, index], params: { axis } }) => [apply('indexSelect', [g, index!], { axis }), null],
  },
} satisfies PrimTable<ShapeParams>;

/** A 1-D index viewed as an `ndim`-d one that varies only along `axis` (stride 0 elsewhere). */
function lineIndex(index: Tensor, axis: number, ndim: number) {
  const s = index.ndim === 0 ? 0 : index._strides[0]!;
  return { data: index._storage.data, offset: index._offset, strides: Array.from({ length: ndim }, (_, i) => (i === axis ? s : 0)) };
}

