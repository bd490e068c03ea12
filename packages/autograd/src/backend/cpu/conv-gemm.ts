import type { DType, TypedArray } from '../../tensor/dtype.js';
import type { ConvGeometry, Strided } from '../backend.js';
import { fold, unfold, windowCount } from './conv.js';
import { matmul } from './matmul.js';
import { reduce } from './reduce.js';

/** A convolution's sizes: images n, rows c kh kw of its unfolded columns, and blocks oh ow (windows per image). */
export function convSizes({ shape, win }: ConvGeometry): { n: number; rows: number; blocks: number } {
  const [n, c, h, w] = shape as [number, number, number, number];
  const oh = windowCount(h, win.kernel[0], win.stride[0], win.padding[0], win.dilation[0]);
  const ow = windowCount(w, win.kernel[1], win.stride[1], win.padding[1], win.dilation[1]);
  return { n, rows: c * win.kernel[0] * win.kernel[1], blocks: oh * ow };
}

/** Strides of a matmul's two operands, [batch, rows, columns] each. */
export type OperandStrides = [readonly number[], readonly number[]];

/*
 * The three products below are, stride for stride, the ones `weight.matmul(unfold(x))` and its gradients pass to
 * the matmul kernel (weight broadcast over the images with batch stride 0), so the fused primitives agree bit for
 * bit with that composition on every backend. The wasm backend (wasm/conv-gemm.ts) makes the same calls without
 * copying the columns out to the JavaScript heap in between.
 */

/** weight [o, rows] @ cols [rows, blocks], per image. */
export const forwardStrides = (rows: number, blocks: number): OperandStrides => [[0, rows, 1], [rows * blocks, blocks, 1]];

/** weight^T [rows, o] @ g [o, blocks], per image: the columns' gradient. */
export const gradXStrides = (o: number, rows: number, blocks: number): OperandStrides => [[0, 1, rows], [o * blocks, blocks, 1]];

/** g [o, blocks] @ cols^T [blocks, rows], per image: that image's term of the weight's gradient. */
export const gradWStrides = (o: number, rows: number, blocks: number): OperandStrides => [[o * blocks, blocks, 1], [rows * blocks, 1, blocks]];

/** A contiguous array read through `strides` (its element 0 first). */
const at = (data: TypedArray, strides: readonly number[]): Strided => ({ data, offset: 0, strides });

export function conv2d(x: TypedArray, weight: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray {
  const { n, rows, blocks } = convSizes(geo);
  const [sa, sb] = forwardStrides(rows, blocks);
  return matmul(at(weight, sa), at(unfold(x, geo.shape, geo.win, dtype), sb), n, geo.out, rows, blocks, dtype);
}

export function conv2dGradX(g: TypedArray, weight: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray {
  const { n, rows, blocks } = convSizes(geo);
  const [sa, sb] = gradXStrides(geo.out, rows, blocks);
  return fold(matmul(at(weight, sa), at(g, sb), n, rows, geo.out, blocks, dtype), geo.shape, geo.win, dtype);
}

export function conv2dGradW(x: TypedArray, g: TypedArray, geo: ConvGeometry, dtype: DType): TypedArray {
  const { n, rows, blocks } = convSizes(geo);
  const [sa, sb] = gradWStrides(geo.out, rows, blocks);
  return reduce('sum', matmul(at(g, sa), at(unfold(x, geo.shape, geo.win, dtype), sb), n, geo.out, blocks, rows, dtype), [n, geo.out, rows], [0]);
}
