import type { Tensor } from '../../tensor/tensor.js';
import { apply } from '../apply.js';
import type { ShapeParams } from '../shape.js';
import type { BatchTable } from '../types.js';
import { shiftAxis, withBatch } from './util.js';

/**
 * A batched 1-D index into `axis` (phys [size, k]) as a full gather index for a batched x: shaped like the
 * output ([size, ...x's example shape with k at axis]), varying only along the batch and `axis` (a view).
 */
function lineGatherIndex(index: Tensor, xShape: readonly number[], axis: number): Tensor {
  const [size, k] = index._shape as [number, number];
  const lifted = xShape.map((_, i) => (i === 0 ? size : i === axis + 1 ? k : 1));
  const out = xShape.map((d, i) => (i === axis + 1 ? k : d));
  return apply('expand', [apply('reshape', [index], { shape: lifted })], { shape: out });
}

export const shapeBatchRules = {
  reshape: ([x], _b, { shape }, size) => apply('reshape', [x!], { shape: [size, ...shape] }),
  expand: ([x], _b, { shape }, size) => {
    // The example's leading new axes go after the batch axis: lift x to the full rank first.
    const lifted = [size, ...new Array<number>(shape.length - (x!.ndim - 1)).fill(1), ...x!._shape.slice(1)];
    return apply('expand', [apply('reshape', [x!], { shape: lifted })], { shape: [size, ...shape] });
  },
  permute: ([x], _b, { axes }) => apply('permute', [x!], { axes: [0, ...axes.map((a) => a + 1)] }),
  slice: ([x], _b, { starts, steps, shape }, size) => apply('slice', [x!], { starts: [0, ...starts], steps: [1, ...steps], shape: [size, ...shape] }),
  unslice: ([x], _b, { starts, steps, shape }, size) =>
    apply('unslice', [x!], { starts: [0, ...starts], steps: [1, ...steps], shape: [size, ...shape] }),
  pad: ([x], _b, { widths, value }) => apply('pad', [x!], { widths: [[0, 0], ...widths], value }),
  concat: (xs, batched, { axis }, size) => apply('concat', xs.map((x, k) => withBatch(x, batched[k]!, size)), { axis: shiftAxis(axis) }),
  flip: ([x], _b, { axes }) => apply('flip', [x!], { axes: axes.map(shiftAxis) }),
  gather: ([x, index], [bx, bi], { axis }, size) =>
    apply('gather', [withBatch(x!, bx!, size), withBatch(index!, bi!, size)], { axis: shiftAxis(axis) }),
  scatterAdd: ([src, index], [bs, bi], { axis, shape }, size) =>
    apply('scatterAdd', [withBatch(src!, bs!, size), withBatch(index!, bi!, size)], { axis: shiftAxis(axis), shape: [size, ...shape] }),
  // A shared index selects along the shifted axis; a batched one (one index per example) becomes a gather.
  indexSelect: ([x, index], [bx, bi], { axis }, size) => {
    const xb = withBatch(x!, bx!, size);
    if (!bi) return apply('indexSelect', [xb, index!], { axis: shiftAxis(axis) });
    const a = axis < 0 ? axis + x!.ndim - (bx ? 1 : 0) : axis;
    return apply('gather', [xb, lineGatherIndex(index!, xb._shape, a)], { axis: a + 1 });
  },
  indexAdd: ([src, index], [bs, bi], { axis, size: n }, size) => {
    const sb = withBatch(src!, bs!, size);
    if (!bi) return apply('indexAdd', [sb, index!], { axis: shiftAxis(axis), size: n });
    const a = axis < 0 ? axis + sb.ndim - 1 : axis;
    const shape = sb._shape.map((d, i) => (i === a + 1 ? n : d));
    return apply('scatterAdd', [sb, lineGatherIndex(index!, shape, a)], { axis: a + 1, shape });
  },
} satisfies BatchTable<ShapeParams>;
