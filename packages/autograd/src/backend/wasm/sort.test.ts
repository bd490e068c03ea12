import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DType } from '../../tensor/dtype.js';
import { cpuBackend } from '../cpu/index.js';
import { wasmBackend } from './index.js';


const special = fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, 1.5, -1.5, 3, 1e-45, -1e300, 2 ** 31 - 1, 5e-324);
const value = (dtype: DType) =>
  dtype === 'int32' ? fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), fc.integer({ min: -3, max: 3 })) : fc.oneof(special, fc.double(), fc.integer({ min: -3, max: 3 }));
const array = (dtype: DType, n: number) =>
  fc.array(value(dtype), { minLength: n, maxLength: n }).map((v) => (dtype === 'float32' ? Float32Array.from(v) : dtype === 'float64' ? Float64Array.from(v) : Int32Array.from(v)));

describe('wasm argsort matches the TypeScript kernel exactly', () => {
  for (const dtype of ['float32', 'float64', 'int32'] as const) {
    it(`${dtype}: 0/1-size axes, odd and large lines, inner > 1, both directions, NaN/-0/Inf and ties`, () => {
      const shapes = fc.oneof(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }),
        fc.constantFrom([300], [1, 257], [17, 31], [3, 1, 101], [1000, 1], [2, 600]),
      );
      fc.assert(fc.property(shapes.chain((s) => fc.tuple(fc.constant(s), array(dtype, s.reduce((a, b) => a * b, 1)), fc.nat(s.length - 1), fc.boolean())),
        ([shape, x, axis, desc]) => {
          expect(Array.from(wasmBackend.argsort(x, shape, axis, desc))).toEqual(Array.from(cpuBackend.argsort(x, shape, axis, desc)));
        }), { seed: 42, numRuns: 150 });
    });
  }
  it('a 2^16 line with many ties', () => {
    const x = Float32Array.from({ length: 1 << 16 }, (_, i) => ((i * 7919) % 257) - 128);
    expect(Array.from(wasmBackend.argsort(x, [x.length], 0, true))).toEqual(Array.from(cpuBackend.argsort(x, [x.length], 0, true)));
  });
});

describe('wasm searchsorted matches the TypeScript kernel exactly', () => {
  const sorted = (dtype: DType, n: number) => array(dtype, n).map((a) => a.sort());
  for (const [ds, dv] of [['float32', 'float32'], ['float64', 'float64'], ['int32', 'int32'], ['float32', 'int32'], ['int32', 'float64']] as const) {
    it(`seq ${ds}, values ${dv}: shared and batched rows, left and right, NaN and ties`, () => {
      fc.assert(fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 40 }), fc.integer({ min: 100, max: 400 }), fc.boolean(), fc.boolean(), fc.nat(),
        (rows, n, m, batched, right, seed) => {
          const seqs = fc.sample(sorted(ds, n), { numRuns: batched ? rows : 1, seed });
          const seq = ds === 'float32' ? Float32Array.from(seqs.flatMap((s) => Array.from(s))) : ds === 'float64' ? Float64Array.from(seqs.flatMap((s) => Array.from(s))) : Int32Array.from(seqs.flatMap((s) => Array.from(s)));
          const values = fc.sample(array(dv, rows * m), { numRuns: 1, seed: seed + 1 })[0]!;
          const seqShape = batched ? [rows, n] : [n];
          expect(Array.from(wasmBackend.searchsorted(seq, seqShape, values, [rows, m], right))).toEqual(Array.from(cpuBackend.searchsorted(seq, seqShape, values, [rows, m], right)));
        }), { seed: 42, numRuns: 60 });
    });
  }
});
