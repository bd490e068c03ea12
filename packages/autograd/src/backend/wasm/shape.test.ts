import { availableParallelism } from 'node:os';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { Strided } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { SMALL } from './call.js';
import { wasmBackend } from './index.js';
import { MEMORY_BOUND_MIN, PARALLEL_MIN } from './parallel.js';
import { setNumThreads } from './threads/pool.js';

// Parity of the wasm data-movement kernels (embed, concat, gather, scatterAdd) with the TypeScript reference over
// transposed and broadcast (stride-0) views at nonzero offsets, size-0 and size-1 axes, every dtype, and NaN, +-Inf
// and -0 values. scatterAdd must add repeated indices in the same order, so float sums agree bit for bit.

const DTYPES: DType[] = ['float32', 'float64', 'int32'];
const SPECIAL = [NaN, Infinity, -Infinity, -0, 0, 1e300, -1e-300, 3e38];

function fill(dtype: DType, n: number, seed: number): TypedArray {
  const out = dtype === 'float32' ? new Float32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s / 2 ** 32;
    if (dtype === 'int32') out[i] = Math.floor((r - 0.5) * 2 ** 32);
    else out[i] = (s & 63) === 5 ? SPECIAL[(s >>> 6) % SPECIAL.length]! : (r - 0.5) * 8;
  }
  return out;
}

interface Layout {
  offset: number;
  perm: number[];
  broadcast: boolean[];
  seed: number;
}

const arbLayout = (rank: number): fc.Arbitrary<Layout> =>
  fc.record({
    offset: fc.integer({ min: 0, max: 5 }),
    perm: fc.shuffledSubarray([...Array(rank).keys()], { minLength: rank, maxLength: rank }),
    broadcast: fc.array(fc.boolean(), { minLength: rank, maxLength: rank }),
    seed: fc.integer({ min: 0, max: 1e6 }),
  });

/** A view of `shape` over its own array: axes laid out in `perm` order, broadcast axes with stride 0. */
function view(shape: readonly number[], dtype: DType, l: Layout): Strided {
  const strides = new Array<number>(shape.length).fill(0);
  let acc = 1;
  for (let i = l.perm.length - 1; i >= 0; i--) {
    const a = l.perm[i]!;
    strides[a] = l.broadcast[a] ? 0 : acc;
    if (!l.broadcast[a]) acc *= shape[a]!;
  }
  return { data: fill(dtype, l.offset + acc, l.seed), offset: l.offset, strides };
}

/** An int32 view of `shape` holding indices in [0, n), with the layout's strides (broadcast axes repeat). */
function indexView(shape: readonly number[], n: number, l: Layout): Strided {
  const v = view(shape, 'int32', l);
  const data = v.data as Int32Array;
  // Half the cases use at most 3 distinct values, so scatterAdd adds many terms into each slot.
  const distinct = l.seed % 2 === 0 ? Math.min(n, 3) : n;
  for (let i = 0; i < data.length; i++) data[i] = (data[i]! >>> 0) % distinct;
  return v;
}

const size = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);

const arbShape: fc.Arbitrary<number[]> = fc.oneof(
  fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 2, maxLength: 4 }).filter((s) => size(s) >= SMALL),
  fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 257, max: 301 })).map(([a, b]) => [a, b]),
  fc.constantFrom<number[]>([SMALL + 1], [1, 1, 300], [3, 0, 300], [2, 1, 1, 200]),
);

/** got equals want element for element (Object.is: NaN equals NaN, -0 differs from 0). */
function expectSame(got: TypedArray, want: TypedArray): void {
  expect(got.constructor).toBe(want.constructor);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) if (!Object.is(got[i], want[i])) throw new Error(`element ${i}: wasm ${got[i]}, cpu ${want[i]}`);
}

const OPTS = { seed: 42, numRuns: 100 };

afterAll(() => setNumThreads(availableParallelism()));

