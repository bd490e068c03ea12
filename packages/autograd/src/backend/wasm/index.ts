import type { Backend } from '../backend.js';
import { cpuBackend } from '../cpu/index.js';
import { binary, cast, compare, contiguous, where } from './elementwise.js';
import { argReduce, logsumexp, reduce, softmax } from './reduce.js';
import { concat, embed, gather, scatterAdd } from './shape.js';
import { matmul } from './matmul.js';
import { unary } from './unary.js';
import { fold, maxPoolIndex, unfold } from './conv.js';
import { conv2d, conv2dGradW, conv2dGradX } from './conv-gemm.js';
import { eigh, qr, svd } from './linalg.js';
import { attention } from './attention.js';
import { argsort, searchsorted } from './sort.js';
import { allFinite, axpy } from './update.js';

/**
 * Which kernel runs where, for the record and for the test that lists it: 'wasm' kernels run the
 * AssemblyScript code in wasm/assembly (below `SMALL` elements they take the TypeScript loop, see call.ts);
 * 'typescript' kernels are deliberately left on the TypeScript backend, with the reason.
 */
export const WASM_KERNEL_TABLE: Readonly<Record<keyof Omit<Backend, 'name'>, 'wasm' | { typescript: string }>> = {
  contiguous: 'wasm',
  cast: 'wasm',
  // int32 transcendentals and float64 neg/abs/square/reciprocal/erf run the TypeScript loop inside the driver
  // (bit parity, no gain): see INT32_OPS and FLOAT64_ON_TYPESCRIPT in unary.ts.
  unary: 'wasm',
  binary: 'wasm',
  compare: 'wasm',
  where: 'wasm',
  reduce: 'wasm',
  argReduce: 'wasm',
  logsumexp: 'wasm',
  softmax: 'wasm',
  matmul: 'wasm',
  embed: 'wasm',
  concat: 'wasm',
  gather: 'wasm',
  scatterAdd: 'wasm',
  unfold: 'wasm',
  fold: 'wasm',
  maxPoolIndex: 'wasm',
  conv2d: 'wasm',
  conv2dGradX: 'wasm',
  conv2dGradW: 'wasm',
  attention: 'wasm',
  argsort: 'wasm',
  searchsorted: 'wasm',
  scatterReduce: { typescript: 'one data-dependent write per index entry, nothing for SIMD lanes: the TypeScript loop takes 17 ms for 2^20 entries into [1024, 1024] float32 (sum; amax 16, assign 9), while staging x, src and index and copying out costs ~9 ms before a wasm loop would start (measured, shared machine)' },
  // Linear algebra (cpu/linalg-factor.ts, cpu/linalg-spectral.ts), measured on 8 x [64, 64] float64 (medians,
  // shared machine). svd, eigh and qr run in wasm (below); the others stay in TypeScript.
  cholesky: { typescript: 'not ported: 0.7 ms for 8 x 64x64 float64, comparable to staging (0.4 ms); sequential column dependence' },
  triangularSolve: { typescript: 'not ported: 1.7 ms for 8 x 64x64 by 64 right-hand sides; sequential row dependence' },
  luSolve: { typescript: 'not ported: 12 ms for 8 x 64x64 with 64 right-hand sides (pivot search and row swaps are sequential)' },
  luDet: { typescript: 'not ported: 1.9 ms for 8 x 64x64; one LU, sequential pivoting' },
  // Each matrix factored in wasm (linalg.ts), bit-identical to TypeScript: 8 x 100x40 float64 12.7 ms vs 25 ms,
  // 8 x 64x64 11 vs 14.6 ms, 8 x 30x70 0.5 vs 1.2 ms (complete mode, medians of 7).
  qr: 'wasm',
  // The cyclic Jacobi sweeps only (linalg.ts), bit-identical to TypeScript: 8 x 64x64 float64 22 ms vs 90 ms.
  eigh: 'wasm',
  // The Jacobi sweep loop only (linalg.ts); scalar, so bit-identical to TypeScript: on the sweeps, 16x16 0.15 vs
  // 1.8 ms, 64x64 6.4 vs 15.8 ms, 256x64 16.5 vs 31 ms (f64x2 ran 3.2 ms on 64x64 but differed by 2e-13).
  svd: 'wasm',
  // Measured on 2^20 float64 (medians, shared machine): staging in and copying out alone costs 12.7-14 ms.
  special: { typescript: "per-element Math.* calls are the cost (tan 24 ms, lgamma 138 ms); a wasm port needs its own libm within 1e-14 of V8's, and floor/round (9-22 ms) cost about what staging costs" },
  polygamma: { typescript: 'scalar series per element (0.1 us for n = 1, 0.7 us for n = 2, measured), far above the staging cost; only digamma gradients use it' },
  special2: { typescript: 'atan2/hypot are Math.* calls (63 ms), fmod is one % (28 ms); staging two operands and the result would eat the gain without a wasm libm' },
  cumulative: { typescript: 'a sequential dependency along the axis: cumsum of 2^20 takes 6.6-7.3 ms (either axis), less than the 12.7 ms of staging; logcumsumexp is log1p/exp calls' },
  cumIndex: { typescript: 'one compare per element along the axis: 6-10 ms for 2^20, less than the 12.7 ms of staging' },
  axpy: 'wasm',
  allFinite: 'wasm',
};

/**
 * The WebAssembly SIMD kernels (AssemblyScript compiled to 128-bit SIMD wasm). Tensor bytes stay on the
 * JavaScript heap; each call stages its operands into wasm memory (see workspace.ts). Use it only after the
 * module has loaded (`kernelsSync()` or `loadKernels()`); the registry does that.
 */
export const wasmBackend: Backend = {
  ...cpuBackend,
  name: 'wasm',
  contiguous,
  cast,
  unary,
  binary,
  compare,
  where,
  reduce,
  argReduce,
  logsumexp,
  softmax,
  embed,
  concat,
  gather,
  scatterAdd,
  matmul,
  unfold,
  fold,
  maxPoolIndex,
  conv2d,
  conv2dGradX,
  conv2dGradW,
  svd,
  eigh,
  qr,
  argsort,
  searchsorted,
  attention,
  axpy,
  allFinite,
};
