import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TypedArray } from '../../tensor/dtype.js';
import type { AttentionDims, Strided } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { wasmBackend } from './index.js';

// Parity of the wasm fused attention with the TypeScript kernel. The dot products take v128 lanes (a different
// summation order), so float64 agrees to round-off (1e-13 relative to the output scale) and float32 to float32
// round-off of the scores; the softmax and the accumulation are f64 in both. Shapes cover E and Ev that are not
// multiples of the lane count, L != S, causal rows, broadcast masks (stride 0) with -Infinity entries, rows with
// no visible key (NaN in both), and the probabilities form (no v).

function fill(n: number, seed: number, f32: boolean): TypedArray {
  const out = f32 ? new Float32Array(n) : new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 4;
  }
  return out;
}

const arbCase = fc.record({
  batch: fc.constantFrom<number[]>([1], [2], [2, 3], [3, 1]),
  l: fc.integer({ min: 1, max: 9 }),
  s: fc.integer({ min: 1, max: 11 }),
  e: fc.integer({ min: 1, max: 9 }),
  ev: fc.integer({ min: 1, max: 7 }),
  causal: fc.boolean(),
  mask: fc.constantFrom('none', 'full', 'rows', 'hidden'),
  probs: fc.boolean(),
  f32: fc.boolean(),
  seed: fc.integer({ min: 0, max: 1e6 }),
  scale: fc.constantFrom(0.3, 1, 2.5),
});

function compare(a: TypedArray, b: TypedArray, tol: number): void {
  expect(a.constructor).toBe(b.constructor);
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(b[i]!)) expect(a[i]).toBeNaN();
    else expect(Math.abs(a[i]! - b[i]!)).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]!)));
  }
}

describe('wasm attention kernel', () => {
  it('matches the TypeScript kernel (fast-check)', () => {
    fc.assert(
      fc.property(arbCase, (c) => {
        const nb = c.batch.reduce((x, y) => x * y, 1);
        const q = fill(nb * c.l * c.e, c.seed, c.f32);
        const k = fill(nb * c.s * c.e, c.seed + 1, c.f32);
        const v = c.probs ? null : fill(nb * c.s * c.ev, c.seed + 2, c.f32);
        let mask: Strided | null = null;
        const nd = c.batch.length;
        if (c.mask !== 'none') {
          // 'full': one mask per batch element; 'rows': shared over the batch (stride 0) and over queries; 'hidden': -inf entries.
          const data = fill(nb * c.l * c.s + 3, c.seed + 3, c.f32);
          if (c.mask === 'hidden') for (let i = 0; i < data.length; i += 3) data[i] = -Infinity;
          const batchStrides = c.mask === 'rows' ? new Array<number>(nd).fill(0) : c.batch.map((_, a) => c.batch.slice(a + 1).reduce((x, y) => x * y, 1) * c.l * c.s);
          mask = { data, offset: 3, strides: [...batchStrides, c.mask === 'rows' ? 0 : c.s, 1] };
        }
        const dims: AttentionDims = { batch: c.batch, l: c.l, s: c.s, e: c.e, ev: c.ev, scale: c.scale, causal: c.causal };
        compare(wasmBackend.attention(q, k, v, mask, dims), cpuBackend.attention(q, k, v, mask, dims), c.f32 ? 2e-5 : 1e-13);
      }),
      { seed: 42, numRuns: 300 },
    );
  });

  it('matches on a larger case above the small-size cut (64-wide heads, 40 keys)', () => {
    for (const f32 of [true, false]) {
      const dims: AttentionDims = { batch: [2, 4], l: 33, s: 40, e: 64, ev: 64, scale: 0.125, causal: true };
      const [q, k, v] = [fill(8 * 33 * 64, 1, f32), fill(8 * 40 * 64, 2, f32), fill(8 * 40 * 64, 3, f32)];
      compare(wasmBackend.attention(q, k, v, null, dims), cpuBackend.attention(q, k, v, null, dims), f32 ? 2e-5 : 1e-13);
      compare(wasmBackend.attention(q, k, null, null, dims), cpuBackend.attention(q, k, null, null, dims), f32 ? 2e-5 : 1e-13);
    }
  });
});
