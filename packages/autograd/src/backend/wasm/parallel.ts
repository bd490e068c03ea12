import { type Coalesced, alloc, view, writeDescriptor } from './workspace.js';
import { getNumThreads, runTasks, type Task } from './threads/pool.js';

/**
 * Below this many elements a strided-loop kernel runs on the calling thread alone: waking a worker costs
 * tens of microseconds, about what 64K cheap elements take.
 */
export const PARALLEL_MIN = 1 << 16;

/** A staged operand for `walk`: its byte address and element size. */
export interface Operand {
  readonly ptr: number;
  readonly bytes: number;
}

/**
 * Runs the strided-loop kernel `name(...lead, ...operand pointers, out pointer, descriptor)` over the coalesced
 * loop `c`, split into contiguous blocks of the outermost axis across threads when it is large. Every output
 * element is computed by exactly one thread with the same instructions, so the result does not depend on
 * the thread count.
 */
export function walk(op: string, name: string, lead: readonly number[], operands: readonly Operand[], out: Operand, c: Coalesced): void {
  let size = 1;
  for (const d of c.dims) size *= d;
  const rows = c.dims[0]!;
  const n = size >= PARALLEL_MIN ? Math.min(getNumThreads(), rows) : 1;
  const inner = size / Math.max(rows, 1);
  const tasks: Task[] = [];
  for (let t = 0; t < n; t++) {
    const start = Math.floor((t * rows) / n);
    const end = Math.floor(((t + 1) * rows) / n);
    const part = n === 1 ? c : { dims: [end - start, ...c.dims.slice(1)], strides: c.strides };
    const args = [...lead];
    for (let k = 0; k < operands.length; k++) args.push(operands[k]!.ptr + start * c.strides[k]![0]! * operands[k]!.bytes);
    args.push(out.ptr + start * inner * out.bytes, writeDescriptor(part, op));
    tasks.push({ fn: name, args });
  }
  runTasks(op, tasks);
}

/**
 * Runs the flat kernel `name(...lead, ...input pointers, out pointer, n)` over n contiguous elements, split into
 * blocks whose starts are multiples of `align` elements (so SIMD lanes group the same elements and only the
 * last block has a scalar tail, as on one thread): results do not depend on the thread count.
 */
export function runFlat(op: string, name: string, lead: readonly number[], inputs: readonly Operand[], out: Operand, n: number, align = 16): void {
  const blocks = Math.ceil(n / align);
  const threads = n >= PARALLEL_MIN ? Math.min(getNumThreads(), blocks) : 1;
  const tasks: Task[] = [];
  for (let t = 0; t < threads; t++) {
    const start = Math.floor((t * blocks) / threads) * align;
    const end = Math.min(n, Math.floor(((t + 1) * blocks) / threads) * align);
    const args = [...lead];
    for (const x of inputs) args.push(x.ptr + start * x.bytes);
    args.push(out.ptr + start * out.bytes, end - start);
    tasks.push({ fn: name, args });
  }
  runTasks(op, tasks);
}

/**
 * Runs a per-plane kernel `name(in pointer, out pointer, descriptor)` whose descriptor (int32 `fields`) starts with
 * the plane count (batch x channels), split into blocks of whole planes across threads: every plane's outputs come
 * from one thread, in the same order as on one thread.
 */
export function runPlanes(op: string, name: string, input: Operand, inPlane: number, out: Operand, outPlane: number, fields: readonly number[]): void {
  const planes = fields[0]!;
  const threads = planes * Math.max(inPlane, outPlane) >= PARALLEL_MIN ? Math.min(getNumThreads(), planes) : 1;
  const tasks: Task[] = [];
  for (let t = 0; t < threads; t++) {
    const p0 = Math.floor((t * planes) / threads);
    const p1 = Math.floor(((t + 1) * planes) / threads);
    const desc = alloc(fields.length * 4, op);
    view('int32', desc, fields.length).set([p1 - p0, ...fields.slice(1)]);
    tasks.push({ fn: name, args: [input.ptr + p0 * inPlane * input.bytes, out.ptr + p0 * outPlane * out.bytes, desc] });
  }
  runTasks(op, tasks);
}
