import { NablaError, ValueError, describe } from '../../../errors.js';
import { kernelsLoaded, kernelsSync } from '../instance.js';
import { MAX_THREADS, threadScratchAt } from '../workspace.js';
import { ARGS, DONE, FN, MAX_ARGS, MSG, MSG_LEN, NARGS, READY, SEQ, SLOT, STATUS } from './protocol.js';
import { coreCount, spawnWorker, threadsAvailable, type WorkerHandle } from './spawn.js';

/** One call of a kernel export on one thread: the export's name and its i32 arguments. */
export interface Task {
  readonly fn: string;
  readonly args: readonly number[];
}


let requested: number | null = null;
const workers: WorkerHandle[] = [];
let control: Int32Array | null = null;
let seqs: number[] = [];
let fnIndex: Map<string, number> | null = null;
let canBlock = true;

// Without the wasm kernels (no SIMD) there is nothing to share, so one thread.
function sharedMemory(): boolean {
  const k = kernelsSync();
  return k !== null && typeof SharedArrayBuffer !== 'undefined' && k.memory.buffer instanceof SharedArrayBuffer;
}

/** Threads wasm kernels use: the number of cores by default, and 1 where memory cannot be shared. */
export function getNumThreads(): number {
  if (!threadsAvailable() || !sharedMemory()) return 1;
  return Math.min(requested ?? coreCount(), MAX_THREADS);
}

/**
 * Sets how many threads the wasm kernels split large GEMMs, convolutions and elementwise/row-wise kernels
 * over (the calling thread counts as one). Results are bit-identical for every thread count: work is split
 * so that each output element is computed by one thread in a fixed order. Where SharedArrayBuffer is
 * unavailable (a page that is not cross-origin isolated) it stays 1, with no error. Workers start at the next
 * kernel call that can use them; lowering the count parks the extra workers (asleep in Atomics.wait, unref'd)
 * rather than killing them, so changing it back and forth costs nothing.
 *
 * @example
 * setNumThreads(2);
 * getNumThreads(); // 2 on a machine that allows threads, else 1
 */
export function setNumThreads(n: number): void {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new ValueError(`setNumThreads: expected a positive integer number of threads, got ${describe(n)}`);
  }
  requested = n;
}

function ensureWorkers(): number {
  const want = getNumThreads() - 1;
  if (want <= 0) return 0;
  const k = kernelsLoaded();
  if (control === null) {
    control = new Int32Array(new SharedArrayBuffer(MAX_THREADS * SLOT * 4));
    seqs = new Array<number>(MAX_THREADS).fill(0);
    try {
      Atomics.wait(control, 0, 1, 0); // a browser's main thread may not block: then completion is polled
    } catch {
      canBlock = false;
    }
  }
  if (fnIndex === null) {
    const names = WebAssembly.Module.exports(k.module).filter((e) => e.kind === 'function').map((e) => e.name);
    fnIndex = new Map(names.map((n, i) => [n, i]));
  }
  while (workers.length < want) {
    const slot = workers.length + 1;
    workers.push(spawnWorker({ module: k.module, memory: k.memory, control: control.buffer as SharedArrayBuffer, slot, scratch: threadScratchAt(slot) }));
  }
  return want;
}

function ready(slot: number): boolean {
  const c = control!;
  if (Atomics.load(c, slot * SLOT + READY) === 1) return true;
  if (canBlock) Atomics.wait(c, slot * SLOT + READY, 0, 10_000);
  return Atomics.load(c, slot * SLOT + READY) === 1;
}

function waitDone(slot: number): void {
  const c = control!;
  const i = slot * SLOT + DONE;
  while (Atomics.load(c, i) !== seqs[slot]) {
    if (canBlock) Atomics.wait(c, i, Atomics.load(c, i), 1000);
  }
}

/**
 * Runs `tasks` at once: task 0 on the calling thread, the others on workers (a worker that has not started
 * yet hands its task back to the calling thread, which changes nothing in the result). Every started task is
 * waited for even when the calling thread's own task throws, so the pool is never left mid-call. A failing
 * kernel surfaces as the same NablaError on any thread.
 */
export function runTasks(op: string, tasks: readonly Task[]): void {
  const k = kernelsLoaded();
  const started: number[] = [];
  const local: Task[] = [tasks[0]!];
  const nWorkers = tasks.length > 1 ? ensureWorkers() : 0;
  const c = control;
  for (let t = 1; t < tasks.length; t++) {
    const slot = t;
    const task = tasks[t]!;
    if (c === null || slot > nWorkers || !ready(slot) || task.args.length > MAX_ARGS) {
      local.push(task);
      continue;
    }
    const base = slot * SLOT;
    c[base + FN] = fnIndex!.get(task.fn)!;
    c[base + NARGS] = task.args.length;
    for (let i = 0; i < task.args.length; i++) c[base + ARGS + i] = task.args[i]!;
    seqs[slot] = Atomics.add(c, base + SEQ, 1) + 1;
    Atomics.notify(c, base + SEQ);
    started.push(slot);
  }
  let failure: unknown = null;
  try {
    for (const task of local) k.fns[task.fn]!(...task.args);
  } catch (e) {
    failure = e;
  } finally {
    for (const slot of started) waitDone(slot);
  }
  if (failure !== null) throw kernelError(op, failure);
  for (const slot of started) {
    const base = slot * SLOT;
    if (c![base + STATUS] !== 0) {
      let msg = '';
      for (let i = 0; i < MSG_LEN && c![base + MSG + i] !== 0; i++) msg += String.fromCharCode(c![base + MSG + i]!);
      throw kernelError(op, new Error(msg));
    }
  }
}

/** A kernel that traps (a bug, never bad user input: inputs are validated first) becomes a NablaError. */
export function kernelError(op: string, e: unknown): NablaError {
  if (e instanceof NablaError) return e;
  return new NablaError(`${op}: a wasm kernel failed: ${e instanceof Error ? e.message : String(e)}`);
}
