import { allocate, type DType, type TypedArray } from '../../tensor/dtype.js';
import { contiguousStrides } from '../../tensor/shape.js';
import type { Strided } from '../backend.js';
import { contiguous as cpuContiguous, isRowMajor } from '../cpu/layout.js';
import * as cpu from '../cpu/shape.js';
import { SMALL, fn, sizeOfShape, suffix } from './call.js';
import { PARALLEL_MIN, walk } from './parallel.js';
import { runTasks, splitPoints, taskCount, type Task } from './threads/pool.js';
import { BYTES, allocElems, coalesce, copyOut, descriptor, output, resetWorkspace, stage, view, writeDescriptor } from './workspace.js';

/**
 * Rows at least this long are copied with TypedArray.set straight into the result (a native memcpy, one pass,
 * nothing staged), as tfjs-backend-wasm's concat does: for row-major views embed and concat are pure memcpy,
 * and staging in and copying out would move every byte three times. Shorter rows go through the wasm kernel.
 */
const LONG_ROW = 64;

/** gather rows worth a `set` each, measured on embedding lookups against the TypeScript loop (16 wide: even, 32: 2x). */
const GATHER_ROW = 16;

/**
 * embed of a row-major x whose last axis lands contiguously (step 1): fill, then one `set` per row of x. The
 * destination row starts advance by an odometer over x's leading axes.
 */
function embedRows(
  x: Strided, shape: readonly number[], outShape: readonly number[], starts: readonly number[], steps: readonly number[],
  fill: number, dtype: DType,
): TypedArray {
  const out = allocate(dtype, sizeOfShape(outShape));
  if (!Object.is(fill, 0)) out.fill(fill); // -0 must stay -0
  const nd = shape.length;
  const n = shape[nd - 1]!;
  const cs = contiguousStrides(outShape);
  const dst = cs.map((c, i) => c * steps[i]!);
  let at = 0;
  for (let i = 0; i < nd; i++) at += starts[i]! * cs[i]!;
  const idx = new Array<number>(nd).fill(0);
  const rows = sizeOfShape(shape) / n;
  for (let r = 0, src = x.offset; r < rows; r++, src += n) {
    out.set(x.data.subarray(src, src + n), at);
    for (let a = nd - 2; a >= 0; a--) {
      at += dst[a]!;
      if (++idx[a]! < shape[a]!) break;
      at -= idx[a]! * dst[a]!;
      idx[a] = 0;
    }
  }
  return out;
}

/** concat of row-major views: for each index of the axes before `axis`, one `set` per input. */
function concatRows(xs: readonly Strided[], shapes: readonly (readonly number[])[], axis: number, outShape: readonly number[], dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOfShape(outShape));
  const outer = sizeOfShape(outShape.slice(0, axis));
  const chunks = shapes.map((s) => sizeOfShape(s.slice(axis)));
  for (let o = 0, at = 0; o < outer; o++) {
    for (let k = 0; k < xs.length; k++) {
      const n = chunks[k]!;
      const from = xs[k]!.offset + o * n;
      if (n > 0) out.set(xs[k]!.data.subarray(from, from + n), at);
      at += n;
    }
  }
  return out;
}

/** A fresh array of `outShape` filled with `fill`, with x written at starts + i * steps (padding, slice adjoint). */
export function embed(
  x: Strided, shape: readonly number[], outShape: readonly number[],
  starts: readonly number[], steps: readonly number[], fill: number, dtype: DType,
): TypedArray {
  const size = sizeOfShape(outShape);
  if (size < SMALL) return cpu.embed(x, shape, outShape, starts, steps, fill, dtype);
  const nd = shape.length;
  if (nd > 0 && shape[nd - 1]! >= LONG_ROW && steps[nd - 1] === 1 && isRowMajor(x, shape)) {
    return embedRows(x, shape, outShape, starts, steps, fill, dtype);
  }
  resetWorkspace();
  const sx = stage(x, shape, dtype, 'embed');
  const out = allocElems(dtype, size, 'embed');
  const cs = contiguousStrides(outShape);
  let offset = 0;
  for (let i = 0; i < cs.length; i++) offset += starts[i]! * cs[i]!;
  const desc = descriptor(shape, [sx.strides, cs.map((s, i) => s * steps[i]!)], 'embed');
  view(dtype, out, size).fill(fill); // as a typed-array fill stores it: -0 stays -0, int32 takes ToInt32
  if (sizeOfShape(shape) > 0) fn('place', dtype)(sx.ptr, out + offset * BYTES[dtype], desc);
  return copyOut(dtype, out, size);
}

