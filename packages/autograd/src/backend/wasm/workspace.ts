import { ValueError } from '../../errors.js';
import { allocate, dtypeOfArray, type DType, type TypedArray } from '../../tensor/dtype.js';
import type { Strided } from '../backend.js';
import { contiguous as cpuContiguous } from '../cpu/layout.js';
import { contiguousStrides } from '../../tensor/shape.js';
import { kernelsLoaded } from './instance.js';

/**
 * Where tensor bytes live with the wasm backend: on the JavaScript heap, as with the TypeScript backend, so the
 * garbage collector frees them inside a synchronous training loop (a FinalizationRegistry never runs there:
 * wasm-resident tensors would pile up until the loop yields, or need a dispose() that DESIGN.md rules out).
 * Each kernel call stages its operands into a workspace in wasm linear memory, runs, and copies its result
 * out once. The workspace is a bump allocator reset at the start of every call, so wasm memory grows only to
 * the largest single call's footprint and never leaks.
 */
const PAGE = 65536;
/** Bytes per element of each dtype. */
export const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };

let top = 0;

/** Most threads the pool runs; the workspace keeps a scratch block per thread at its bottom. */
export const MAX_THREADS = 64;

/** The scratch block of thread slot s (slot 0, the calling thread, uses the module's static block). */
export function threadScratchAt(slot: number): number {
  const k = kernelsLoaded();
  return ((k.heapBase + 15) & ~15) + slot * k.fns['threadScratchBytes']!();
}

/** Starts a kernel call: everything allocated by the previous call is free again. */
export function resetWorkspace(): void {
  top = (threadScratchAt(MAX_THREADS) + 15) & ~15;
}

/**
 * Reserves `bytes` (16-byte aligned) for the current call and returns the byte address. Growing past what the
 * engine gives throws a ValueError naming the op and the bytes; the JavaScript-side tensors are untouched.
 */
export function alloc(bytes: number, op: string): number {
  const { memory } = kernelsLoaded();
  const ptr = top;
  const end = Math.ceil((ptr + bytes) / 16) * 16; // arithmetic, not `& ~15`: sizes past 2^31 must not wrap
  if (end > memory.buffer.byteLength) {
    const pages = Math.ceil((end - memory.buffer.byteLength) / PAGE);
    try {
      if (end > 2 ** 32) throw new RangeError('beyond the 4 GiB wasm32 address space');
      memory.grow(pages);
    } catch (e) {
      throw new ValueError(
        `${op}: out of WebAssembly memory: this call needs ${end - kernelsLoaded().heapBase} bytes of workspace ` +
          `(${bytes} more requested, ${memory.buffer.byteLength} in use): ${(e as Error).message}`,
      );
    }
  }
  top = end;
  return ptr;
}

/** A typed-array view of `n` elements of `dtype` at `ptr`; take views after the call's last `alloc`. */
export function view(dtype: DType, ptr: number, n: number): TypedArray {
  const buf = kernelsLoaded().memory.buffer;
  if (dtype === 'float32') return new Float32Array(buf, ptr, n);
  if (dtype === 'float64') return new Float64Array(buf, ptr, n);
  return new Int32Array(buf, ptr, n);
}

/** Allocates `n` elements of `dtype` in the workspace. */
export const allocElems = (dtype: DType, n: number, op: string): number => alloc(n * BYTES[dtype], op);

/** Copies `n` elements of `dtype` at `ptr` out to a fresh JavaScript-heap array: the kernel's result. */
export function copyOut(dtype: DType, ptr: number, n: number): TypedArray {
  return view(dtype, ptr, n).slice();
}

/** A kernel's result on the JavaScript heap, copied out of the workspace piece by piece (see `output`). */
export interface Output {
  /** The fresh result array. */
  readonly data: TypedArray;
  /** Copies elements [start, start + count) of the kernel's output into `data`. */
  copy(start: number, count: number): void;
}

/**
 * The result of a kernel that writes `n` elements of `from` at `ptr`, as a fresh `dtype` array (a typed-array
 * `set` converts as a store would). A threaded kernel copies each task's part as soon as that task is done
 * (runTasks' onDone), so the calling thread copies while workers still compute. Call `copy` only after the
 * kernel's last `alloc`.
 */
