import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DType } from '../../tensor/dtype.js';
import { cpuBackend } from '../cpu/index.js';
import { wasmBackend } from './index.js';

// Parity of the wasm SVD, eigh (their Jacobi sweep loops) and QR (wasm/assembly/linalg.ts) with the TypeScript kernels: the
// same arithmetic in the same order, so U, S and Vh agree bit for bit, over tall, wide, square, empty and 1 x 1
// matrices, batches, both dtypes, rank-deficient input (zero columns), and NaN/Inf entries.

const arrayOf = (dtype: DType, v: number[]) => (dtype === 'float64' ? Float64Array.from(v) : Float32Array.from(v));

describe('wasm svd matches the TypeScript kernel bit for bit', () => {
  it('random shapes, batches, dtypes and full/reduced', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.boolean(),
        fc.constantFrom<DType>('float32', 'float64'), fc.integer({ min: 0, max: 2 ** 31 }),
        (batch, m, n, full, dtype, seed) => {
          let s = seed;
          const v = Array.from({ length: batch * m * n }, (_, i) => {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            return i % 7 === 3 ? 0 : s / 2 ** 31 - 1; // some zeros, so some columns may vanish
          });
          const a = arrayOf(dtype, v);
          const got = wasmBackend.svd(a, batch, m, n, full, dtype);
          const want = cpuBackend.svd(a, batch, m, n, full, dtype);
          expect(got.s).toEqual(want.s);
          expect(got.u).toEqual(want.u);
          expect(got.vh).toEqual(want.vh);
        },
      ),
      { seed: 42, numRuns: 120 },
    );
  });

  it('a 40 x 30 matrix, rank-deficient input and non-finite entries', () => {
    const big = Float64Array.from({ length: 1200 }, (_, i) => Math.sin(i * 1.7) + (i % 30 === 0 ? 2 : 0));
    const rank1 = Float64Array.from({ length: 12 }, (_, i) => (Math.floor(i / 4) + 1) * ((i % 4) + 1));
    const bad = Float64Array.from([1, NaN, 2, 3, Infinity, 4]);
    for (const [a, m, n] of [[big, 40, 30], [big, 30, 40], [rank1, 3, 4], [bad, 2, 3]] as const) {
      const got = wasmBackend.svd(a, 1, m, n, true, 'float64');
      const want = cpuBackend.svd(a, 1, m, n, true, 'float64');
      expect([got.u, got.s, got.vh]).toEqual([want.u, want.s, want.vh]);
    }
  });
});

describe('wasm eigh matches the TypeScript kernel bit for bit', () => {
  it('random symmetric inputs (either triangle), batches, dtypes, and non-finite entries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 12 }), fc.boolean(), fc.constantFrom<DType>('float32', 'float64'),
        fc.integer({ min: 0, max: 2 ** 31 }),
        (batch, n, upper, dtype, seed) => {
          let s = seed;
          const a = arrayOf(dtype, Array.from({ length: batch * n * n }, () => {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            return s / 2 ** 31 - 1;
          }));
          const got = wasmBackend.eigh(a, batch, n, upper, dtype);
          const want = cpuBackend.eigh(a, batch, n, upper, dtype);
          expect([got.values, got.vectors]).toEqual([want.values, want.vectors]);
        },
      ),
      { seed: 42, numRuns: 120 },
    );
    const bad = Float64Array.from([1, NaN, NaN, 2]);
    const got = wasmBackend.eigh(bad, 1, 2, false, 'float64');
    const want = cpuBackend.eigh(bad, 1, 2, false, 'float64');
    expect([got.values, got.vectors]).toEqual([want.values, want.vectors]);
  });
});

describe('wasm qr matches the TypeScript kernel bit for bit', () => {
  it('tall, wide, square and empty matrices, batches, dtypes, reduced and complete, zero columns and non-finite entries', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), fc.boolean(),
        fc.constantFrom<DType>('float32', 'float64'), fc.integer({ min: 0, max: 2 ** 31 }),
        (batch, m, n, complete, dtype, seed) => {
          let s = seed;
          const a = arrayOf(dtype, Array.from({ length: batch * m * n }, (_, i) => {
            s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
            return i % 5 === 2 ? 0 : i % 37 === 11 ? [NaN, Infinity, -Infinity, 1e300, -1e-300][s % 5]! : s / 2 ** 31 - 1;
          }));
          const got = wasmBackend.qr(a, batch, m, n, complete, dtype);
          const want = cpuBackend.qr(a, batch, m, n, complete, dtype);
          expect([got.q, got.r]).toEqual([want.q, want.r]);
        },
      ),
      { seed: 42, numRuns: 150 },
    );
  });
});

