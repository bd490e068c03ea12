import { availableParallelism } from 'node:os';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { ReduceOp } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { SMALL } from './call.js';
import { wasmBackend } from './index.js';
import { PARALLEL_MIN } from './parallel.js';
import { setNumThreads } from './threads/pool.js';

// Parity of the wasm reduction kernels with the TypeScript reference: every axis subset of rank-1..4 shapes
// (size-1 axes, primes, rows that leave a SIMD tail, row counts that are not multiples of the 4-row blocks), all
// three dtypes, and values drawn to hit the edge cases: NaN, +-Inf, -0 next to +0 (the sign of a zero max), ties
// (argmax's first index), and huge factors (products overflowing). Most shapes hold >= SMALL elements so they take
// the wasm path; 0-size shapes fall back to the TypeScript loop and are checked too.

const DTYPES: DType[] = ['float32', 'float64', 'int32'];
const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 1, -1, 1e300, -1e-300, 3e38];

/** How values are drawn: 'mixed' O(1) floats with sparse specials; 'zeros' non-positive with +-0; 'ties' small integers. */
type Mode = 'mixed' | 'zeros' | 'ties' | 'dense-specials';

function fill(dtype: DType, n: number, seed: number, mode: Mode): TypedArray {
  const out = dtype === 'float32' ? new Float32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s / 2 ** 32;
    if (dtype === 'int32') out[i] = mode === 'mixed' ? Math.floor((r - 0.5) * 2 ** 32) : Math.floor((r - 0.5) * 5);
    else if (mode === 'zeros') out[i] = r < 0.3 ? (r < 0.15 ? -0 : 0) : -r * 4;
    else if (mode === 'ties') out[i] = Math.floor((r - 0.5) * 5);
    else if (mode === 'dense-specials') out[i] = r < 0.5 ? SPECIAL[Math.floor(r * 20)]! : (r - 0.75) * 8;
    else out[i] = (s & 1023) === 5 ? SPECIAL[(s >>> 10) % SPECIAL.length]! : (r - 0.5) * 8;
  }
  return out;
}

const size = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);

const arbShape: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 4 }).filter((s) => size(s) >= SMALL),
  fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 257, max: 331 })).map(([a, b]) => [a, b]),
  fc.tuple(fc.integer({ min: 257, max: 331 }), fc.integer({ min: 1, max: 3 })).map(([a, b]) => [a, b]),
  fc.tuple(fc.integer({ min: 2, max: 5 }), fc.integer({ min: 60, max: 90 }), fc.integer({ min: 1, max: 5 })).map(([a, b, c]) => [a, b, c]),
  fc.constantFrom<number[]>([SMALL + 1], [1009], [1, 1, 300], [3, 0, 300], [0]),
);

const arbCase = arbShape.chain((shape) =>
  fc.record({
    shape: fc.constant(shape),
    axes: fc.subarray([...shape.keys()]),
    axis: fc.integer({ min: 0, max: Math.max(shape.length - 1, 0) }),
    dtype: fc.constantFrom(...DTYPES),
    mode: fc.constantFrom<Mode>('mixed', 'zeros', 'ties', 'dense-specials'),
    seed: fc.integer({ min: 0, max: 1e6 }),
  }),
);

/** got equals want element for element (Object.is), or within `tol(want, i)` when given. */
function expectSame(got: TypedArray, want: TypedArray, tol?: (w: number) => number): void {
  expect(got.constructor).toBe(want.constructor);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Object.is(g, w)) continue;
    if (tol !== undefined && Number.isFinite(w) && Math.abs(g - w) <= tol(w)) continue;
    throw new Error(`element ${i}: wasm ${g}, cpu ${w}`);
  }
}

/**
 * exp and log differ between musl (wasm) and V8's fdlibm port by an ulp now and then, so transcendental results
 * agree to round-off: 1e-14 of the operands' scale in float64 (x - (m + log s) cancels, so relative to |x|, not
 * to the result), one float32 ulp after rounding, and exact int32 unless a value sits on an integer.
 */
function transcendentalTol(dtype: DType, x: TypedArray): (w: number) => number {
  let scale = 0;
  for (const v of x) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
  if (dtype === 'float32') return (w) => 2 ** -23 * Math.abs(w) + 1e-45;
  if (dtype === 'int32') return () => 0;
  return (w) => 1e-14 * Math.max(Math.abs(w), scale) + 1e-300;
}

const OPTS = { seed: 42, numRuns: 120 };

afterAll(() => setNumThreads(availableParallelism()));

