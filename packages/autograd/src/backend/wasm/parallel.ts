import { type Coalesced, type Output, alloc, view, writeDescriptor } from './workspace.js';
import { runTasks, splitPoints, taskCount, type Task } from './threads/pool.js';

/**
 * Below this many elements a kernel that computes something per element (tanh, exp, pow) runs on the calling
 * thread alone: handing out tasks costs a few microseconds and a worker takes tens to hundreds of microseconds to
 * wake, about what 64K such elements take (tanh: two threads no faster at 64K, 0.63x the time at 200K).
 */
export const PARALLEL_MIN = 1 << 16;

/**
 * The same for memory-bound kernels (add, mul, compare, where, copies, gathers, one-pass unary ops): the calling
 * thread stages the operands in and copies the result out alone, which takes several times longer than the
 * kernel, so two threads gain little and only on large arrays. Measured for add (2 threads / 1, in-process A/B):
 * 1.00 at 64K, 1.03 at 200K, 0.91 at 1M, 0.88 at 4M elements.
 */
export const MEMORY_BOUND_MIN = 1 << 19;

/** A staged operand for `walk`: its byte address and element size. */
export interface Operand {
  readonly ptr: number;
  readonly bytes: number;
}

/**
 * Runs the strided-loop kernel `name(...lead, ...operand pointers, out pointer, descriptor)` over the coalesced
 * loop `c`, split into contiguous blocks of the outermost axis across threads when it is large. Every output
 * element is computed by exactly one thread with the same instructions, so the result does not depend on
 * the thread count. With `result`, each block is copied out into it as soon as it is done; calls of fewer than
 * `min` elements stay on the calling thread (this and runFlat).
 */
export function walk(
  op: string, name: string, lead: readonly number[], operands: readonly Operand[], out: Operand, c: Coalesced, result: Output | null = null,
  min = MEMORY_BOUND_MIN,
): void {
  let size = 1;
  for (const d of c.dims) size *= d;
  const rows = c.dims[0]!;
  const n = taskCount(rows, size >= min);
  const inner = size / Math.max(rows, 1);
  const tasks: Task[] = [];
  const starts = splitPoints(rows, n);
  for (let t = 0; t < n; t++) {
    const start = starts[t]!;
    const end = starts[t + 1]!;
    const part = n === 1 ? c : { dims: [end - start, ...c.dims.slice(1)], strides: c.strides };
    const args = [...lead];
    for (let k = 0; k < operands.length; k++) args.push(operands[k]!.ptr + start * c.strides[k]![0]! * operands[k]!.bytes);
    args.push(out.ptr + start * inner * out.bytes, writeDescriptor(part, op));
    tasks.push({ fn: name, args });
  }
  runTasks(op, tasks, result && ((t) => result.copy(starts[t]! * inner, (starts[t + 1]! - starts[t]!) * inner)));
}

/**
 * Runs the flat kernel `name(...lead, ...input pointers, out pointer, n)` over n contiguous elements, split into
 * blocks whose starts are multiples of `align` elements (so SIMD lanes group the same elements and only the
 * last block has a scalar tail, as on one thread): results do not depend on the thread count.
 */
export function runFlat(
  op: string, name: string, lead: readonly number[], inputs: readonly Operand[], out: Operand, n: number, result: Output | null = null, min = PARALLEL_MIN,
  align = 16,
): void {
  const blocks = Math.ceil(n / align);
  const parts = taskCount(blocks, n >= min);
  const tasks: Task[] = [];
  const starts = splitPoints(blocks, parts).map((b) => Math.min(n, b * align));
  for (let t = 0; t < parts; t++) {
    const start = starts[t]!;
    const end = starts[t + 1]!;
    const args = [...lead];
    for (const x of inputs) args.push(x.ptr + start * x.bytes);
    args.push(out.ptr + start * out.bytes, end - start);
    tasks.push({ fn: name, args });
  }
  runTasks(op, tasks, result && ((t) => result.copy(starts[t]!, starts[t + 1]! - starts[t]!)));
}

/**
 * Runs a per-plane kernel `name(in pointer, out pointer, descriptor)` whose descriptor (int32 `fields`) starts with
 * the plane count (batch x channels), split into blocks of whole planes across threads: every plane's outputs come
 * from one thread, in the same order as on one thread.
 */
export function runPlanes(
  op: string, name: string, input: Operand, inPlane: number, out: Operand, outPlane: number, fields: readonly number[], result: Output | null = null,
): void {
  const planes = fields[0]!;
  const parts = taskCount(planes, planes * Math.max(inPlane, outPlane) >= PARALLEL_MIN);
  const tasks: Task[] = [];
  const starts = splitPoints(planes, parts);
  for (let t = 0; t < parts; t++) {
    const p0 = starts[t]!;
    const p1 = starts[t + 1]!;
    const desc = alloc(fields.length * 4, op);
    view('int32', desc, fields.length).set([p1 - p0, ...fields.slice(1)]);
    tasks.push({ fn: name, args: [input.ptr + p0 * inPlane * input.bytes, out.ptr + p0 * outPlane * out.bytes, desc] });
  }
  runTasks(op, tasks, result && ((t) => result.copy(starts[t]! * outPlane, (starts[t + 1]! - starts[t]!) * outPlane)));
}
