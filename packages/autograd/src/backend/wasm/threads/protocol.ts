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
/** 1 from a `prewake` until the next call is published: a worker woken with nothing to do then waits for it. */
export const AHEAD = 4;
/** How long a pre-woken worker waits for the call before it goes back to sleep. */
export const AHEAD_SPIN_MS = 0.3;
/**
 * How long a worker keeps polling the queue after its last call before it sleeps again. A training step issues
 * its large kernels back to back (a convolution's unfold, then its product), and a worker asleep between them
 * takes tens to hundreds of microseconds to wake for each, time in which the caller works alone. Measured, 2
 * threads / 1: in-process A/B, W3 0.884 -> 0.862 median (0.841 -> 0.788 fastest quarter), W2 0.706 -> 0.697;
 * three bench runs each, W2 0.91/0.80/0.77 -> 0.80/0.75/0.79, W3 unchanged (about 1.0). Bounded, unlike the
 * unbounded spin that starved V8's garbage collector on two cores (docs/internals.md).
 */
export const LINGER_MS = 0.5;
/** A failing task's message, one char code per int32 (the first failure of a call wins). */
export const MSG = 8;
export const MSG_LEN = 56;
/** Per-worker words: WAKE, bumped and notified to wake the worker of that slot (two words per slot). */
export const WORKERS = MSG + MSG_LEN;
export const WAKE = 0;
/**
 * Task table: FN, NARGS, STATE, AFTER and up to MAX_ARGS arguments per task. STATE is 0 until the task has run,
 * then RAN (or FAILED_TASK when it threw or was skipped after a failure), stored by whichever thread ran it
 * before DONE counts it: the caller can copy out each finished task's part of the result while other tasks
 * still run. A task runs only once tasks 0 .. AFTER - 1 have a STATE (a matrix product's row blocks wait for
 * the pieces of packed B). Tasks are claimed in order, so those are already running on other threads: the
 * wait is a short spin, and can never wait for a task nobody took.
 */
export const TASK_WORDS = 32;
export const FN = 0;
export const NARGS = 1;
export const STATE = 2;
export const AFTER = 3;
export const ARGS = 4;
export const RAN = 1;
export const FAILED_TASK = 2;
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
 * it claims and runs tasks until the queue is empty (see above), and keeps polling for the next call for
 * LINGER_MS before it sleeps again.
 */
export const WORKER_SOURCE = `
'use strict';
const Q = ${Q}, DONE = ${DONE}, NTASKS = ${NTASKS}, FAILED = ${FAILED}, MSG = ${MSG}, MSG_LEN = ${MSG_LEN};
const WORKERS = ${WORKERS}, WAKE = ${WAKE}, TASK_WORDS = ${TASK_WORDS}, FN = ${FN}, NARGS = ${NARGS}, ARGS = ${ARGS};
const STATE = ${STATE}, AFTER = ${AFTER}, RAN = ${RAN}, FAILED_TASK = ${FAILED_TASK}, AHEAD = ${AHEAD}, AHEAD_SPIN_MS = ${AHEAD_SPIN_MS};
const LINGER_MS = ${LINGER_MS};
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
    if (!drain() && Atomics.load(c, AHEAD) === 1) {
      // Woken ahead of a call that is still being set up: wait for its queue instead of sleeping through it.
      const ticket = Atomics.load(c, Q) >>> 8;
      const until = performance.now() + AHEAD_SPIN_MS;
      while (Atomics.load(c, Q) >>> 8 === ticket && Atomics.load(c, AHEAD) === 1 && performance.now() < until);
      drain();
    }
    linger();
  }
  // Polls the queue for the next call until LINGER_MS pass without one, running its tasks; then returns to sleep.
  function linger() {
    for (;;) {
      const ticket = Atomics.load(c, Q) >>> 8;
      const until = performance.now() + LINGER_MS;
      while (Atomics.load(c, Q) >>> 8 === ticket && performance.now() < until);
      if (Atomics.load(c, Q) >>> 8 === ticket) return;
      drain();
    }
  }
  // Claims and runs tasks of the current call until its queue is empty; true if it ran any.
  function drain() {
    let ran = false;
    for (;;) {
      const q = Atomics.load(c, Q);
      const i = q & 255;
      if (i >= Atomics.load(c, NTASKS)) return ran; // taken, or closed
      if (Atomics.compareExchange(c, Q, q, q + 1) !== q) continue; // another thread claimed task i first
      ran = true;
      const base = tasks + i * TASK_WORDS;
      for (let j = 0; j < c[base + AFTER]; j++) while (Atomics.load(c, tasks + j * TASK_WORDS + STATE) === 0);
      const args = [];
      for (let k = 0; k < c[base + NARGS]; k++) args.push(c[base + ARGS + k]);
      let state = RAN;
      try {
        fns[c[base + FN]](...args);
      } catch (e) {
        state = FAILED_TASK;
        if (Atomics.compareExchange(c, FAILED, 0, 1) === 0) {
          const text = String(e && e.message ? e.message : e).slice(0, MSG_LEN);
          for (let k = 0; k < MSG_LEN; k++) c[MSG + k] = k < text.length ? text.charCodeAt(k) : 0;
        }
      }
      Atomics.store(c, base + STATE, state);
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
