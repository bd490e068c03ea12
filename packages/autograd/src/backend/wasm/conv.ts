import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { Window2d } from '../backend.js';
import * as cpu from '../cpu/conv.js';
import { SMALL, arrayDType, fn, sizeOfShape } from './call.js';
import { alloc, allocElems, copyOut, resetWorkspace, stageArray, view } from './workspace.js';

/** The window descriptor of wasm/assembly/conv.ts: [planes, h, w, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow]. */
function windowDesc(shape: readonly number[], win: Window2d, padded: boolean, op: string): { ptr: number; oh: number; ow: number } {
  const [n, c, h, w] = shape as [number, number, number, number];
  const [ph, pw] = padded ? win.padding : [0, 0];
  const oh = cpu.windowCount(h, win.kernel[0], win.stride[0], ph, win.dilation[0]);
  const ow = cpu.windowCount(w, win.kernel[1], win.stride[1], pw, win.dilation[1]);
  const ptr = alloc(13 * 4, op);
  view('int32', ptr, 13).set([n * c, h, w, ...win.kernel, ...win.stride, ph, pw, ...win.dilation, oh, ow]);
  return { ptr, oh, ow };
}

/** im2col of a contiguous [n, c, h, w] array into [n, c kh kw, oh ow] (zeros where taps hit the padding). */
export function unfold(x: TypedArray, shape: readonly number[], win: Window2d, dtype: DType): TypedArray {
  const [kh, kw] = win.kernel;
  const rows = shape[0]! * shape[1]! * kh * kw;
  const size = rows * cpu.windowCount(shape[2]!, kh, win.stride[0], win.padding[0], win.dilation[0]) *
    cpu.windowCount(shape[3]!, kw, win.stride[1], win.padding[1], win.dilation[1]);
  if (size < SMALL) return cpu.unfold(x, shape, win, dtype);
  resetWorkspace();
  const px = stageArray(x, dtype, 'unfold');
  const out = allocElems(dtype, size, 'unfold');
  fn('unfold', dtype)(px, out, windowDesc(shape, win, true, 'unfold').ptr);
  return copyOut(dtype, out, size);
}

/** col2im, the adjoint of unfold: [n, c kh kw, oh ow] summed back into a fresh [n, c, h, w] (`shape`). */
export function fold(cols: TypedArray, shape: readonly number[], win: Window2d, dtype: DType): TypedArray {
  const size = sizeOfShape(shape);
  if (cols.length < SMALL || size === 0) return cpu.fold(cols, shape, win, dtype);
  resetWorkspace();
  const pc = stageArray(cols, dtype, 'fold');
  const out = allocElems(dtype, size, 'fold');
  fn('fold', dtype)(pc, out, windowDesc(shape, win, true, 'fold').ptr);
  return copyOut(dtype, out, size);
}

/** Flat in-plane index of each pooling window's first max (NaN wins) of a contiguous [n, c, h, w] array. */
export function maxPoolIndex(x: TypedArray, shape: readonly number[], win: Window2d): Int32Array {
  if (x.length < SMALL) return cpu.maxPoolIndex(x, shape, win);
  const dtype = arrayDType(x);
  resetWorkspace();
  const px = stageArray(x, dtype, 'maxPoolIndex');
  const { ptr, oh, ow } = windowDesc(shape, win, false, 'maxPoolIndex');
  const size = shape[0]! * shape[1]! * oh * ow;
  const out = allocElems('int32', size, 'maxPoolIndex');
  fn('maxPoolIndex', dtype)(px, out, ptr);
  return copyOut('int32', out, size) as Int32Array;
}
