import { NablaError, ValueError, describe } from '../../../errors.js';
import { kernelsLoaded, kernelsSync, type KernelFn } from '../instance.js';
import { MAX_THREADS, threadScratchAt } from '../workspace.js';
import {
  AFTER, AHEAD, ARGS, CLOSED, DONE, FAILED, FAILED_TASK, FN, MAX_ARGS, MAX_TASKS, MSG, MSG_LEN, NARGS, NTASKS, Q, RAN, STATE, WAKE, WORKERS, controlWords, taskBase,
} from './protocol.js';
import { coreCount, spawnWorker, threadsAvailable, type WorkerHandle } from './spawn.js';

/** One call of a kernel export on one thread: the export's name and its i32 arguments. */
export interface Task {
  readonly fn: string;
  readonly args: readonly number[];
  /** The task starts only after tasks 0 .. after - 1 of its call have finished (default 0). */
  readonly after?: number;
}


let requested: number | null = null;
const workers: WorkerHandle[] = [];
let control: Int32Array | null = null;
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

/**
 * How many tasks to split a kernel of `units` independent pieces into: 1 when it is not `large` or there is
 * one thread; else up to `perThread` per thread, so that a worker that wakes late (or is descheduled) still
 * takes a share while the calling thread works through the queue.
 */
export function taskCount(units: number, large: boolean, perThread = 4): number {
  const threads = large ? getNumThreads() : 1;
  return threads === 1 ? 1 : Math.max(1, Math.min(threads * perThread, units));
}

/** Where `parts` near-equal blocks of `units` start, and where the last one ends: floor(t units / parts), t = 0 .. parts. */
export function splitPoints(units: number, parts: number): number[] {
  const at: number[] = [];
  for (let t = 0; t <= parts; t++) at.push(Math.floor((t * units) / parts));
  return at;
}

