import fc from 'fast-check';
import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { Strided } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { wasmBackend } from './index.js';
import { kernelsLoaded } from './instance.js';
import { MATMUL_SMALL } from './matmul.js';
import { setNumThreads } from './threads/pool.js';
import { alloc, allocElems, resetWorkspace, stage, view as wasmView } from './workspace.js';

// Parity of the wasm GEMM with the TypeScript kernel. Sizes straddle the register tile (4 x 8 / 4 x 4), the
// K-block (256), the M-block (16) and the N-block (512); operands are permuted (transposed) views, batch
// broadcasts (stride 0), offsets and padded rows, with NaN and +-Inf mixed in.
//
// float64 and int32: the wasm kernel sums in the TypeScript kernel's order (K-blocks of 256, left to right,
// each block's sum added to C), so results must be identical, bit for bit. float32: the wasm kernel sums in
// float32 where the TypeScript one sums in float64, so it is checked against a float64 reference with the
// recursive-summation bound |c - ref| <= (k + 2) 2^-24 sum_p |a_ip| |b_pj| (k roundings of the running sum,
// one of the product, one of the output).

const SPECIAL = [NaN, Infinity, -Infinity];

function fill(dtype: DType, n: number, seed: number, special: boolean): TypedArray {
  const out = dtype === 'float32' ? new Float32Array(n) : dtype === 'float64' ? new Float64Array(n) : new Int32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const r = s / 2 ** 32;
    // int32: mostly small, some near 2^31 so that products pass 2^53 and the float64 sums round.
    if (dtype === 'int32') out[i] = Math.floor((r - 0.5) * 2 ** 31 * (i % 11 === 0 ? 1 : 2 ** -16));
    else out[i] = special && i % 97 === 13 ? SPECIAL[i % 3]! : (r - 0.5) * 8;
  }
  return out;
}

interface Layout {
  /** Storage order of the 3 axes, outermost first (a transposed matrix is [0, 2, 1]). */
  perm: readonly number[];
  /** Batch axis broadcast (stride 0). */
  bcast: boolean;
  offset: number;
  /** Extra elements after each innermost run (a view into a wider array). */
  pad: number;
  seed: number;
}

const arbLayout = fc.record({
  perm: fc.constantFrom([0, 1, 2], [0, 2, 1], [1, 2, 0], [2, 1, 0]),
  bcast: fc.boolean(),
  offset: fc.integer({ min: 0, max: 3 }),
  pad: fc.constantFrom(0, 0, 1, 5),
  seed: fc.integer({ min: 0, max: 1e6 }),
});

function view(shape: readonly number[], dtype: DType, l: Layout, special: boolean): Strided {
  const strides = [0, 0, 0];
  let acc = 1;
  for (let i = 2; i >= 0; i--) {
    const a = l.perm[i]!;
    if (a === 0 && l.bcast) continue;
    strides[a] = acc;
    acc *= shape[a]! + (i === 2 ? l.pad : 0);
  }
  return { data: fill(dtype, l.offset + acc, l.seed, special), offset: l.offset, strides };
}

const DIMS = [0, 1, 2, 3, 4, 5, 7, 8, 9, 13, 16, 17, 31, 33, 64, 67, 131, 257, 300];

const arbDims = fc
  .tuple(fc.constantFrom(1, 1, 2, 3), fc.constantFrom(...DIMS), fc.constantFrom(...DIMS), fc.constantFrom(...DIMS))
  .filter(([batch, m, k, n]) => batch * m * k * n <= 4e6 && (m * k * n === 0 || batch * m * k * n >= MATMUL_SMALL));

const arbCase = fc.tuple(arbDims, arbLayout, arbLayout, fc.boolean());

function operands([batch, m, k, n]: number[], la: Layout, lb: Layout, dtype: DType, special: boolean): [Strided, Strided] {
  return [view([batch!, m!, k!], dtype, la, special), view([batch!, k!, n!], dtype, lb, special)];
}

function expectIdentical(got: TypedArray, want: TypedArray): void {
  expect(got.constructor).toBe(want.constructor);
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (!Object.is(got[i], want[i])) throw new Error(`element ${i}: wasm ${got[i]}, cpu ${want[i]}`);
  }
}

const toF64 = (x: Strided): Strided => ({ ...x, data: Float64Array.from(x.data) });
const absF64 = (x: Strided): Strided => ({ ...x, data: Float64Array.from(x.data, Math.abs) });

