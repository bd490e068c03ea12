import fc from 'fast-check';
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { Window2d } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { windowCount } from '../cpu/conv.js';
import { SMALL } from './call.js';
import { wasmBackend } from './index.js';
import { setNumThreads } from './threads/pool.js';

// Parity of the wasm unfold / fold / maxPoolIndex kernels with the TypeScript ones, bit for bit in every dtype:
// they walk the windows in the same order, so fold adds each image element's contributions in the same
// sequence (float32 rounds each add like a Float32Array store, int32 wraps like an Int32Array store). Windows
// cover kernel sizes, strides, paddings and dilations whose output is not a multiple of the SIMD width, taps
// that fall entirely in the padding, and NaN / +-Inf / -0 and tie-heavy inputs.

const SPECIAL = [NaN, Infinity, -Infinity, -0];

function fill(dtype: DType, n: number, seed: number, ties: boolean): TypedArray {
  const out = dtype === 'float32' ? new Float32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s / 2 ** 32;
    if (ties) out[i] = Math.floor(r * 3) - (dtype !== 'int32' && i % 41 === 7 ? NaN : 0);
    else if (dtype === 'int32') out[i] = Math.floor((r - 0.5) * 2 ** 32); // sums of several wrap around 2^31
    else out[i] = i % 37 === 11 ? SPECIAL[i % 4]! : (r - 0.5) * 10;
  }
  return out;
}

const arbWindow = fc.record({
  kernel: fc.tuple(fc.constantFrom(1, 2, 3, 5), fc.constantFrom(1, 2, 3, 4)),
  stride: fc.tuple(fc.constantFrom(1, 2, 3), fc.constantFrom(1, 2, 3)),
  padding: fc.tuple(fc.constantFrom(0, 1, 2, 4), fc.constantFrom(0, 1, 3)),
  dilation: fc.tuple(fc.constantFrom(1, 2), fc.constantFrom(1, 3)),
});

const arbShape = fc
  .tuple(fc.constantFrom(1, 2), fc.constantFrom(1, 3), fc.constantFrom(1, 2, 5, 9, 12, 17, 28), fc.constantFrom(1, 3, 8, 13, 28, 31))
  .map((s): number[] => s);

const outSize = ([, , h, w]: number[], win: Window2d, padded: boolean): [number, number] => [
  windowCount(h!, win.kernel[0], win.stride[0], padded ? win.padding[0] : 0, win.dilation[0]),
  windowCount(w!, win.kernel[1], win.stride[1], padded ? win.padding[1] : 0, win.dilation[1]),
];

const arbConv = fc
  .tuple(arbShape, arbWindow, fc.constantFrom<DType>('float32', 'float64', 'int32'), fc.integer({ min: 0, max: 1e6 }))
  .filter(([shape, win]) => {
    const [oh, ow] = outSize(shape, win, true);
    return oh >= 1 && ow >= 1 && shape[0]! * shape[1]! * win.kernel[0] * win.kernel[1] * oh * ow >= SMALL;
  });

const arbPool = fc
  .tuple(arbShape, arbWindow, fc.constantFrom<DType>('float32', 'float64', 'int32'), fc.integer({ min: 0, max: 1e6 }))
  .filter(([shape, win]) => {
    const [oh, ow] = outSize(shape, win, false);
    return oh >= 1 && ow >= 1 && shape.reduce((p, d) => p * d, 1) >= SMALL;
  });

function expectIdentical(got: TypedArray, want: TypedArray): void {
  expect(got.constructor).toBe(want.constructor);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) throw new Error(`element ${i}: wasm ${got[i]}, cpu ${want[i]}`);
  }
}

const OPTS = { seed: 42, numRuns: 150 };

afterAll(() => setNumThreads(availableParallelism()));

describe('wasm unfold, fold and maxPoolIndex match the TypeScript kernels', () => {
  it('unfold', () => {
    fc.assert(
      fc.property(arbConv, ([shape, win, dtype, seed]) => {
        const x = fill(dtype, shape.reduce((p, d) => p * d, 1), seed, false);
        expectIdentical(wasmBackend.unfold(x, shape, win, dtype), cpuBackend.unfold(x, shape, win, dtype));
      }),
      OPTS,
    );
  });

  it('fold (same summation order: bit for bit, int32 wrapping included)', () => {
    fc.assert(
      fc.property(arbConv, ([shape, win, dtype, seed]) => {
        const [oh, ow] = outSize(shape, win, true);
        const cols = fill(dtype, shape[0]! * shape[1]! * win.kernel[0] * win.kernel[1] * oh * ow, seed, false);
        expectIdentical(wasmBackend.fold(cols, shape, win, dtype), cpuBackend.fold(cols, shape, win, dtype));
      }),
      OPTS,
    );
  });

  it('maxPoolIndex (first max wins ties, NaN wins at once)', () => {
    fc.assert(
      fc.property(arbPool, fc.boolean(), ([shape, win, dtype, seed], ties) => {
        const x = fill(dtype, shape.reduce((p, d) => p * d, 1), seed, ties);
        expectIdentical(wasmBackend.maxPoolIndex(x, shape, win), cpuBackend.maxPoolIndex(x, shape, win));
      }),
      OPTS,
    );
  });

  it('splits large calls over planes across 1, 2 and 3 threads with identical results', () => {
    const shape = [5, 9, 41, 39]; // 45 planes: uneven blocks; each kernel's planes x plane size passes PARALLEL_MIN
    for (const win of [
      { kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1] },
      { kernel: [2, 3], stride: [2, 2], padding: [0, 1], dilation: [1, 2] },
    ] as Window2d[]) {
      for (const dtype of ['float32', 'float64', 'int32'] as DType[]) {
        const x = fill(dtype, 5 * 9 * 41 * 39, 11, false);
        const [oh, ow] = outSize(shape, win, true);
        const cols = fill(dtype, 5 * 9 * win.kernel[0] * win.kernel[1] * oh * ow, 12, false);
        const pool = { ...win, padding: [0, 0] } as Window2d;
        const runs = [1, 2, 3].map((t) => {
          setNumThreads(t);
          return [wasmBackend.unfold(x, shape, win, dtype), wasmBackend.fold(cols, shape, win, dtype), wasmBackend.maxPoolIndex(x, shape, pool)];
        });
        for (const run of runs.slice(1)) run.forEach((r, k) => expectIdentical(r, runs[0]![k]!));
        expectIdentical(runs[2]![1]!, cpuBackend.fold(cols, shape, win, dtype));
      }
    }
  });

  it('a conv-sized case: [8, 16, 28, 28] through a 3 x 3 window, padding 1', () => {
    const shape = [8, 16, 28, 28];
    const win: Window2d = { kernel: [3, 3], stride: [1, 1], padding: [1, 1], dilation: [1, 1] };
    for (const dtype of ['float32', 'float64', 'int32'] as DType[]) {
      const x = fill(dtype, 8 * 16 * 28 * 28, 7, false);
      const cols = wasmBackend.unfold(x, shape, win, dtype);
      expectIdentical(cols, cpuBackend.unfold(x, shape, win, dtype));
      expectIdentical(wasmBackend.fold(cols, shape, win, dtype), cpuBackend.fold(cols, shape, win, dtype));
      expectIdentical(wasmBackend.maxPoolIndex(x, shape, { ...win, padding: [0, 0] }), cpuBackend.maxPoolIndex(x, shape, { ...win, padding: [0, 0] }));
    }
  });
});