/** Joins views along `axis` into a fresh contiguous array; each view is placed by one strided copy. */
export function concat(xs: readonly Strided[], shapes: readonly (readonly number[])[], axis: number, dtype: DType): TypedArray {
  const outShape = shapes[0]!.slice();
  outShape[axis] = shapes.reduce((n, s) => n + s[axis]!, 0);
  const size = sizeOfShape(outShape);
  if (size < SMALL) return cpu.concat(xs, shapes, axis, dtype);
  if (size >= LONG_ROW * sizeOfShape(outShape.slice(0, axis)) * xs.length && xs.every((x, k) => isRowMajor(x, shapes[k]!))) {
    return concatRows(xs, shapes, axis, outShape, dtype);
  }
  resetWorkspace();
  const out = allocElems(dtype, size, 'concat');
  const cs = contiguousStrides(outShape);
  let at = 0;
  for (let k = 0; k < xs.length; k++) {
    const shape = shapes[k]!;
    if (sizeOfShape(shape) > 0) {
      const sx = stage(xs[k]!, shape, dtype, 'concat');
      const desc = descriptor(shape, [sx.strides, cs], 'concat');
      fn('place', dtype)(sx.ptr, out + at * cs[axis]! * BYTES[dtype], desc);
    }
    at += shape[axis]!;
  }
  return copyOut(dtype, out, size);
}

/** `strides` with the one of `axis` set to 0: walking it visits the start of each line along `axis`. */
const lineStrides = (strides: readonly number[], axis: number): number[] => strides.map((s, i) => (i === axis ? 0 : s));

/** The largest index of a mostly broadcast index view (an index-select's), read in JS; null when it is not cheap. */
function broadcastIndexMax(index: Strided, shape: readonly number[]): number | null {
  const distinct = shape.map((d, i) => (index.strides[i] === 0 ? 1 : d));
  if (8 * sizeOfShape(distinct) > sizeOfShape(shape)) return null;
  let m = -1;
  const along = shape.filter((_, i) => index.strides[i] !== 0);
  if (along.length === 1) {
    // An index-select's index: one line.
    const a = index.strides.findIndex((st) => st !== 0);
    const st = index.strides[a]!;
    for (let i = 0, p = index.offset; i < shape[a]!; i++, p += st) if (index.data[p]! > m) m = index.data[p]!;
    return m;
  }
  for (const v of cpuContiguous(index, distinct, 'int32')) m = Math.max(m, v);
  return m;
}

/**
 * gather where each output row (the last axis, not the gathered one) is one index's contiguous run of x: an
 * index-select or embedding lookup. One `set` per row, and none of x is staged.
 */
function gatherRows(x: Strided, index: Strided, shape: readonly number[], axis: number, dtype: DType): TypedArray {
  const nd = shape.length;
  const n = shape[nd - 1]!;
  const rows = sizeOfShape(shape) / n;
  const out = allocate(dtype, rows * n);
  const idx = index.data;
  const sa = x.strides[axis]!;
  const xs = lineStrides(x.strides, axis);
  const pos = new Array<number>(nd).fill(0);
  for (let r = 0, line = x.offset, at = index.offset; r < rows; r++) {
    const from = line + idx[at]! * sa;
    out.set(x.data.subarray(from, from + n), r * n);
    for (let a = nd - 2; a >= 0; a--) {
      line += xs[a]!;
      at += index.strides[a]!;
      if (++pos[a]! < shape[a]!) break;
      line -= pos[a]! * xs[a]!;
      at -= pos[a]! * index.strides[a]!;
      pos[a] = 0;
    }
  }
  return out;
}

/**
 * torch.gather: out[p] = x[p with its `axis` coordinate replaced by index[p]]. The index is staged first and its
 * largest value tells how much of x along `axis` the kernel reads, so only that span of x is staged.
 */