export function output(dtype: DType, ptr: number, n: number, from: DType = dtype): Output {
  const data = allocate(dtype, n);
  const bytes = BYTES[from];
  return { data, copy: (start, count) => data.set(view(from, ptr + start * bytes, count), start) };
}

/** A staged operand: the byte address of its element (0, ..., 0) in the workspace, and its strides. */
export interface Staged {
  readonly ptr: number;
  readonly strides: readonly number[];
}

/**
 * Copies the span of `data` that the view reads into the workspace, converted to `dtype` (a typed-array `set`
 * converts as a store would), and keeps the view's strides: transposed and broadcast (stride 0) views cost
 * one memcpy of what they touch, not a gather. A sparse view (a column of a wide matrix) is compacted first.
 */
export function stage(x: Strided, shape: readonly number[], dtype: DType, op: string): Staged {
  let size = 1;
  let span = 1;
  for (let a = 0; a < shape.length; a++) {
    size *= shape[a]!;
    span += (shape[a]! - 1) * x.strides[a]!;
  }
  if (size === 0) return { ptr: alloc(0, op), strides: x.strides };
  if (span > 2 * size + 16) {
    const packed = cpuContiguous(x, shape, dtypeOfArray(x.data) ?? dtype);
    return stage({ data: packed, offset: 0, strides: contiguousStrides(shape) }, shape, dtype, op);
  }
  const ptr = allocElems(dtype, span, op);
  view(dtype, ptr, span).set(x.data.subarray(x.offset, x.offset + span));
  return { ptr, strides: x.strides };
}

/** Copies a whole contiguous array into the workspace as `dtype`. */
export function stageArray(x: TypedArray, dtype: DType, op: string): number {
  const ptr = allocElems(dtype, x.length, op);
  view(dtype, ptr, x.length).set(x);
  return ptr;
}

/** Axes of a strided loop after dropping size-1 axes and merging neighbours every operand steps through as one. */
export interface Coalesced {
  readonly dims: number[];
  readonly strides: number[][];
}

/** Drops size-1 axes and merges axes a, a+1 wherever stride[a] = stride[a+1] * dims[a+1] for every operand. */
export function coalesce(shape: readonly number[], strides: readonly (readonly number[])[]): Coalesced {
  const dims: number[] = [];
  const st: number[][] = strides.map(() => []);
  for (let a = 0; a < shape.length; a++) {
    const n = shape[a]!;
    if (n === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && strides.every((s, k) => st[k]![last] === s[a]! * n)) {
      dims[last] = dims[last]! * n;
      for (let k = 0; k < strides.length; k++) st[k]![last] = strides[k]![a]!;
      continue;
    }
    dims.push(n);
    for (let k = 0; k < strides.length; k++) st[k]!.push(strides[k]![a]!);
  }
  if (dims.length === 0) {
    dims.push(1);
    for (const s of st) s.push(0);
  }
  return { dims, strides: st };
}

/** Writes a descriptor (i32: [nd, dims..., strides of operand 0..., operand 1..., ...]) and returns its address. */
export function writeDescriptor(c: Coalesced, op: string): number {
  const nd = c.dims.length;
  if (nd > 64) throw new ValueError(`${op}: ${nd} axes after merging; the wasm kernels take at most 64`);
  const len = 1 + nd * (1 + c.strides.length);
  const ptr = alloc(4 * len, op);
  const d = view('int32', ptr, len);
  d[0] = nd;
  d.set(c.dims, 1);
  for (let k = 0; k < c.strides.length; k++) d.set(c.strides[k]!, 1 + nd * (1 + k));
  return ptr;
}

/**
 * Writes a strided-loop descriptor for a contiguous output of `shape` and the given operand strides (see
 * `coalesce`) and returns its address.
 */
export function descriptor(shape: readonly number[], strides: readonly (readonly number[])[], op: string): number {
  return writeDescriptor(coalesce(shape, strides), op);
}
