import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { NablaError, ValueError } from '../../../errors.js';
import type { DType, TypedArray } from '../../../tensor/dtype.js';
import type { BinaryOp, Strided } from '../../backend.js';
import { wasmBackend } from '../index.js';
import { MEMORY_BOUND_MIN } from '../parallel.js';
import { UNARY_CODE } from '../unary.js';
import { allocElems, resetWorkspace, view } from '../workspace.js';
import { getNumThreads, prewake, runTasks, setNumThreads, tasksRunByWorkers, type Task } from './pool.js';

afterAll(() => setNumThreads(availableParallelism()));

function filled(n: number, dtype: DType, seed: number): TypedArray {
  const out = dtype === 'float32' ? new Float32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Int32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = dtype === 'int32' ? (s >> 8) - (1 << 22) : (s / 2 ** 32 - 0.5) * 10;
  }
  return out;
}

/** Index of the first differing byte, or -1 (vitest's deep equality is far too slow on megabyte arrays). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return i;
  return -1;
}

const bytes = (x: TypedArray): Uint8Array => new Uint8Array(x.buffer, x.byteOffset, x.byteLength);

/** Runs `f` once per thread count and returns the results' bytes. */
function perThreadCount(f: () => TypedArray, counts: readonly number[]): Uint8Array[] {
  return counts.map((n) => {
    setNumThreads(n);
    const out = f();
    return bytes(out).slice();
  });
}