describe('wasm data-movement kernels match the TypeScript kernels', () => {
  it('embed: padding and strided-slice adjoints with any fill', () => {
    const arb = arbShape.chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        layout: arbLayout(shape.length),
        starts: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: shape.length, maxLength: shape.length }),
        steps: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: shape.length, maxLength: shape.length }),
        extra: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: shape.length, maxLength: shape.length }),
        fill: fc.constantFrom(0, -0, 1.5, NaN, -Infinity, 7, 3e9),
        dtype: fc.constantFrom(...DTYPES),
      }),
    );
    fc.assert(
      fc.property(arb, ({ shape, layout, starts, steps, extra, fill: value, dtype }) => {
        const outShape = shape.map((d, i) => starts[i]! + Math.max(d - 1, 0) * steps[i]! + 1 + extra[i]!);
        const x = view(shape, dtype, layout);
        expectSame(
          wasmBackend.embed(x, shape, outShape, starts, steps, value, dtype),
          cpuBackend.embed(x, shape, outShape, starts, steps, value, dtype),
        );
      }),
      OPTS,
    );
  });

  it('concat: one to three views along every axis, each with its own layout', () => {
    const arb = arbShape.chain((shape) =>
      fc.record({
        shape: fc.constant(shape),
        axis: fc.integer({ min: 0, max: shape.length - 1 }),
        sizes: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 3 }),
        layouts: fc.array(arbLayout(shape.length), { minLength: 3, maxLength: 3 }),
        dtype: fc.constantFrom(...DTYPES),
      }),
    );
    fc.assert(
      fc.property(arb, ({ shape, axis, sizes, layouts, dtype }) => {
        const shapes = sizes.map((n, k) => shape.map((d, i) => (i === axis ? (k === 0 ? d : n) : d)));
        const xs = shapes.map((s, k) => view(s, dtype, layouts[k]!));
        expectSame(wasmBackend.concat(xs, shapes, axis, dtype), cpuBackend.concat(xs, shapes, axis, dtype));
      }),
      OPTS,
    );
  });

  it('embed and concat of row-major views with long rows (copied row by row with TypedArray.set)', () => {
    const arbRows = fc.record({
      shape: fc.oneof(
        fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 64, max: 130 })).map(([a, b]) => [a, b]),
        fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 64, max: 90 })).map(([a, b, c]) => [a, b, c]),
      ),
      offset: fc.integer({ min: 0, max: 5 }),
      seed: fc.integer({ min: 0, max: 1e6 }),
      lead: fc.array(fc.record({ start: fc.integer({ min: 0, max: 2 }), step: fc.integer({ min: 1, max: 3 }) }), { minLength: 2, maxLength: 2 }),
      lastStart: fc.integer({ min: 0, max: 5 }),
      fill: fc.constantFrom(0, -0, NaN, 7.5, -3e9),
      sizes: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
      dtype: fc.constantFrom(...DTYPES),
    });
    fc.assert(
      fc.property(arbRows, ({ shape, offset, seed, lead, lastStart, fill: value, sizes, dtype }) => {
        const nd = shape.length;
        const rowMajor = (s: number[], off: number, sd: number): Strided =>
          ({ data: fill(dtype, off + size(s), sd), offset: off, strides: s.map((_, i) => size(s.slice(i + 1))) });
        const x = rowMajor(shape, offset, seed);
        const starts = shape.map((_, i) => (i === nd - 1 ? lastStart : lead[i]!.start));
        const steps = shape.map((_, i) => (i === nd - 1 ? 1 : lead[i]!.step));
        const outShape = shape.map((d, i) => starts[i]! + Math.max(d - 1, 0) * steps[i]! + 1 + (i === nd - 1 ? 2 : 0));
        expectSame(
          wasmBackend.embed(x, shape, outShape, starts, steps, value, dtype),
          cpuBackend.embed(x, shape, outShape, starts, steps, value, dtype),
        );
        for (let axis = 0; axis < nd; axis++) {
          const shapes = sizes.map((n, k) => shape.map((d, i) => (i === axis && k > 0 ? n * (i === nd - 1 ? 40 : 1) : d)));
          const xs = shapes.map((s, k) => rowMajor(s, (offset + k) % 4, seed + k));
          expectSame(wasmBackend.concat(xs, shapes, axis, dtype), cpuBackend.concat(xs, shapes, axis, dtype));
        }
      }),
      OPTS,
    );
  });

  /** x of xShape, an index of `shape` (no larger than xShape off `axis`), as a full or an index-select view. */
  const arbGather = arbShape.chain((shape) =>
    fc.record({
      shape: fc.constant(shape),
      axis: fc.integer({ min: 0, max: shape.length - 1 }),
      grow: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: shape.length, maxLength: shape.length }),
      xLayout: arbLayout(shape.length),
      iLayout: arbLayout(shape.length),
      line: fc.boolean(),
      dtype: fc.constantFrom(...DTYPES),
    }),
  );

  function gatherCase(c: { shape: number[]; axis: number; grow: number[]; xLayout: Layout; iLayout: Layout; line: boolean }) {
    const bigShape = c.shape.map((d, i) => d + c.grow[i]! + (i === c.axis ? 1 : 0));
    let index = indexView(c.shape, bigShape[c.axis]!, c.iLayout);
    if (c.line) {
      // An index-select: one index per position along the axis, stride 0 everywhere else.
      const n = c.shape[c.axis]!;
      const data = new Int32Array(c.iLayout.offset + n).map((_, i) => (i * 7 + c.iLayout.seed) % bigShape[c.axis]!);
      index = { data, offset: c.iLayout.offset, strides: c.shape.map((_, i) => (i === c.axis ? 1 : 0)) };
    }
    return { bigShape, index };
  }

  it('gather: torch.gather and index-select over strided, broadcast and offset views', () => {
    fc.assert(
      fc.property(arbGather, (c) => {
        const { bigShape, index } = gatherCase(c);
        const x = view(bigShape, c.dtype, c.xLayout);
        expectSame(
          wasmBackend.gather(x, index, c.shape, c.axis, c.dtype),
          cpuBackend.gather(x, index, c.shape, c.axis, c.dtype),
        );
      }),
      OPTS,
    );
  });

  it('scatterAdd: repeated indices sum in the same order, bit for bit', () => {
    fc.assert(
      fc.property(arbGather, (c) => {
        const { bigShape, index } = gatherCase(c);
        const src = view(c.shape, c.dtype, c.xLayout);
        expectSame(
          wasmBackend.scatterAdd(src, index, c.shape, c.axis, bigShape, c.dtype),
          cpuBackend.scatterAdd(src, index, c.shape, c.axis, bigShape, c.dtype),
        );
      }),
      OPTS,
    );
  });

  it('gather as an embedding lookup: rows copied from a large table, narrow or wide, at an offset', () => {
    for (const [vocab, width] of [[5000, 8], [300, 70], [2000, 64]] as const) {
      for (const dtype of DTYPES) {
        const table: Strided = { data: fill(dtype, 3 + vocab * width, vocab), offset: 3, strides: [width, 1] };
        const ids = new Int32Array(41).map((_, i) => (i * 977 + 13) % vocab);
        const index: Strided = { data: ids, offset: 1, strides: [1, 0] };
        const shape = [40, width];
        expectSame(wasmBackend.gather(table, index, shape, 0, dtype), cpuBackend.gather(table, index, shape, 0, dtype));
      }
    }
  });

  it('gather splits large calls over rows across 1, 2 and 3 threads with identical results', () => {
    const shape = [MEMORY_BOUND_MIN / 32 + 5, 40];
    for (const dtype of DTYPES) {
      const x: Strided = { data: fill(dtype, 2 + size(shape) + 7 * shape[0]!, 9), offset: 2, strides: [47, 1] };
      const ids = new Int32Array(size(shape)).map((_, i) => (i * 7919) % 47);
      for (const [axis, index] of [[1, { data: ids, offset: 0, strides: [40, 1] }], [0, { data: ids.map((v) => v % shape[0]!), offset: 0, strides: [40, 1] }]] as const) {
        const want = cpuBackend.gather(x, index, shape, axis, dtype);
        for (const n of [1, 2, 3]) {
          setNumThreads(n);
          expectSame(wasmBackend.gather(x, index, shape, axis, dtype), want);
        }
      }
    }
  });

  it('scatterAdd splits large calls by outer blocks across 1, 2 and 3 threads with identical results', () => {
    // [planes, 2, 49] scattered along axis 2 into [planes, 2, 196] (a max-pool's gradient), indices repeating, so
    // every output sums several terms in order; and along axis 0, which stays on one thread.
    const planes = Math.ceil(PARALLEL_MIN / 98) + 3;
    const shape = [planes, 2, 49];
    for (const dtype of DTYPES) {
      const src: Strided = { data: fill(dtype, size(shape), 5), offset: 0, strides: [98, 49, 1] };
      for (const [axis, outShape, mod] of [[2, [planes, 2, 196], 196], [0, [7, 2, 49], 7]] as const) {
        const ids = new Int32Array(size(shape)).map((_, i) => (i * 7919 + (i >> 3)) % mod);
        const index: Strided = { data: ids, offset: 0, strides: [98, 49, 1] };
        const want = cpuBackend.scatterAdd(src, index, shape, axis, [...outShape], dtype);
        for (const n of [1, 2, 3]) {
          setNumThreads(n);
          expectSame(wasmBackend.scatterAdd(src, index, shape, axis, [...outShape], dtype), want);
        }
      }
    }
  });

  it('scatterAdd of float32 rounds the float64 sums once, and int32 sums wrap', () => {
    const n = 4 * SMALL;
    // 1 + 2^-30 is 1 in float32: only a float64 accumulator keeps the tail.
    const src32 = new Float32Array(n).fill(2 ** -30);
    src32[0] = 1;
    const i0 = { data: new Int32Array(n), offset: 0, strides: [1] };
    const out = wasmBackend.scatterAdd({ data: src32, offset: 0, strides: [1] }, i0, [n], 0, [1], 'float32');
    expect(out[0]).toBe(Math.fround(1 + (n - 1) * 2 ** -30));
    expect(out[0]).not.toBe(1);
    const big = new Int32Array(n).fill(2 ** 30 + 1);
    expect(wasmBackend.scatterAdd({ data: big, offset: 0, strides: [1] }, i0, [n], 0, [1], 'int32')[0]).toBe(n);
  });
});
