/**
 * The control block the calling thread and the workers share: int32s in a SharedArrayBuffer of its own (apart
 * from wasm memory, so workspace growth never moves it).
 *
 * A call is a queue of tasks. The caller writes the task table (function index and arguments of each) and the
 * task count, resets DONE and publishes the queue word Q = ticket * 256 + next (next = 0), then wakes as many
 * workers as there are tasks beyond its own, and claims tasks itself like any worker: whoever moves Q from
 * (ticket, i) to (ticket, i + 1) with a compare-exchange runs task i, then adds 1 to DONE. A worker woken late
 * finds the queue taken and goes back to sleep, so the caller never waits for a wake-up (which costs 0.1-1 ms on
 * a cloud VM), only for tasks a worker is already running. When the queue is empty the caller closes it
 * (next = 255: no task index reaches it), so a worker holding a stale Q can never claim a slot of the next call;
 * a task table is rewritten only after every task of the previous call is DONE.
 */
export const Q = 0;
export const DONE = 1;
export const NTASKS = 2;
export const FAILED = 3;
/** A failing task's message, one char code per int32 (the first failure of a call wins). */
export const MSG = 8;
export const MSG_LEN = 56;
/** Per-worker words: WAKE, bumped and notified to wake the worker of that slot (two words per slot). */
export const WORKERS = MSG + MSG_LEN;
export const WAKE = 0;
/** Task table: FN, NARGS and up to MAX_ARGS arguments per task. */
export const TASK_WORDS = 32;
export const FN = 0;
export const NARGS = 1;
export const ARGS = 2;
export const MAX_ARGS = TASK_WORDS - ARGS;
/** Tasks per call (next is 8 bits; 255 marks a closed queue). */
export const MAX_TASKS = 128;
export const CLOSED = 255;

/** Int32 index of task t's words, for a pool of at most `maxThreads` threads. */
export const taskBase = (maxThreads: number, t: number): number => WORKERS + 2 * maxThreads + t * TASK_WORDS;

/** Int32s of the whole control block. */
export const controlWords = (maxThreads: number): number => taskBase(maxThreads, MAX_TASKS);

/**
 * The worker's whole program, as source text, so a worker can be started from a string (Node's `eval: true`)
 * or a Blob URL (browsers) with no separate file for a bundler to find. It instantiates the kernels module on
 * the shared memory, points its scratch at its own block, and then sleeps in Atomics.wait until woken; awake,
 * it claims and runs tasks until the queue is empty (see above).
 */
export const WORKER_SOURCE = `
'use strict';
const Q = ${Q}, DONE = ${DONE}, NTASKS = ${NTASKS}, FAILED = ${FAILED}, MSG = ${MSG}, MSG_LEN = ${MSG_LEN};
const WORKERS = ${WORKERS}, WAKE = ${WAKE}, TASK_WORDS = ${TASK_WORDS}, FN = ${FN}, NARGS = ${NARGS}, ARGS = ${ARGS};
function run(data) {
  const { module, memory, control, slot, scratch, taskTable: tasks } = data;
  const c = new Int32Array(control);
  const wake = WORKERS + 2 * slot + WAKE;
  const instance = new WebAssembly.Instance(module, { env: { memory, pow: Math.pow } });
  const names = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
  const fns = names.map((n) => instance.exports[n]);
  instance.exports.setThreadScratch(scratch);
  let seen = 0;
  for (;;) {
    Atomics.wait(c, wake, seen);
    seen = Atomics.load(c, wake);
    for (;;) {
      const q = Atomics.load(c, Q);
      const i = q & 255;
      if (i >= Atomics.load(c, NTASKS)) break; // taken, or closed
      if (Atomics.compareExchange(c, Q, q, q + 1) !== q) continue; // another thread claimed task i first
      const base = tasks + i * TASK_WORDS;
      const args = [];
      for (let k = 0; k < c[base + NARGS]; k++) args.push(c[base + ARGS + k]);
      try {
        fns[c[base + FN]](...args);
      } catch (e) {
        if (Atomics.compareExchange(c, FAILED, 0, 1) === 0) {
          const text = String(e && e.message ? e.message : e).slice(0, MSG_LEN);
          for (let k = 0; k < MSG_LEN; k++) c[MSG + k] = k < text.length ? text.charCodeAt(k) : 0;
        }
      }
      Atomics.add(c, DONE, 1);
      Atomics.notify(c, DONE);
    }
  }
}
if (typeof require === 'function') {
  const { workerData } = require('node:worker_threads');
  run(workerData);
} else {
  self.onmessage = (e) => run(e.data);
}
`;
