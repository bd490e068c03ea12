import type { DType, TypedArray } from '../../tensor/dtype.js';
import { contiguousStrides } from '../../tensor/shape.js';
import type { ReduceOp } from '../backend.js';
import * as cpu from '../cpu/reduce.js';
import { SMALL, arrayDType, suffix } from './call.js';
import { PARALLEL_MIN, walk } from './parallel.js';
import { getNumThreads, runTasks, type Task } from './threads/pool.js';
import { alloc, allocElems, coalesce, copyOut, resetWorkspace, stageArray } from './workspace.js';

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };

const REDUCE_CODE: Record<ReduceOp, number> = { sum: 0, max: 1, min: 2, prod: 3 };

/** A contiguous operand staged in the workspace as [outer, r, inner], the r block being the reduced axes. */
export interface StagedBlocks {
  ptr: number;
  outer: number;
  r: number;
  inner: number;
}

/**
 * Stages x and views it as [outer, r, inner]. Axes that are not one block are first moved to the end by a
 * permuting copy inside wasm, exactly as the TypeScript kernel does, so each output sums its terms in the same
 * order (the reduced axes in row-major order) and float64 results agree bit for bit.
 */
function stageBlocks(x: TypedArray, shape: readonly number[], axes: readonly number[], op: string): StagedBlocks {
  const dtype = arrayDType(x);
  let ptr = stageArray(x, dtype, op);
  let dims = shape;
  let red = axes;
  if (!axes.every((a, i) => i === 0 || a === axes[i - 1]! + 1)) {
    const keep = shape.map((_, i) => i).filter((i) => !axes.includes(i));
    const perm = [...keep, ...axes];
    const strides = contiguousStrides(shape);
    dims = perm.map((p) => shape[p]!);
    const out = allocElems(dtype, x.length, op);
    const w = BYTES[dtype];
    walk(op, `copy_${suffix(dtype)}_${suffix(dtype)}`, [], [{ ptr, bytes: w }], { ptr: out, bytes: w }, coalesce(dims, [perm.map((p) => strides[p]!)]));
    ptr = out;
    red = axes.map((_, i) => keep.length + i);
  }
  const first = red[0] ?? dims.length;
  const last = red[red.length - 1] ?? dims.length - 1;
  let outer = 1, r = 1, inner = 1;
  for (let i = 0; i < dims.length; i++) {
    if (i < first) outer *= dims[i]!;
    else if (i <= last) r *= dims[i]!;
    else inner *= dims[i]!;
  }
  return { ptr, outer, r, inner };
}

/** Columns per thread below which a column split is not worth it (each thread would run mostly SIMD tails). */
const MIN_COLUMNS = 64;

/**
 * Runs `name(...lead, px, outer, r, inner, stride, po, ...scratch)` split across threads when the call is large:
 * over contiguous blocks of the outer axis, or, when there are fewer outer blocks than threads (a sum over the
 * batch axis), over blocks of columns (`stride` then stays the full width). Each output is computed by one thread
 * with the same operations in the same order, so results do not depend on the thread count. `scratch(columns)`
 * gives each task's scratch sizes in bytes; `outBlock` is the output's elements per outer index.
 */
function runBlocks(
  op: string, name: string, lead: readonly number[], b: StagedBlocks, inBytes: number,
  po: number, outBlock: number, outBytes: number, scratch: (columns: number) => readonly number[],
): void {
  const threads = b.outer * b.r * b.inner >= PARALLEL_MIN ? getNumThreads() : 1;
  const byColumns = b.outer < threads && b.inner >= MIN_COLUMNS * threads;
  const n = byColumns ? threads : Math.min(threads, b.outer);
  const tasks: Task[] = [];
  for (let t = 0; t < n; t++) {
    let args: number[];
    if (byColumns) {
      // Column blocks start on multiples of 4, so lanes line up as on one thread.
      const c0 = t === 0 ? 0 : Math.floor((t * b.inner) / n / 4) * 4;
      const c1 = t === n - 1 ? b.inner : Math.floor(((t + 1) * b.inner) / n / 4) * 4;
      args = [...lead, b.ptr + c0 * inBytes, b.outer, b.r, c1 - c0, b.inner, po + c0 * outBytes];
      for (const bytes of scratch(c1 - c0)) args.push(alloc(bytes, op));
    } else {
      const start = Math.floor((t * b.outer) / n);
      const end = Math.floor(((t + 1) * b.outer) / n);
      args = [...lead, b.ptr + start * b.r * b.inner * inBytes, end - start, b.r, b.inner, b.inner, po + start * outBlock * outBytes];
      for (const bytes of scratch(b.inner)) args.push(alloc(bytes, op));
    }
    tasks.push({ fn: name, args });
  }
  runTasks(op, tasks);
}