function ensureWorkers(): number {
  const want = getNumThreads() - 1;
  if (want <= 0) return 0;
  const k = kernelsLoaded();
  if (control === null) {
    control = new Int32Array(new SharedArrayBuffer(controlWords(MAX_THREADS) * 4));
    try {
      Atomics.wait(control, NTASKS, 1, 0); // a browser's main thread may not block: then completion is polled
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
    const init = { module: k.module, memory: k.memory, control: control.buffer as SharedArrayBuffer, slot, scratch: threadScratchAt(slot), taskTable: taskBase(MAX_THREADS, 0) };
    workers.push(spawnWorker(init));
  }
  return want;
}

/** Claims the next task of the current call from the queue word, or returns -1 when none is left. */
function claim(c: Int32Array, n: number): number {
  for (;;) {
    const q = Atomics.load(c, Q);
    const i = q & 255;
    if (i >= n) return -1;
    if (Atomics.compareExchange(c, Q, q, q + 1) === q) return i;
  }
}

/**
 * Waits until `n` tasks are done, handing each task a worker finishes to `onDone` (when given) as soon as the
 * calling thread sees it. The tasks still running are on awake workers, so a short spin usually sees them
 * finish; sleeping in Atomics.wait would add a wake-up of this thread (0.1-1 ms on a cloud VM) to each call.
 */
function waitAllDone(c: Int32Array, n: number, onDone: ((t: number) => void) | null, delivered: Uint8Array): void {
  const until = performance.now() + DONE_SPIN_MS;
  for (;;) {
    const d = Atomics.load(c, DONE);
    if (onDone !== null) deliver(c, n, onDone, delivered);
    if (d >= n) return;
    if (performance.now() >= until && canBlock) Atomics.wait(c, DONE, d, 1000);
  }
}

/** Hands every task that ran on a worker since the last look, and was not handed over yet, to `onDone`. */
function deliver(c: Int32Array, n: number, onDone: (t: number) => void, delivered: Uint8Array): void {
  for (let t = 0; t < n; t++) {
    if (delivered[t] === 0 && Atomics.load(c, taskBase(MAX_THREADS, t) + STATE) === RAN) {
      delivered[t] = 1;
      onDone(t);
    }
  }
}

/** How long the calling thread spins for the tasks workers are still running before it sleeps. */
const DONE_SPIN_MS = 2;

let ticket = 0;

function wakeWorkers(c: Int32Array, count: number): void {
  for (let slot = 1; slot <= count; slot++) {
    const wake = WORKERS + 2 * slot + WAKE;
    Atomics.add(c, wake, 1);
    Atomics.notify(c, wake);
  }
}

/**
 * Wakes the workers ahead of a large call that is about to be set up (operands staged, buffers allocated): a
 * worker takes tens of microseconds to wake, which then overlaps the set-up instead of the kernel. A worker woken
 * this way waits up to AHEAD_SPIN_MS for the call's queue, then sleeps again.
 */
export function prewake(): void {
  const nWorkers = ensureWorkers();
  if (nWorkers === 0) return;
  Atomics.store(control!, AHEAD, 1);
  wakeWorkers(control!, nWorkers);
}

let byWorkers = 0;

/** @internal How many tasks workers have run so far (the rest ran on the calling thread). */
export const tasksRunByWorkers = (): number => byWorkers;

/**
 * Runs `tasks` at once: the calling thread and up to tasks.length - 1 workers claim them from a shared queue,
 * so a task goes to whichever thread is free first; a worker still waking up when the calling thread has run
 * out of tasks finds nothing left, and the call returns without waiting for it. Which thread runs a task changes
 * nothing in the result. Every claimed task is waited for even when one throws, so the pool is never left
 * mid-call, and a failing kernel surfaces as the same NablaError on any thread.
 *
 * `onDone(t)` runs on the calling thread once for each task t, after t has run, in whatever order tasks finish
 * (never after a failure): a kernel copies each task's part of its result out to the JavaScript heap there,
 * while workers still compute the other parts, instead of copying the whole result after the last task.
 */
export function runTasks(op: string, tasks: readonly Task[], onDone: ((t: number) => void) | null = null): void {
  const k = kernelsLoaded();
  const n = tasks.length;
  const nWorkers = n > 1 && n <= MAX_TASKS && tasks.every((t) => t.args.length <= MAX_ARGS) ? Math.min(ensureWorkers(), n - 1) : 0;
  if (nWorkers === 0) {
    if (control !== null) Atomics.store(control, AHEAD, 0); // a prewake whose call stayed on this thread
    runLocally(op, k.fns, tasks, onDone);
    return;
  }
  const c = control!;
  for (let t = 0; t < n; t++) {
    const task = tasks[t]!;
    const base = taskBase(MAX_THREADS, t);
    c[base + FN] = fnIndex!.get(task.fn)!;
    c[base + NARGS] = task.args.length;
    c[base + STATE] = 0;
    c[base + AFTER] = task.after ?? 0;
    for (let i = 0; i < task.args.length; i++) c[base + ARGS + i] = task.args[i]!;
  }
  c[NTASKS] = n;
  c[FAILED] = 0;
  Atomics.store(c, DONE, 0);
  ticket = ticket >= 0x7fffff ? 1 : ticket + 1;
  Atomics.store(c, Q, ticket << 8); // publishes the table: every write above is visible to a thread that sees it
  Atomics.store(c, AHEAD, 0);
  wakeWorkers(c, nWorkers);
  let failure: unknown = null;
  let done = 0;
  const delivered = new Uint8Array(n);
  for (let i = claim(c, n); i >= 0; i = claim(c, n)) {
    let state = FAILED_TASK;
    if (failure === null) {
      try {
        for (let j = 0; j < (tasks[i]!.after ?? 0); j++) while (Atomics.load(c, taskBase(MAX_THREADS, j) + STATE) === 0);
        k.fns[tasks[i]!.fn]!(...tasks[i]!.args);
        state = RAN;
      } catch (e) {
        failure = e;
      }
    }
    Atomics.store(c, taskBase(MAX_THREADS, i) + STATE, state); // a worker may be waiting for it (`after`)
    done++;
    if (state === RAN && onDone !== null) {
      try {
        delivered[i] = 1;
        onDone(i);
        deliver(c, n, onDone, delivered);
      } catch (e) {
        failure = e;
      }
    }
  }
  Atomics.store(c, Q, (ticket << 8) | CLOSED);
  Atomics.add(c, DONE, done);
  byWorkers += n - done;
  waitAllDone(c, n, failure === null && c[FAILED] === 0 ? onDone : null, delivered);
  if (failure !== null) throw kernelError(op, failure);
  if (c[FAILED] !== 0) {
    let msg = '';
    for (let i = 0; i < MSG_LEN && c[MSG + i] !== 0; i++) msg += String.fromCharCode(c[MSG + i]!);
    throw kernelError(op, new Error(msg));
  }
}

/** Runs every task on the calling thread, in order. */
function runLocally(op: string, fns: Readonly<Record<string, KernelFn>>, tasks: readonly Task[], onDone: ((t: number) => void) | null): void {
  try {
    for (let t = 0; t < tasks.length; t++) {
      fns[tasks[t]!.fn]!(...tasks[t]!.args);
      onDone?.(t);
    }
  } catch (e) {
    throw kernelError(op, e);
  }
}

/** A kernel that traps (a bug, never bad user input: inputs are validated first) becomes a NablaError. */
export function kernelError(op: string, e: unknown): NablaError {
  if (e instanceof NablaError) return e;
  return new NablaError(`${op}: a wasm kernel failed: ${e instanceof Error ? e.message : String(e)}`);
}
