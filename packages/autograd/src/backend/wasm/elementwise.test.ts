import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { BinaryOp, CompareOp, Strided } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { SMALL } from './call.js';
import { wasmBackend } from './index.js';

// Parity of the wasm elementwise kernels with the TypeScript reference over awkward layouts: zero-size and
// size-1 axes, odd sizes that leave a SIMD tail, transposed (permuted) and broadcast (stride-0) views at nonzero
// offsets, and NaN, +-Inf and -0 operands. Shapes are large enough (>= SMALL elements) to take the wasm path.

const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 1, -1, 2.5, 1e300, -1e-300, 3e38];

function fill(dtype: DType, n: number, seed: number): TypedArray {
  const out = dtype === 'float32' ? new Float32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s / 2 ** 32;
    if (dtype === 'int32') out[i] = Math.floor((r - 0.5) * 2 ** 31 * (i % 7 === 0 ? 1 : 2 ** -20));
    else out[i] = i % 13 === 5 ? SPECIAL[i % SPECIAL.length]! : (r - 0.5) * 8;
  }
  return out;
}

/** A layout for one operand of `shape`: its own base array, an offset, and per-axis strides (permuted or 0). */
const arbLayout = (rank: number) =>
  fc.record({
    offset: fc.integer({ min: 0, max: 5 }),
    perm: fc.shuffledSubarray([...Array(rank).keys()], { minLength: rank, maxLength: rank }),
    broadcast: fc.array(fc.boolean(), { minLength: rank, maxLength: rank }),
    seed: fc.integer({ min: 0, max: 1e6 }),
  });

function view(shape: readonly number[], dtype: DType, l: { offset: number; perm: number[]; broadcast: boolean[]; seed: number }): Strided {
  // Lay the axes out in `perm` order (the last in perm varies fastest), then zero the broadcast axes' strides.
  const strides = new Array<number>(shape.length).fill(0);
  let acc = 1;
  for (let i = l.perm.length - 1; i >= 0; i--) {
    const a = l.perm[i]!;
    strides[a] = l.broadcast[a] ? 0 : acc;
    if (!l.broadcast[a]) acc *= shape[a]!;
  }
  return { data: fill(dtype, l.offset + acc, l.seed), offset: l.offset, strides };
}

const arbShape = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 257, max: 301 })).map(([a, b]) => [a, b]),
  fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 3, maxLength: 4 }).filter((s) => s.reduce((p, d) => p * d, 1) >= SMALL),
  fc.constant([SMALL + 1]),
  fc.constant([3, 0, 300]),
);

const arbCase = arbShape.chain((shape) =>
  fc.tuple(fc.constant(shape), arbLayout(shape.length), arbLayout(shape.length), arbLayout(shape.length), fc.constantFrom<DType>('float32', 'float64', 'int32')),
);

function expectSame(got: TypedArray, want: TypedArray, rel = 0): void {
  expect(got.constructor).toBe(want.constructor);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    const g = got[i]!;
    const w = want[i]!;
    if (Object.is(g, w)) continue;
    if (rel > 0 && Math.abs(g - w) <= rel * Math.abs(w)) continue;
    throw new Error(`element ${i}: wasm ${g}, cpu ${w}`);
  }
}

const OPTS = { seed: 42, numRuns: 60 };

describe('wasm elementwise kernels match the TypeScript kernels', () => {
  for (const op of ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'tanhGrad', 'sigmoidGrad', 'reluGrad'] as BinaryOp[]) {
    it(`binary ${op}`, () => {
      fc.assert(
        fc.property(arbCase, ([shape, la, lb, , dtype]) => {
          if (dtype === 'int32' && op.endsWith('Grad')) return; // the fused backward kernels are float-only
          const a = view(shape, dtype, la);
          const b = view(shape, dtype, lb);
          // pow goes through each engine's own libm (musl here, V8's fdlibm port there): agreement to round-off.
          const rel = op !== 'pow' ? 0 : dtype === 'float32' ? 2 ** -23 : 1e-14;
          expectSame(wasmBackend.binary(op, a, b, shape, dtype), cpuBackend.binary(op, a, b, shape, dtype), rel);
        }),
        OPTS,
      );
    });
  }

  for (const op of ['eq', 'ne', 'lt', 'le', 'gt', 'ge'] as CompareOp[]) {
    it(`compare ${op}`, () => {
      fc.assert(
        fc.property(arbCase, ([shape, la, lb, , dtype]) => {
          const a = view(shape, dtype, la);
          const b = la.seed % 3 === 0 ? a : view(shape, dtype, lb); // equal elements too
          expectSame(wasmBackend.compare(op, a, b, shape), cpuBackend.compare(op, a, b, shape));
        }),
        OPTS,
      );
    });
  }

  it('where, with int32 and float conditions', () => {
    fc.assert(
      fc.property(arbCase, fc.constantFrom<DType>('int32', 'float64'), ([shape, la, lb, lc, dtype], cdtype) => {
        const c = view(shape, cdtype, lc);
        const a = view(shape, dtype, la);
        const b = view(shape, dtype, lb);
        expectSame(wasmBackend.where(c, a, b, shape, dtype), cpuBackend.where(c, a, b, shape, dtype));
      }),
      OPTS,
    );
  });

  it('contiguous and cast between every pair of dtypes', () => {
    fc.assert(
      fc.property(arbCase, fc.constantFrom<DType>('float32', 'float64', 'int32'), ([shape, la, , , from], to) => {
        const x = view(shape, from, la);
        expectSame(wasmBackend.contiguous(x, shape, to), cpuBackend.contiguous(x, shape, to));
        const flat = cpuBackend.contiguous(x, shape, from);
        expectSame(wasmBackend.cast(flat, to), cpuBackend.cast(flat, to));
      }),
      OPTS,
    );
  });

  it('casts huge floats to int32 the way an Int32Array store does (wrap modulo 2^32, NaN and Inf to 0)', () => {
    const x = new Float64Array(SMALL).map((_, i) => [3e9, -3e9, NaN, Infinity, -Infinity, 2 ** 31, -(2 ** 31) - 0.5, 1e20, -7.9][i % 9]!);
    expectSame(wasmBackend.cast(x, 'int32'), cpuBackend.cast(x, 'int32'));
  });
});
