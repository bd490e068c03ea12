import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { Window2d } from '../backend.js';
import * as cpu from '../cpu/conv.js';
import { SMALL, arrayDType, sizeOfShape, suffix } from './call.js';
import { runPlanes } from './parallel.js';
import { BYTES, allocElems, output, resetWorkspace, stageArray } from './workspace.js';

/** The window descriptor fields of wasm/assembly/conv.ts: [planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow]. */
function windowFields(shape: readonly number[], win: Window2d, padded: boolean): { fields: number[]; oh: number; ow: number } {
  const [n, c, h, w] = shape as [number, number, number, number];
  const [ph, pw] = padded ? win.padding : [0, 0];
  const oh = cpu.windowCount(h, win.kernel[0], win.stride[0], ph, win.dilation[0]);
  const ow = cpu.windowCount(w, win.kernel[1], win.stride[1], pw, win.dilation[1]);
  return { fields: [n * c, h, w, ...win.kernel, ...win.stride, ph, pw, ...win.dilation, oh, ow], oh, ow };
}

/** Where a windowed kernel's output went: its workspace address, and the fresh JavaScript-heap copy if asked for. */
export interface PlanesOut {
  readonly ptr: number;
  readonly data: TypedArray | null;
}

/**
 * Runs the unfold kernel over the [n, c, h, w] image (`shape`) staged at `px` into fresh workspace columns
 * [n, c kh kw, oh ow], allocated after the image (see the kernel's stride-2 reads); with `copy`, each task's planes
 * are also copied out to a fresh array as they finish.
 */
export function unfoldStaged(op: string, px: number, shape: readonly number[], win: Window2d, dtype: DType, copy: boolean): PlanesOut {
  const { fields, oh, ow } = windowFields(shape, win, true);
  const taps = win.kernel[0] * win.kernel[1] * oh * ow;
  const size = shape[0]! * shape[1]! * taps;
  const out = allocElems(dtype, size, op);
  const b = BYTES[dtype];
  const result = copy ? output(dtype, out, size) : null;
  runPlanes(op, `unfold_${suffix(dtype)}`, { ptr: px, bytes: b }, shape[2]! * shape[3]!, { ptr: out, bytes: b }, taps, fields, result);
  return { ptr: out, data: result && result.data };
}

/** The same for fold: columns staged at `pc` summed into a fresh workspace image of `shape`. */
export function foldStaged(op: string, pc: number, shape: readonly number[], win: Window2d, dtype: DType, copy: boolean): PlanesOut {
  const { fields, oh, ow } = windowFields(shape, win, true);
  const size = sizeOfShape(shape);
  const out = allocElems(dtype, size, op);
  const b = BYTES[dtype];
  const result = copy ? output(dtype, out, size) : null;
  runPlanes(op, `fold_${suffix(dtype)}`, { ptr: pc, bytes: b }, win.kernel[0] * win.kernel[1] * oh * ow, { ptr: out, bytes: b }, shape[2]! * shape[3]!, fields, result);
  return { ptr: out, data: result && result.data };
}

/** im2col of a contiguous [n, c, h, w] array into [n, c kh kw, oh ow] (zeros where taps hit the padding). */
export function unfold(x: TypedArray, shape: readonly number[], win: Window2d, dtype: DType): TypedArray {
  const [kh, kw] = win.kernel;
  const rows = shape[0]! * shape[1]! * kh * kw;
  const size = rows * cpu.windowCount(shape[2]!, kh, win.stride[0], win.padding[0], win.dilation[0]) *
    cpu.windowCount(shape[3]!, kw, win.stride[1], win.padding[1], win.dilation[1]);
  if (size < SMALL) return cpu.unfold(x, shape, win, dtype);
  resetWorkspace();
  return unfoldStaged('unfold', stageArray(x, dtype, 'unfold'), shape, win, dtype, true).data!;
}

/** col2im, the adjoint of unfold: [n, c kh kw, oh ow] summed back into a fresh [n, c, h, w] (`shape`). */
export function fold(cols: TypedArray, shape: readonly number[], win: Window2d, dtype: DType): TypedArray {
  if (cols.length < SMALL || sizeOfShape(shape) === 0) return cpu.fold(cols, shape, win, dtype);
  resetWorkspace();
  return foldStaged('fold', stageArray(cols, dtype, 'fold'), shape, win, dtype, true).data!;
}

/** Flat in-plane index of each pooling window's first max (NaN wins) of a contiguous [n, c, h, w] array. */
export function maxPoolIndex(x: TypedArray, shape: readonly number[], win: Window2d): Int32Array {
  if (x.length < SMALL) return cpu.maxPoolIndex(x, shape, win);
  const dtype = arrayDType(x);
  resetWorkspace();
  const px = stageArray(x, dtype, 'maxPoolIndex');
  const { fields, oh, ow } = windowFields(shape, win, false);
  const size = shape[0]! * shape[1]! * oh * ow;
  const out = allocElems('int32', size, 'maxPoolIndex');
  const result = output('int32', out, size);
  runPlanes('maxPoolIndex', `maxPoolIndex_${suffix(dtype)}`, { ptr: px, bytes: BYTES[dtype] }, shape[2]! * shape[3]!, { ptr: out, bytes: 4 }, oh * ow, fields, result);
  return result.data as Int32Array;
}