export function gather(x: Strided, index: Strided, shape: readonly number[], axis: number, dtype: DType): TypedArray {
  const size = sizeOfShape(shape);
  if (size < SMALL) return cpu.gather(x, index, shape, axis, dtype);
  const nd = shape.length;
  if (axis < nd - 1 && shape[nd - 1]! >= GATHER_ROW && index.strides[nd - 1] === 0 && x.strides[nd - 1] === 1) {
    return gatherRows(x, index, shape, axis, dtype);
  }
  // A few rows picked from a large x (an embedding lookup): staging x would cost more than the whole gather.
  const known = broadcastIndexMax(index, shape);
  if (known !== null && sizeOfShape(shape.map((d, i) => (i === axis ? known + 1 : d))) > 4 * size) {
    return cpu.gather(x, index, shape, axis, dtype);
  }
  resetWorkspace();
  const si = stage(index, shape, 'int32', 'gather');
  const extent = fn('indexmax', 'int32')(si.ptr, descriptor(shape, [si.strides], 'gather')) + 1;
  const xShape = shape.map((d, i) => (i === axis ? extent : d));
  if (sizeOfShape(xShape) > 4 * size) return cpu.gather(x, index, shape, axis, dtype);
  const sx = stage(x, xShape, dtype, 'gather');
  const out = allocElems(dtype, size, 'gather');
  const w = BYTES[dtype];
  const loop = coalesce(shape, [lineStrides(sx.strides, axis), si.strides]);
  const result = output(dtype, out, size);
  walk('gather', `gather_${suffix(dtype)}`, [sx.strides[axis]!], [{ ptr: sx.ptr, bytes: w }, { ptr: si.ptr, bytes: 4 }], { ptr: out, bytes: w }, loop, result);
  return result.data;
}

/**
 * The adjoint of gather: zeros of `outShape`, then out[p with axis coordinate index[p]] += src[p] in row-major
 * order of p, as the TypeScript kernel adds, so repeated indices give the same sums. Float32 accumulates in f64.
 * A large call is split across threads by blocks of its outermost axis when that is not `axis`: an output
 * element only gathers terms from its own block, still in the same order.
 */
export function scatterAdd(
  src: Strided, index: Strided, shape: readonly number[], axis: number, outShape: readonly number[], dtype: DType,
): TypedArray {
  const size = sizeOfShape(shape);
  if (size < SMALL) return cpu.scatterAdd(src, index, shape, axis, outShape, dtype);
  const outSize = sizeOfShape(outShape);
  const accType: DType = dtype === 'float32' ? 'float64' : dtype;
  resetWorkspace();
  const ss = stage(src, shape, dtype, 'scatterAdd');
  const si = stage(index, shape, 'int32', 'scatterAdd');
  const acc = allocElems(accType, outSize, 'scatterAdd');
  // float32: the f64 sums rounded once, as the TypeScript kernel's Float32Array.set does, by each task for its block.
  const out = accType === dtype ? 0 : allocElems(dtype, outSize, 'scatterAdd');
  const cs = contiguousStrides(outShape);
  const loop = coalesce(shape, [ss.strides, si.strides, lineStrides(cs, axis)]);
  const [src0, idx0, out0] = loop.strides.map((st) => st[0]!) as [number, number, number];
  const rows = loop.dims[0]!;
  // The work is the terms' adds and the output's zeroing and rounding (and its copy out).
  const parts = out0 === 0 ? 1 : taskCount(rows, size + outSize >= PARALLEL_MIN);
  const starts = splitPoints(rows, parts);
  const at = (t: number): number => (t === parts ? outSize : starts[t]! * out0); // where task t's output starts
  const tasks: Task[] = [];
  for (let t = 0; t < parts; t++) {
    const [r0, r1] = [starts[t]!, starts[t + 1]!];
    const desc = writeDescriptor(parts === 1 ? loop : { dims: [r1 - r0, ...loop.dims.slice(1)], strides: loop.strides }, 'scatterAdd');
    const [b0, b1] = [at(t), at(t + 1)];
    const args = [ss.ptr + r0 * src0 * BYTES[dtype], si.ptr + r0 * idx0 * 4, acc + r0 * out0 * BYTES[accType], cs[axis]!, desc];
    args.push(acc + b0 * BYTES[accType], b1 - b0, out === 0 ? 0 : out + b0 * BYTES[dtype]);
    tasks.push({ fn: `scatteradd_${suffix(dtype)}`, args });
  }
  const result = output(dtype, out === 0 ? acc : out, outSize);
  runTasks('scatterAdd', tasks, (t) => result.copy(at(t), at(t + 1) - at(t)));
  return result.data;
}