function expectCloseF32(a: Strided, b: Strided, [batch, m, k, n]: number[]): void {
  const got = wasmBackend.matmul(a, b, batch!, m!, k!, n!, 'float32');
  expect(got).toBeInstanceOf(Float32Array);
  const cpu = cpuBackend.matmul(a, b, batch!, m!, k!, n!, 'float32');
  const ref = cpuBackend.matmul(toF64(a), toF64(b), batch!, m!, k!, n!, 'float64');
  const mag = cpuBackend.matmul(absF64(a), absF64(b), batch!, m!, k!, n!, 'float64');
  expect(got.length).toBe(ref.length);
  for (let i = 0; i < ref.length; i++) {
    const g = got[i]!;
    const r = ref[i]!;
    if (!Number.isFinite(r) || !Number.isFinite(mag[i]!)) {
      if (!Object.is(g, cpu[i])) throw new Error(`element ${i}: wasm ${g}, cpu ${cpu[i]}`);
    } else if (!(Math.abs(g - r) <= (k! + 2) * 2 ** -24 * mag[i]!)) {
      throw new Error(`element ${i}: wasm ${g}, float64 reference ${r}, k ${k}, sum|a||b| ${mag[i]}`);
    }
  }
}

const OPTS = { seed: 42, numRuns: 70 };

afterAll(() => setNumThreads(availableParallelism()));

