import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { ConvGeometry } from '../backend.js';
import * as cpu from '../cpu/conv-gemm.js';
import { foldStaged, unfoldStaged } from './conv.js';
import { gemmIsLarge } from './gemm-parallel.js';
import { MATMUL_SMALL, gemm } from './matmul.js';
import { reduceBlocks } from './reduce.js';
import { prewake } from './threads/pool.js';
import { allocElems, copyOut, output, resetWorkspace, stageArray } from './workspace.js';

/*
 * The fused convolution: cpu/conv-gemm.ts's unfold, matmul and fold/reduce calls, the same kernels with the same
 * arguments, run one after another inside the workspace. The unfolded columns (c kh kw times larger than the
 * image for a stride-1 conv) are never allocated on the JavaScript heap, copied out and staged back in; each
 * step splits across threads as on its own.
 */

/**
 * The sizes, or null when the composition would not reach the wasm GEMM (matmul.ts's size rule; int32 products
 * run in float64 there): then the TypeScript composition runs, as matmul itself would. When the products will
 * split across threads it wakes the workers, as matmul does, so they wake while the operands are staged.
 */
function wasmSizes(geo: ConvGeometry, dtype: DType): { n: number; rows: number; blocks: number } | null {
  const s = cpu.convSizes(geo);
  if (s.n * geo.out * s.rows * s.blocks < MATMUL_SMALL || dtype === 'int32') return null;
  if (gemmIsLarge(s.n, geo.out, s.rows, s.blocks)) prewake();
  return s;
}

/** The GEMM's working dtype: int32 never gets here (wasmSizes). */
const work = (dtype: DType): 'float32' | 'float64' => (dtype === 'float64' ? 'float64' : 'float32');

export function conv2d(x: TypedArray, weight: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray {
  const s = wasmSizes(geo, dtype);
  if (s === null) return cpu.conv2d(x, weight, geo, dtype);
  const { n, rows, blocks } = s;
  resetWorkspace();
  const px = stageArray(x, dtype, 'conv2d');
  const pw = stageArray(weight, dtype, 'conv2d');
  const cols = unfoldStaged('conv2d', px, geo.shape, geo.win, dtype, false).ptr;
  const size = n * geo.out * blocks;
  const out = allocElems(dtype, size, 'conv2d');
  const result = output(dtype, out, size);
  const [sa, sb] = cpu.forwardStrides(rows, blocks);
  gemm(work(dtype), { ptr: pw, strides: sa }, { ptr: cols, strides: sb }, out, n, geo.out, rows, blocks, result);
  return result.data;
}

export function conv2dGradX(g: TypedArray, weight: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray {
  const s = wasmSizes(geo, dtype);
  if (s === null) return cpu.conv2dGradX(g, weight, geo, dtype);
  const { n, rows, blocks } = s;
  resetWorkspace();
  const pg = stageArray(g, dtype, 'conv2dGradX');
  const pw = stageArray(weight, dtype, 'conv2dGradX');
  const dcols = allocElems(dtype, n * rows * blocks, 'conv2dGradX');
  const [sa, sb] = cpu.gradXStrides(geo.out, rows, blocks);
  gemm(work(dtype), { ptr: pw, strides: sa }, { ptr: pg, strides: sb }, dcols, n, rows, geo.out, blocks, null);
  return foldStaged('conv2dGradX', dcols, geo.shape, geo.win, dtype, true).data!;
}

export function conv2dGradW(x: TypedArray, g: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray {
  const s = wasmSizes(geo, dtype);
  if (s === null) return cpu.conv2dGradW(x, g, geo, dtype);
  const { n, rows, blocks } = s;
  resetWorkspace();
  const px = stageArray(x, dtype, 'conv2dGradW');
  const pg = stageArray(g, dtype, 'conv2dGradW');
  const cols = unfoldStaged('conv2dGradW', px, geo.shape, geo.win, dtype, false).ptr;
  const terms = allocElems(dtype, n * geo.out * rows, 'conv2dGradW');
  const [sa, sb] = cpu.gradWStrides(geo.out, rows, blocks);
  gemm(work(dtype), { ptr: pg, strides: sa }, { ptr: cols, strides: sb }, terms, n, geo.out, blocks, rows, null);
  const out = allocElems(dtype, geo.out * rows, 'conv2dGradW');
  reduceBlocks('sum', dtype, { ptr: terms, outer: 1, r: n, inner: geo.out * rows }, out);
  return copyOut(dtype, out, geo.out * rows);
}
