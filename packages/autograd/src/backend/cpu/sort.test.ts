import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DType } from '../../tensor/dtype.js';
import { argsort, scatterReduce, searchsorted } from './sort.js';

/** The reference order: stable, NaN largest, -0 equal to +0. */
function refArgsort(line: number[], descending: boolean): number[] {
  const rank = (v: number) => (Number.isNaN(v) ? Infinity : v);
  const cmp = (a: number, b: number) => {
    const [p, q] = [line[a]!, line[b]!];
    if (Number.isNaN(p) || Number.isNaN(q)) return (Number.isNaN(p) ? 1 : 0) - (Number.isNaN(q) ? 1 : 0);
    return rank(p) - rank(q);
  };
  return line.map((_, i) => i).sort((a, b) => (descending ? -cmp(a, b) : cmp(a, b)) || a - b);
}

const special = fc.constantFrom(NaN, -0, 0, Infinity, -Infinity, 1.5, -1.5, 3, 1e-45, -1e300, 2 ** 31 - 1);
const values = (dtype: DType) =>
  dtype === 'int32' ? fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map((v) => v % 7 === 0 ? v : v % 5) : fc.oneof(special, fc.double(), fc.integer({ min: -3, max: 3 }));

describe('cpu argsort (radix)', () => {
  for (const dtype of ['float32', 'float64', 'int32'] as const) {
    it(`matches a stable comparator sort on ${dtype} (NaN, -0, Inf, ties, both directions, any axis)`, () => {
      fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }), fc.boolean(), fc.nat(), (shape, desc, seed) => {
        const size = shape.reduce((a, b) => a * b, 1);
        const raw = fc.sample(fc.array(values(dtype), { minLength: size, maxLength: size }), { numRuns: 1, seed })[0]!;
        const x = dtype === 'float32' ? Float32Array.from(raw) : dtype === 'float64' ? Float64Array.from(raw) : Int32Array.from(raw);
        const axis = seed % shape.length;
        const out = argsort(x, shape, axis, desc);
        const inner = shape.slice(axis + 1).reduce((a, b) => a * b, 1);
        const n = shape[axis]!;
        for (let base = 0; base < size; base++) {
          if (Math.floor(base / inner) % n !== 0) continue; // the first element of each line
          const line = Array.from({ length: n }, (_, j) => x[base + j * inner]!);
          expect(Array.from({ length: n }, (_, j) => out[base + j * inner])).toEqual(refArgsort(line, desc));
        }
      }), { seed: 3, numRuns: 300 });
    });
  }
  it('sorts long lines (2^12 with many ties) like the reference', () => {
    const x = Float64Array.from({ length: 4096 }, (_, i) => ((i * 7919) % 101) - 50 + (i % 3 === 0 ? 0.5 : 0));
    expect(Array.from(argsort(x, [4096], 0, true))).toEqual(refArgsort(Array.from(x), true));
  });
});

describe('cpu searchsorted and scatterReduce', () => {
  it('searchsorted puts NaN last and handles left/right ties', () => {
    const seq = Float64Array.of(1, 2, 2, NaN);
    expect(Array.from(searchsorted(seq, [4], Float64Array.of(2, NaN, 0, 5), [4], false))).toEqual([1, 3, 0, 3]);
    expect(Array.from(searchsorted(seq, [4], Float64Array.of(2, NaN), [2], true))).toEqual([3, 4]);
  });
  it('scatterReduce: amax lets NaN win, int32 mean rounds toward -inf, includeSelf false starts from the first value', () => {
    const idx = Int32Array.of(0, 0);
    expect(Array.from(scatterReduce(Float64Array.of(1, 5), [2], Float64Array.of(NaN, 2), [2], idx, [2], 0, 'amax', true, 'float64'))).toEqual([NaN, 5]);
    expect(Array.from(scatterReduce(Int32Array.of(0, 5), [2], Int32Array.of(-3, 0), [2], idx, [2], 0, 'mean', true, 'int32'))).toEqual([-1, 5]);
    expect(Array.from(scatterReduce(Float32Array.of(9, 5), [2], Float32Array.of(2, 3), [2], idx, [2], 0, 'prod', false, 'float32'))).toEqual([6, 5]);
  });
});
