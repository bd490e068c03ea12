import { type Coalesced, writeDescriptor } from './workspace.js';
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
