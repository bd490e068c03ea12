import type { TypedArray } from '../../tensor/dtype.js';
import * as cpu from '../cpu/sort.js';
import { SMALL, arrayDType, fn } from './call.js';
import { alloc, allocElems, copyOut, resetWorkspace, stageArray } from './workspace.js';

/**
 * Stable argsort along `axis` (wasm/assembly/sort.ts): the same radix sort on order-preserving keys as the
 * TypeScript kernel, so the result is identical; small arrays take the TypeScript loop.
 */
export function argsort(x: TypedArray, shape: readonly number[], axis: number, descending: boolean): Int32Array {
  if (x.length < SMALL) return cpu.argsort(x, shape, axis, descending);
  const dtype = arrayDType(x);
  let outer = 1;
  let inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  const n = shape[axis]!;
  resetWorkspace();
  const px = stageArray(x, dtype, 'argsort');
  const po = allocElems('int32', x.length, 'argsort');
  const scratch = alloc(24 * n + 1024, 'argsort');
  fn('argsort', dtype)(px, outer, n, inner, descending ? 1 : 0, po, scratch);
  return copyOut('int32', po, x.length) as Int32Array;
}

/**
 * Insertion points of `values` in the sorted last axis of `seq` (wasm/assembly/sort.ts, a branchless binary
 * search). Both are staged in one dtype: theirs when they agree, float64 (exact for all three) when not.
 */
export function searchsorted(
  seq: TypedArray, seqShape: readonly number[], values: TypedArray, valuesShape: readonly number[], right: boolean,
): Int32Array {
  if (values.length < SMALL) return cpu.searchsorted(seq, seqShape, values, valuesShape, right);
  const ds = arrayDType(seq);
  const dtype = ds === arrayDType(values) ? ds : 'float64';
  const n = seqShape[seqShape.length - 1] ?? 1;
  const m = valuesShape.length === 0 ? 1 : valuesShape[valuesShape.length - 1]!;
  resetWorkspace();
  const ps = stageArray(seq, dtype, 'searchsorted');
  const pv = stageArray(values, dtype, 'searchsorted');
  const po = allocElems('int32', values.length, 'searchsorted');
  fn('searchsorted', dtype)(ps, n, seqShape.length <= 1 ? 1 : 0, pv, m === 0 ? 0 : values.length / m, m, right ? 1 : 0, po);
  return copyOut('int32', po, values.length) as Int32Array;
}
