import type { ReduceParams } from '../reduce.js';
import { apply } from '../apply.js';
import type { BatchRule, BatchTable } from '../types.js';
import { shiftAxis } from './util.js';

type AxesName = 'sum' | 'max' | 'prod' | 'logsumexp';

/** A reduction of each example over its axes is the same reduction of the batch over the shifted axes. */
function overAxes<K extends AxesName>(name: K): BatchRule<ReduceParams[K]> {
  return ([x], _batched, { axes, keepDims }) => apply(name, [x!], { axes: axes.map(shiftAxis), keepDims });
}

export const reduceBatchRules = {
  sum: overAxes('sum'),
  max: overAxes('max'),
  prod: overAxes('prod'),
  logsumexp: overAxes('logsumexp'),
  // Over the flattened example: flatten all but the batch axis and reduce along it.
  argReduce: ([x], _batched, { op, axis, keepDims }, size) => {
    if (axis !== null) return apply('argReduce', [x!], { op, axis: shiftAxis(axis), keepDims });
    const flat = apply('reshape', [x!], { shape: [size, x!.size / size] });
    const idx = apply('argReduce', [flat], { op, axis: 1, keepDims: false });
    return keepDims ? apply('reshape', [idx], { shape: x!._shape.map((d, i) => (i === 0 ? size : 1)) }) : idx;
  },
  softmax: ([x], _batched, { axis }) => apply('softmax', [x!], { axis: shiftAxis(axis) }),
  logSoftmax: ([x], _batched, { axis }) => apply('logSoftmax', [x!], { axis: shiftAxis(axis) }),
} satisfies BatchTable<ReduceParams>;