describe('wasm matmul matches the TypeScript kernel', () => {
  it('float64: bit for bit (same summation order)', () => {
    fc.assert(
      fc.property(arbCase, ([[batch, m, k, n], la, lb, special]) => {
        const [a, b] = operands([batch, m, k, n], la, lb, 'float64', special);
        expectIdentical(wasmBackend.matmul(a, b, batch, m, k, n, 'float64'), cpuBackend.matmul(a, b, batch, m, k, n, 'float64'));
      }),
      OPTS,
    );
  });

  it('int32: bit for bit, including float64 sums past 2^53 and ToInt32 wrapping', () => {
    fc.assert(
      fc.property(arbCase, ([[batch, m, k, n], la, lb]) => {
        const [a, b] = operands([batch, m, k, n], la, lb, 'int32', false);
        expectIdentical(wasmBackend.matmul(a, b, batch, m, k, n, 'int32'), cpuBackend.matmul(a, b, batch, m, k, n, 'int32'));
      }),
      OPTS,
    );
  });

  it('float32: within (k + 2) 2^-24 sum|a||b| of a float64 reference; NaN and Inf exactly as the cpu kernel', () => {
    fc.assert(
      fc.property(arbCase, ([dims, la, lb, special]) => {
        const [a, b] = operands(dims, la, lb, 'float32', special);
        expectCloseF32(a, b, dims);
      }),
      OPTS,
    );
  });

  it('large blocks: k past two K-blocks, m past the M-block, n past the N-block, all dtypes', () => {
    const cases: [number, number, number, number][] = [[1, 3, 600, 9], [1, 133, 5, 17], [2, 5, 3, 1030], [1, 300, 300, 300]];
    for (const [batch, m, k, n] of cases) {
      for (const dtype of ['float32', 'float64', 'int32'] as DType[]) {
        const l: Layout = { perm: [0, 1, 2], bcast: false, offset: 1, pad: 0, seed: m * n };
        const [a, b] = operands([batch, m, k, n], l, { ...l, perm: [0, 2, 1], seed: k }, dtype, dtype !== 'int32');
        if (dtype === 'float32') expectCloseF32(a, b, [batch, m, k, n]);
        else expectIdentical(wasmBackend.matmul(a, b, batch, m, k, n, dtype), cpuBackend.matmul(a, b, batch, m, k, n, dtype));
      }
    }
  });

  it('sums of -0 products are +0, as in the TypeScript kernel (its sums start at +0), on full and edge tiles', () => {
    for (const dtype of ['float32', 'float64'] as DType[]) {
      for (const [m, k, n] of [[8, 300, 16], [5, 3, 9], [1, 1, 1]] as const) {
        const neg = (len: number): TypedArray => (dtype === 'float32' ? new Float32Array(len) : new Float64Array(len)).fill(-1);
        const zeros = (len: number): TypedArray => (dtype === 'float32' ? new Float32Array(len) : new Float64Array(len)); // -1 x +0 = -0
        const a: Strided = { data: neg(m * k), offset: 0, strides: [0, k, 1] };
        const b: Strided = { data: zeros(k * n), offset: 0, strides: [0, n, 1] };
        const got = wasmBackend.matmul(a, b, 1, m, k, n, dtype);
        expectIdentical(got, cpuBackend.matmul(a, b, 1, m, k, n, dtype));
        expect(Object.is(got[0], 0)).toBe(true);
      }
    }
  });

  it('the gemm kernel computes any block of C on its own (row stride ldc, batch stride scb), as threads would', () => {
    const [batch, m, k, n, ldc, scb] = [2, 13, 300, 37, 41, 13 * 41 + 5];
    const l: Layout = { perm: [0, 1, 2], bcast: false, offset: 2, pad: 1, seed: 5 };
    const [a, b] = operands([batch, m, k, n], l, { ...l, perm: [0, 2, 1], seed: 6 }, 'float64', true);
    const want = cpuBackend.matmul(a, b, batch, m, k, n, 'float64');
    const { fns } = kernelsLoaded();
    resetWorkspace();
    const sa = stage(a, [batch, m, k], 'float64', 'test');
    const sb = stage(b, [batch, k, n], 'float64', 'test');
    const c = allocElems('float64', batch * scb, 'test');
    const apack = alloc(fns['gemmPackABytes']!(m, k), 'test');
    const bpack = alloc(fns['gemmPackBBytes']!(k, n, 8), 'test');
    wasmView('float64', c, batch * scb).fill(0.5); // every element outside C must keep it
    const [tab, tam, tak] = sa.strides as [number, number, number];
    const [tbb, tbk, tbn] = sb.strides as [number, number, number];
    // Rows [0, 6) x columns [0, 20), rows [0, 6) x columns [20, n), then rows [6, m) whole.
    for (const [i0, i1, j0, j1] of [[0, 6, 0, 20], [0, 6, 20, n], [6, m, 0, n]] as const) {
      fns['gemm_f64']!(sa.ptr + i0 * tam * 8, tab, tam, tak, sb.ptr + j0 * tbn * 8, tbb, tbk, tbn,
        c + (i0 * ldc + j0) * 8, scb, ldc, batch, i1 - i0, k, j1 - j0, apack, bpack);
    }
    const got = wasmView('float64', c, batch * scb);
    for (let bi = 0; bi < batch; bi++) {
      for (let x = 0; x < scb; x++) {
        const [i, j] = [Math.floor(x / ldc), x % ldc];
        const g = got[bi * scb + x]!;
        if (i < m && j < n) expect([bi, i, j, g]).toEqual([bi, i, j, want[(bi * m + i) * n + j]]);
        else expect([bi, x, g]).toEqual([bi, x, 0.5]);
      }
    }
  });

  it('splits large products by batch, row blocks or column blocks across 1, 2 and 3 threads with identical results', () => {
    // [batch, m, k, n]: batches; rows (tall, not a multiple of the tile: row blocks against one shared packed B);
    // rows again with B wider than one N-block (the shared B's second column block); a matrix-vector product
    // (column blocks of the transposed 1-row product); a short wide product (column blocks); k past one K-block
    // throughout.
    const cases: [number, number, number, number][] = [[3, 37, 300, 29], [1, 203, 290, 61], [1, 41, 270, 530], [1, 1031, 600, 1], [1, 3, 260, 999]];
    for (const [batch, m, k, n] of cases) {
      for (const dtype of ['float32', 'float64', 'int32'] as DType[]) {
        const l: Layout = { perm: [0, 1, 2], bcast: false, offset: 1, pad: 0, seed: m + n };
        const [a, b] = operands([batch, m, k, n], l, { ...l, perm: [0, 2, 1], bcast: batch > 1, seed: k }, dtype, dtype !== 'int32');
        const runs = [1, 2, 3].map((t) => {
          setNumThreads(t);
          return wasmBackend.matmul(a, b, batch, m, k, n, dtype);
        });
        expectIdentical(runs[1]!, runs[0]!);
        expectIdentical(runs[2]!, runs[0]!);
        if (dtype !== 'float32') expectIdentical(runs[2]!, cpuBackend.matmul(a, b, batch, m, k, n, dtype));
      }
    }
  });

  it('zero-size products and k = 0 give zeros of the right dtype and length', () => {
    for (const dtype of ['float32', 'float64', 'int32'] as DType[]) {
      const a: Strided = { data: fill(dtype, 600, 1, false), offset: 0, strides: [0, 0, 1] };
      const b: Strided = { data: fill(dtype, 600, 2, false), offset: 0, strides: [0, 1, 0] };
      expectIdentical(wasmBackend.matmul(a, b, 2, 100, 0, 70, dtype), cpuBackend.matmul(a, b, 2, 100, 0, 70, dtype));
      expect(wasmBackend.matmul(a, b, 2, 0, 5, 70, dtype).length).toBe(0);
    }
  });
});
