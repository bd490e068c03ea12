import { availableParallelism } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { Backend, ConvGeometry, Strided } from '../backend.js';
import { convSizes, forwardStrides, gradWStrides, gradXStrides } from '../cpu/conv-gemm.js';
import { cpuBackend } from '../cpu/index.js';
import { gemmIsLarge } from './gemm-parallel.js';
import { wasmBackend } from './index.js';
import { setNumThreads } from './threads/pool.js';

// The fused convolution kernels against the composition they replace, made of the same backend's unfold, matmul,
// fold and reduce, bit for bit: on 1, 2 and 3 threads, past the sizes where each step splits, and float64 also
// against the TypeScript backend (float32 products sum in float32 on wasm, so they differ from TypeScript's).

afterAll(() => setNumThreads(availableParallelism()));

function fill(dtype: DType, n: number, seed: number): TypedArray {
  const out = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 4;
  }
  return out;
}

const at = (data: TypedArray, strides: readonly number[]): Strided => ({ data, offset: 0, strides });

/** The three results by the unfold / matmul / fold / reduce calls of `b`, one at a time. */
function composed(b: Backend, x: TypedArray, w: TypedArray, g: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray[] {
  const { n, rows, blocks } = convSizes(geo);
  const o = geo.out;
  const cols = b.unfold(x, geo.shape, geo.win, dtype);
  const [fa, fb] = forwardStrides(rows, blocks);
  const [xa, xb] = gradXStrides(o, rows, blocks);
  const [wa, wb] = gradWStrides(o, rows, blocks);
  return [
    b.matmul(at(w, fa), at(cols, fb), n, o, rows, blocks, dtype),
    b.fold(b.matmul(at(w, xa), at(g, xb), n, rows, o, blocks, dtype), geo.shape, geo.win, dtype),
    b.reduce('sum', b.matmul(at(g, wa), at(cols, wb), n, o, blocks, rows, dtype), [n, o, rows], [0]),
  ];
}

const fused = (b: Backend, x: TypedArray, w: TypedArray, g: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray[] => [
  b.conv2d(x, w, geo, dtype),
  b.conv2dGradX(g, w, geo, dtype),
  b.conv2dGradW(x, g, geo, dtype),
];

const win = (k: number, s: number, p: number, d: number): ConvGeometry['win'] => ({ kernel: [k, k], stride: [s, s], padding: [p, p], dilation: [d, d] });

// [x shape, out channels, window]: W3's two convolutions, a strided and dilated one with 1 window column per
// SIMD tail, one window per image (the products become matrix-vector ones), and one below every wasm threshold.
const cases: [number[], number, ConvGeometry['win']][] = [
  [[32, 1, 28, 28], 8, win(3, 1, 1, 1)],
  [[32, 8, 14, 14], 16, win(3, 1, 1, 1)],
  [[5, 3, 23, 19], 7, win(3, 2, 2, 2)],
  [[9, 6, 4, 4], 12, win(4, 1, 0, 1)],
  [[1, 1, 3, 3], 2, win(2, 1, 0, 1)],
];

describe('wasm conv2d / conv2dGradX / conv2dGradW', () => {
  it('split across threads at W3 sizes (the products count their packing, not only multiply-adds)', () => {
    for (const [shape, o, w] of cases.slice(0, 2)) {
      const { n, rows, blocks } = convSizes({ shape, out: o, win: w });
      expect([gemmIsLarge(n, o, rows, blocks), gemmIsLarge(n, rows, o, blocks), gemmIsLarge(n, o, blocks, rows)]).toEqual([true, true, true]);
    }
    expect(gemmIsLarge(1, 64, 64, 64)).toBe(false); // a 64^3 product is slower on two threads (gemm-parallel.ts)
  });

  for (const dtype of ['float32', 'float64'] as const) {
    it.each(cases)(`equal the composition bit for bit on 1, 2 and 3 threads (${dtype}): x %j`, (shape, o, w) => {
      const geo: ConvGeometry = { shape, out: o, win: w };
      const { n, rows, blocks } = convSizes(geo);
      const x = fill(dtype, shape.reduce((a, b) => a * b, 1), 1);
      const wt = fill(dtype, o * rows, 2);
      const g = fill(dtype, n * o * blocks, 3);
      setNumThreads(1);
      const want = composed(wasmBackend, x, wt, g, geo, dtype);
      for (const t of [1, 2, 3]) {
        setNumThreads(t);
        expect(fused(wasmBackend, x, wt, g, geo, dtype)).toEqual(want);
      }
      const ts = fused(cpuBackend, x, wt, g, geo, dtype);
      expect(ts).toEqual(composed(cpuBackend, x, wt, g, geo, dtype));
      if (dtype === 'float64') expect(ts).toEqual(want);
    });
  }

  it('leave nothing of an earlier call in the workspace (every column and sum is written before it is read)', () => {
    const geo: ConvGeometry = { shape: [4, 3, 9, 9], out: 5, win: win(3, 2, 1, 1) };
    const { n, rows, blocks } = convSizes(geo);
    const [x, w, g] = [fill('float32', 4 * 3 * 81, 4), fill('float32', 5 * rows, 5), fill('float32', n * 5 * blocks, 6)];
    const first = fused(wasmBackend, x, w, g, geo, 'float32');
    wasmBackend.unary('exp', fill('float32', 1 << 16, 7), 'float32'); // fills the workspace with other values
    expect(fused(wasmBackend, x, w, g, geo, 'float32')).toEqual(first);
  });
});