describe('thread pool', () => {
  it('defaults to the number of cores in Node', () => {
    setNumThreads(availableParallelism());
    expect(getNumThreads()).toBe(availableParallelism());
  });

  it('is 1, with no error, where the wasm kernels cannot load', async () => {
    vi.resetModules();
    vi.stubGlobal('WebAssembly', { ...WebAssembly, validate: () => false });
    try {
      const fresh = await import('./pool.js');
      expect(fresh.getNumThreads()).toBe(1);
      fresh.setNumThreads(4);
      expect(fresh.getNumThreads()).toBe(1);
    } finally {
      vi.unstubAllGlobals();
      vi.resetModules();
    }
  });

  it('rejects a thread count that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, NaN, '2']) {
      expect(() => setNumThreads(bad as number)).toThrow(ValueError);
    }
    expect(() => setNumThreads(0)).toThrow('setNumThreads: expected a positive integer number of threads, got number 0');
  });

  it('gives bit-identical results for 1, 2, 3 and 5 threads over random shapes and layouts', () => {
    const arbCase = fc.record({
      rows: fc.integer({ min: 1, max: 40 }),
      cols: fc.integer({ min: Math.ceil(MEMORY_BOUND_MIN / 40), max: MEMORY_BOUND_MIN / 8 }),
      dtype: fc.constantFrom<DType>('float32', 'float64', 'int32'),
      op: fc.constantFrom<BinaryOp>('add', 'mul', 'div', 'maximum', 'pow'),
      transposed: fc.boolean(),
      broadcast: fc.boolean(),
      seed: fc.integer({ min: 1, max: 1e6 }),
    });
    fc.assert(
      fc.property(arbCase, ({ rows, cols, dtype, op, transposed, broadcast, seed }) => {
        const shape = [rows, cols];
        const a: Strided = { data: filled(rows * cols + 3, dtype, seed), offset: 3, strides: transposed ? [1, rows] : [cols, 1] };
        const b: Strided = { data: filled(cols, dtype, seed + 1), offset: 0, strides: broadcast ? [0, 1] : [0, 0] };
        const results = perThreadCount(() => wasmBackend.binary(op, a, b, shape, dtype), [1, 2, 3, 5]);
        for (const r of results.slice(1)) expect(firstDifference(r, results[0]!)).toBe(-1);
        const where = perThreadCount(() => wasmBackend.where(a, a, b, shape, dtype), [1, 2]);
        expect(firstDifference(where[1]!, where[0]!)).toBe(-1);
      }),
      { seed: 7, numRuns: 25 },
    );
  });

  it('gives bit-identical unary results for 1, 2 and 3 threads, tails included', () => {
    for (const dtype of ['float32', 'float64'] as DType[]) {
      for (const op of ['tanh', 'exp', 'sigmoid', 'sqrt'] as const) {
        const x = filled(MEMORY_BOUND_MIN * 2 + 7, dtype, 11); // sqrt is a memory pass: it splits from MEMORY_BOUND_MIN
        const results = perThreadCount(() => wasmBackend.unary(op, x, dtype), [1, 2, 3]);
        for (const r of results.slice(1)) expect(firstDifference(r, results[0]!)).toBe(-1);
      }
    }
  });

  it('surfaces a failing kernel as the same NablaError from a worker as from the calling thread', () => {
    setNumThreads(2);
    const bad = { fn: 'binary_f32', args: [0, 0, 0, 0, -16] }; // a descriptor address past the end of memory
    const good = { fn: 'heapBase', args: [] };
    const errorOf = (tasks: { fn: string; args: number[] }[]): Error => {
      try {
        runTasks('add', tasks);
      } catch (e) {
        return e as Error;
      }
      throw new Error('expected a throw');
    };
    const onWorker = errorOf([good, bad]);
    const onCaller = errorOf([bad]);
    expect(onWorker).toBeInstanceOf(NablaError);
    expect(onWorker.message).toBe(onCaller.message);
    expect(onCaller.message).toMatch(/^add: a wasm kernel failed: .*out of bounds/);
    // The calling thread failing while a worker runs: the call waits for the worker, and the pool still works.
    expect(errorOf([bad, good])).toBeInstanceOf(NablaError);
    const a: Strided = { data: filled(MEMORY_BOUND_MIN * 2, 'float64', 3), offset: 0, strides: [1] };
    setNumThreads(1);
    const one = wasmBackend.binary('mul', a, a, [MEMORY_BOUND_MIN * 2], 'float64');
    setNumThreads(2);
    expect(firstDifference(bytes(wasmBackend.binary('mul', a, a, [MEMORY_BOUND_MIN * 2], 'float64')), bytes(one))).toBe(-1);
  });

  it('hands tasks to a worker that is awake, and runs them on the calling thread when none is', () => {
    const x = filled(1 << 21, 'float32', 5);
    setNumThreads(1);
    const before = tasksRunByWorkers();
    const one = wasmBackend.unary('tanh', x, 'float32');
    expect(tasksRunByWorkers()).toBe(before);
    setNumThreads(2);
    // The worker wakes within a fraction of the calling thread's half (a few ms of tanh); the first calls may
    // also start it. Give a loaded machine many tries: the count must move, or no task ever reached a worker.
    let two = one;
    for (let i = 0; i < 200 && tasksRunByWorkers() === before; i++) two = wasmBackend.unary('tanh', x, 'float32');
    expect(tasksRunByWorkers()).toBeGreaterThan(before);
    expect(firstDifference(bytes(two), bytes(one))).toBe(-1);
  });

  it('hands each finished task to onDone once, on the calling thread, with its output already written', () => {
    setNumThreads(2);
    const n = 1 << 15;
    const parts = 8;
    resetWorkspace();
    const src = allocElems('float32', n * parts, 'test');
    const dst = allocElems('float32', n * parts, 'test');
    view('float32', src, n * parts).set(filled(n * parts, 'float32', 4));
    const neg = (t: number): Task => ({ fn: 'unary_f32', args: [UNARY_CODE.neg, src + t * n * 4, dst + t * n * 4, n] });
    for (let round = 0; round < 50; round++) {
      view('float32', dst, n * parts).fill(NaN);
      const seen: number[] = [];
      runTasks('neg', Array.from({ length: parts }, (_, t) => neg(t)), (t) => {
        seen.push(t);
        const [x, y] = [view('float32', src + t * n * 4, n), view('float32', dst + t * n * 4, n)];
        for (let i = 0; i < n; i += 997) expect(y[i]).toBe(-x[i]!);
      });
      expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    }
    // On one thread too, in order.
    setNumThreads(1);
    const order: number[] = [];
    runTasks('neg', [neg(0), neg(1), neg(2)], (t) => order.push(t));
    expect(order).toEqual([0, 1, 2]);
  });

  it('never hands a failed task to onDone, and throws after the others finish', () => {
    setNumThreads(2);
    resetWorkspace();
    const n = 1 << 16;
    const src = allocElems('float32', n, 'test');
    const good: Task = { fn: 'unary_f32', args: [UNARY_CODE.neg, src, src, n] };
    const bad: Task = { fn: 'binary_f32', args: [0, 0, 0, 0, -16] };
    for (const tasks of [[good, bad, good], [bad, good, good]]) {
      const seen: number[] = [];
      expect(() => runTasks('neg', tasks, (t) => seen.push(t))).toThrow(NablaError);
      expect(seen).not.toContain(tasks.indexOf(bad));
    }
  });

  it('starts a task with `after` only once the tasks before it are done', () => {
    // Task 0 negates x into y; tasks 1..3 negate y back into their own outputs. Started early, one would read
    // the NaNs y is filled with before each round.
    setNumThreads(2);
    const n = 1 << 18;
    resetWorkspace();
    const x = allocElems('float32', n, 'test');
    const y = allocElems('float32', n, 'test');
    const outs = [1, 2, 3].map(() => allocElems('float32', n, 'test'));
    view('float32', x, n).set(filled(n, 'float32', 8));
    const tasks: Task[] = [
      { fn: 'unary_f32', args: [UNARY_CODE.neg, x, y, n] },
      ...outs.map((o) => ({ fn: 'unary_f32', args: [UNARY_CODE.neg, y, o, n], after: 1 })),
    ];
    const before = tasksRunByWorkers();
    for (let round = 0; round < 40; round++) {
      view('float32', y, n).fill(NaN);
      runTasks('neg', tasks);
      for (const o of outs) expect(firstDifference(bytes(view('float32', o, n)), bytes(view('float32', x, n)))).toBe(-1);
    }
    expect(tasksRunByWorkers()).toBeGreaterThan(before); // a worker took part (so it could have started early)
  });

  it('runs the next call normally after a prewake, whether or not a call followed it', () => {
    const a: Strided = { data: filled(MEMORY_BOUND_MIN * 2, 'float32', 12), offset: 0, strides: [1] };
    setNumThreads(1);
    const want = wasmBackend.binary('mul', a, a, [MEMORY_BOUND_MIN * 2], 'float32');
    setNumThreads(2);
    for (let i = 0; i < 20; i++) {
      prewake();
      if (i % 2 === 0) for (const end = performance.now() + 1; performance.now() < end; ); // the worker gives up waiting
      expect(firstDifference(bytes(wasmBackend.binary('mul', a, a, [MEMORY_BOUND_MIN * 2], 'float32')), bytes(want))).toBe(-1);
    }
  });

  it('keeps memory-bound kernels below MEMORY_BOUND_MIN elements on the calling thread', () => {
    setNumThreads(2);
    const n = MEMORY_BOUND_MIN - 16;
    const a: Strided = { data: filled(n, 'float32', 13), offset: 0, strides: [1] };
    const before = tasksRunByWorkers();
    for (let i = 0; i < 20; i++) {
      wasmBackend.binary('add', a, a, [n], 'float32');
      wasmBackend.unary('relu', a.data, 'float32');
    }
    expect(tasksRunByWorkers()).toBe(before);
  });

  it('grows and shrinks while idle', () => {
    const a: Strided = { data: filled(MEMORY_BOUND_MIN * 2, 'float32', 9), offset: 0, strides: [1] };
    const want = wasmBackend.binary('add', a, a, [MEMORY_BOUND_MIN * 2], 'float32');
    for (const n of [4, 1, 3, 2]) {
      setNumThreads(n);
      expect(getNumThreads()).toBe(n);
      expect(firstDifference(bytes(wasmBackend.binary('add', a, a, [MEMORY_BOUND_MIN * 2], 'float32')), bytes(want))).toBe(-1);
    }
  });

  it('lets a Node process that used the pool exit by itself', () => {
    const index = fileURLToPath(new URL('../../../index.ts', import.meta.url));
    const script = `
      import { tensor, setNumThreads } from ${JSON.stringify(index)};
      setNumThreads(2);
      const x = tensor(Array.from({ length: 200000 }, (_, i) => i % 7));
      console.log(x.mul(x).sum().item());
    `;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 30_000, encoding: 'utf8' });
    expect(r.signal).toBeNull();
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBe(2_599_966); // 28,571 cycles of 0+1+4+...+36 = 91, then 0+1+4
  }, 40_000);
});
