import { beforeAll, describe, expect, it } from 'vitest';
import { allFinite as cpuAllFinite, axpy as cpuAxpy } from '../cpu/update.js';
import { kernelsSync } from './instance.js';
import { UPDATE_MIN, allFinite, axpy } from './update.js';

beforeAll(() => {
  expect(kernelsSync()).not.toBeNull();
});

/** Values across the float range, signed zeros and subnormals included, from a seeded LCG. */
function values(n: number, seed: number): number[] {
  const special = [0, -0, 1e-45, -1e-45, 1e-310, 3e38, -3e38, 0.1, -2.5]; // finite in float32 too
  let s = seed;
  return Array.from({ length: n }, (_, i) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return i % 7 === 0 ? special[(s >>> 8) % special.length]! : ((s / 2 ** 32) - 0.5) * 2 ** ((s % 40) - 20);
  });
}

describe('axpy and allFinite on wasm', () => {
  // Lengths past the cut-over with every tail length of the 4-lane (f32) and 2-lane (f64) loops.
  const lengths = [UPDATE_MIN, UPDATE_MIN + 1, UPDATE_MIN + 2, UPDATE_MIN + 3, 10_007];

  it('axpy agrees bit for bit with y + alpha x in float64, rounded once into y (and with the TypeScript loop)', () => {
    for (const Ctor of [Float32Array, Float64Array]) {
      for (const n of lengths) {
        for (const alpha of [-0.01, 3.5, -1e-30]) {
          const y0 = Ctor.from(values(n, n));
          const x = Ctor.from(values(n, n + 1));
          const y = y0.slice();
          axpy(y, alpha, x);
          const want = y0.slice();
          cpuAxpy(want, alpha, x);
          const formula = new Ctor(n);
          for (let i = 0; i < n; i++) formula[i] = y0[i]! + alpha * x[i]!;
          for (let i = 0; i < n; i++) {
            if (!Object.is(y[i], want[i]) || !Object.is(y[i], formula[i])) throw new Error(`${Ctor.name} n=${n} alpha=${alpha} element ${i}: ${y[i]} vs ${want[i]}`);
          }
        }
      }
    }
  });

  it('allFinite finds NaN and ±Infinity in every lane and in the tail, and passes finite extremes', () => {
    for (const Ctor of [Float32Array, Float64Array]) {
      for (const n of lengths) {
        const x = Ctor.from(values(n, 3));
        expect(allFinite(x)).toBe(true);
        for (const at of [0, 1, 2, 3, n - 3, n - 2, n - 1]) {
          for (const bad of [NaN, Infinity, -Infinity]) {
            const y = x.slice();
            y[at] = bad;
            expect([n, at, bad, allFinite(y), cpuAllFinite(y)]).toEqual([n, at, bad, false, false]);
          }
        }
      }
    }
  });

  it('takes the TypeScript loops below UPDATE_MIN or for mismatched arrays, with the same results', () => {
    const y = new Float32Array([1, 2, 3]);
    axpy(y, 2, new Float32Array([0.5, 0.25, -1]));
    expect(Array.from(y)).toEqual([2, 2.5, 1]);
    expect(allFinite(new Float64Array([1, NaN]))).toBe(false);
    const long = new Float32Array(UPDATE_MIN).fill(1);
    axpy(long, 0.5, new Float64Array(UPDATE_MIN).fill(0.1)); // a float64 x: the loop, rounding once into float32
    expect(long[UPDATE_MIN - 1]).toBe(Math.fround(1 + 0.5 * 0.1));
  });
});
