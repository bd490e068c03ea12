/**
 * The control block shared by the calling thread and each worker: one slot of SLOT int32s per worker in a
 * SharedArrayBuffer of its own (apart from wasm memory, so workspace growth never moves it). The caller
 * writes a task (function index and arguments), bumps SEQ and notifies; the worker runs it, writes STATUS
 * (and a message on failure), sets DONE to the SEQ it ran and notifies.
 */
export const SLOT = 96;
export const SEQ = 0;
export const DONE = 1;
export const READY = 2;
export const STATUS = 3;
export const FN = 4;
export const NARGS = 5;
export const ARGS = 8;
export const MAX_ARGS = 24;
export const MSG = 32;
export const MSG_LEN = SLOT - MSG;

/**
 * The worker's whole program, as source text, so a worker can be started from a string (Node's
 * `eval: true`) or a Blob URL (browsers) with no separate file for a bundler to find. It instantiates the
 * kernels module on the shared memory, points its scratch at its own block, and then sleeps in
 * Atomics.wait until the next task.
 */
export const WORKER_SOURCE = `
'use strict';
const SLOT = ${SLOT}, SEQ = ${SEQ}, DONE = ${DONE}, READY = ${READY}, STATUS = ${STATUS}, FN = ${FN}, NARGS = ${NARGS}, ARGS = ${ARGS}, MSG = ${MSG}, MSG_LEN = ${MSG_LEN};
function run(data) {
  const { module, memory, control, slot, scratch } = data;
  const c = new Int32Array(control);
  const base = slot * SLOT;
  const instance = new WebAssembly.Instance(module, { env: { memory, pow: Math.pow } });
  const names = WebAssembly.Module.exports(module).filter((e) => e.kind === 'function').map((e) => e.name);
  const fns = names.map((n) => instance.exports[n]);
  instance.exports.setThreadScratch(scratch);
  Atomics.store(c, base + READY, 1);
  Atomics.notify(c, base + READY);
  let seen = 0;
  for (;;) {
    Atomics.wait(c, base + SEQ, seen);
    const seq = Atomics.load(c, base + SEQ);
    if (seq === seen) continue;
    seen = seq;
    const fn = c[base + FN];
    const args = [];
    for (let i = 0; i < c[base + NARGS]; i++) args.push(c[base + ARGS + i]);
    try {
      fns[fn](...args);
      c[base + STATUS] = 0;
    } catch (e) {
      const text = String(e && e.message ? e.message : e).slice(0, MSG_LEN);
      for (let i = 0; i < MSG_LEN; i++) c[base + MSG + i] = i < text.length ? text.charCodeAt(i) : 0;
      c[base + STATUS] = 1;
    }
    Atomics.store(c, base + DONE, seq);
    Atomics.notify(c, base + DONE);
  }
}
if (typeof require === 'function') {
  const { workerData } = require('node:worker_threads');
  run(workerData);
} else {
  self.onmessage = (e) => run(e.data);
}
`;