describe('wasm reduction kernels match the TypeScript kernels', () => {
  for (const op of ['sum', 'max', 'min', 'prod'] as ReduceOp[]) {
    it(`reduce ${op} over every axis subset, bit for bit`, () => {
      fc.assert(
        fc.property(arbCase, ({ shape, axes, dtype, mode, seed }) => {
          const x = fill(dtype, size(shape), seed, mode);
          expectSame(wasmBackend.reduce(op, x, shape, axes), cpuBackend.reduce(op, x, shape, axes));
        }),
        OPTS,
      );
    });
  }

  for (const op of ['argmax', 'argmin'] as const) {
    it(`${op} along every axis and flattened: first index on ties, first NaN wins`, () => {
      fc.assert(
        fc.property(arbCase, ({ shape, axis, dtype, mode, seed }) => {
          const x = fill(dtype, size(shape), seed, mode);
          if (shape.length > 0 && shape[axis]! > 0) {
            expectSame(wasmBackend.argReduce(op, x, shape, axis), cpuBackend.argReduce(op, x, shape, axis));
          }
          if (x.length > 0) expectSame(wasmBackend.argReduce(op, x, [x.length], 0), cpuBackend.argReduce(op, x, [x.length], 0));
        }),
        OPTS,
      );
    });
  }

  it('logsumexp over every axis subset', () => {
    fc.assert(
      fc.property(arbCase, ({ shape, axes, dtype, mode, seed }) => {
        const x = fill(dtype, size(shape), seed, mode);
        expectSame(wasmBackend.logsumexp(x, shape, axes), cpuBackend.logsumexp(x, shape, axes), transcendentalTol(dtype, x));
      }),
      OPTS,
    );
  });

  for (const log of [false, true]) {
    it(`${log ? 'log-softmax' : 'softmax'} along every axis`, () => {
      fc.assert(
        fc.property(arbCase, ({ shape, axis, dtype, mode, seed }) => {
          const x = fill(dtype, size(shape), seed, mode);
          if (shape.length === 0) return;
          expectSame(wasmBackend.softmax(x, shape, axis, log), cpuBackend.softmax(x, shape, axis, log), transcendentalTol(dtype, x));
        }),
        OPTS,
      );
    });
  }

  it('reduce and logsumexp over each of the 16 axis subsets of a rank-4 shape, in every dtype and value mode', () => {
    const shape = [3, 1, 7, 13];
    for (let mask = 0; mask < 16; mask++) {
      const axes = [0, 1, 2, 3].filter((a) => mask & (1 << a));
      for (const dtype of DTYPES) {
        for (const mode of ['mixed', 'zeros', 'ties', 'dense-specials'] as Mode[]) {
          const x = fill(dtype, size(shape), mask * 7 + 1, mode);
          for (const op of ['sum', 'max', 'min', 'prod'] as ReduceOp[]) {
            expectSame(wasmBackend.reduce(op, x, shape, axes), cpuBackend.reduce(op, x, shape, axes));
          }
          expectSame(wasmBackend.logsumexp(x, shape, axes), cpuBackend.logsumexp(x, shape, axes), transcendentalTol(dtype, x));
        }
      }
    }
  });

  it('splits large calls over outer blocks or column blocks across 1, 2 and 3 threads with identical results', () => {
    for (const [shape, axis] of [[[5, 97, PARALLEL_MIN / 64], 1], [[PARALLEL_MIN / 32 + 3, 33], 1], [[7, 3, PARALLEL_MIN / 8], 0], [[3, 22123], 0]] as const) {
      for (const dtype of DTYPES) {
        const x = fill(dtype, size(shape), axis + 5, 'mixed');
        const runs = [1, 2, 3].map((n) => {
          setNumThreads(n);
          return [
            wasmBackend.reduce('sum', x, shape, [axis]),
            wasmBackend.reduce('max', x, shape, [axis]),
            wasmBackend.argReduce('argmin', x, shape, axis),
            wasmBackend.logsumexp(x, shape, [axis]),
            wasmBackend.softmax(x, shape, axis, false),
            wasmBackend.softmax(x, shape, axis, true),
            wasmBackend.reduce('sum', x, shape, shape.length === 3 ? [0, 2] : [0]), // a permuting copy first
          ];
        });
        for (const run of runs.slice(1)) run.forEach((r, k) => expectSame(r, runs[0]![k]!));
        expectSame(runs[2]![0]!, cpuBackend.reduce('sum', x, shape, [axis]));
        expectSame(runs[2]![2]!, cpuBackend.argReduce('argmin', x, shape, axis));
        expectSame(runs[2]![6]!, cpuBackend.reduce('sum', x, shape, shape.length === 3 ? [0, 2] : [0]));
      }
    }
  });

  it('keeps the sign of a zero max or min and the non-finite slices of logsumexp', () => {
    // Rows of [-0, 0, ...] and [0, -0, ...]: the first zero decides the sign, as the sequential loop does.
    const n = 40;
    const x = new Float64Array(8 * n).map((_, i) => (Math.floor(i / n) % 2 === 0 ? (i % 3 === 0 ? -0 : 0) : i % 3 === 1 ? -0 : 0) - (i % 5 === 4 ? 1 : 0));
    for (const op of ['max', 'min'] as const) expectSame(wasmBackend.reduce(op, x, [8, n], [1]), cpuBackend.reduce(op, x, [8, n], [1]));
    expect(Object.is(wasmBackend.reduce('max', x, [8, n], [1])[0], -0)).toBe(true);
    const rows = new Float64Array(4 * SMALL).fill(-Infinity);
    rows.fill(Infinity, SMALL + 3, SMALL + 4);
    rows.fill(NaN, 2 * SMALL + 9, 2 * SMALL + 10);
    rows.fill(1, 3 * SMALL, 4 * SMALL);
    const lse = wasmBackend.logsumexp(rows, [4, SMALL], [1]);
    expect([...lse.subarray(0, 3)]).toEqual([-Infinity, Infinity, NaN]);
    expect(lse[3]).toBeCloseTo(1 + Math.log(SMALL), 14);
  });

  it('sums more than 2^22 large int32 values through float64 exactly as the TypeScript kernel does', () => {
    // Past 2^53 the float64 accumulator rounds, so the result is not the wrapping int32 sum: both backends agree.
    const x = new Int32Array(2 ** 22 + 64).fill(2 ** 31 - 1);
    expectSame(wasmBackend.reduce('sum', x, [x.length], [0]), cpuBackend.reduce('sum', x, [x.length], [0]));
  });
});
