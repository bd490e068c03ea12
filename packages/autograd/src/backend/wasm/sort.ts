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