/**
 * sum/max/min/prod over the sorted `axes` of a contiguous array. Every dtype accumulates in f64 in the
 * TypeScript kernel's order; the lanes run across outputs or across rows, and max/min along rows.
 */
export function reduce(op: ReduceOp, x: TypedArray, shape: readonly number[], axes: readonly number[]): TypedArray {
  if (x.length < SMALL) return cpu.reduce(op, x, shape, axes);
  const dtype = arrayDType(x);
  resetWorkspace();
  const b = stageBlocks(x, shape, axes, op);
  const out = allocElems(dtype, b.outer * b.inner, op);
  reduceBlocks(op, dtype, b, out);
  return copyOut(dtype, out, b.outer * b.inner);
}

/** `reduce` of blocks already in the workspace, into the [outer, inner] array at `out` (also in the workspace). */
export function reduceBlocks(op: ReduceOp, dtype: DType, b: StagedBlocks, out: number): void {
  runBlocks(op, `reduce_${suffix(dtype)}`, [REDUCE_CODE[op]], b, BYTES[dtype], out, b.inner, BYTES[dtype], (c) => [8 * c]);
}

/** Index of the first max (min) along `axis`, the first NaN if there is one. */
export function argReduce(op: 'argmax' | 'argmin', x: TypedArray, shape: readonly number[], axis: number): Int32Array {
  if (x.length < SMALL) return cpu.argReduce(op, x, shape, axis);
  const dtype = arrayDType(x);
  let outer = 1, inner = 1;
  for (let i = 0; i < axis; i++) outer *= shape[i]!;
  for (let i = axis + 1; i < shape.length; i++) inner *= shape[i]!;
  resetWorkspace();
  const b = { ptr: stageArray(x, dtype, op), outer, r: shape[axis]!, inner };
  const out = allocElems('int32', outer * inner, op);
  runBlocks(op, `argreduce_${suffix(dtype)}`, [op === 'argmax' ? 1 : 2], b, BYTES[dtype], out, inner, 4, (c) => [8 * c, 8 * c]);
  return copyOut('int32', out, outer * inner) as Int32Array;
}

/** log(sum(exp(x))) over the sorted `axes`, with the slice max subtracted first (exp/log: musl in f64). */
export function logsumexp(x: TypedArray, shape: readonly number[], axes: readonly number[]): TypedArray {
  if (x.length < SMALL) return cpu.logsumexp(x, shape, axes);
  const dtype = arrayDType(x);
  resetWorkspace();
  const b = stageBlocks(x, shape, axes, 'logsumexp');
  const out = allocElems(dtype, b.outer * b.inner, 'logsumexp');
  runBlocks('logsumexp', `logsumexp_${suffix(dtype)}`, [], b, BYTES[dtype], out, b.inner, BYTES[dtype], (c) => [8 * c, 8 * c]);
  return copyOut(dtype, out, b.outer * b.inner);
}

/** Softmax (log-softmax when `log`) along one axis, with the slice max subtracted first. */
export function softmax(x: TypedArray, shape: readonly number[], axis: number, log: boolean): TypedArray {
  if (x.length < SMALL) return cpu.softmax(x, shape, axis, log);
  const dtype = arrayDType(x);
  const op = log ? 'logSoftmax' : 'softmax';
  resetWorkspace();
  const b = stageBlocks(x, shape, [axis], op);
  const out = allocElems(dtype, x.length, op);
  const scratch = (c: number) => [8 * c, 8 * c, log ? 0 : 8 * b.r * c];
  runBlocks(op, `softmax_${suffix(dtype)}`, [log ? 1 : 0], b, BYTES[dtype], out, b.r * b.inner, BYTES[dtype], scratch);
  return copyOut(dtype, out, x.length);
}
