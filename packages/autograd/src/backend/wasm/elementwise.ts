import type { DType, TypedArray } from '../../tensor/dtype.js';
import { contiguousStrides } from '../../tensor/shape.js';
import type { BinaryOp, CompareOp, Strided } from '../backend.js';
import * as cpu from '../cpu/elementwise.js';
import { cast as cpuCast, contiguous as cpuContiguous } from '../cpu/layout.js';
import { SMALL, arrayDType, sizeOfShape, suffix } from './call.js';
import { PARALLEL_MIN, walk } from './parallel.js';
import { BYTES, allocElems, coalesce, output, resetWorkspace, stage, stageArray } from './workspace.js';

const BINARY_CODE: Record<BinaryOp, number> = { add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6, tanhGrad: 7, sigmoidGrad: 8, reluGrad: 9 };
const COMPARE_CODE: Record<CompareOp, number> = { eq: 0, ne: 1, lt: 2, le: 3, gt: 4, ge: 5 };

/** out = op(a, b) over views broadcast to `shape` (f32x4 / f64x2 / i32x4 lanes on unit-stride and splat rows). */
export function binary(op: BinaryOp, a: Strided, b: Strided, shape: readonly number[], dtype: DType): TypedArray {
  const size = sizeOfShape(shape);
  if (size < SMALL) return cpu.binary(op, a, b, shape, dtype);
  resetWorkspace();
  const sa = stage(a, shape, dtype, op);
  const sb = stage(b, shape, dtype, op);
  const out = allocElems(dtype, size, op);
  const w = BYTES[dtype];
  const result = output(dtype, out, size);
  const operands = [{ ptr: sa.ptr, bytes: w }, { ptr: sb.ptr, bytes: w }];
  // pow computes per element (exp and log); every other binary op is a memory pass (walk's default threshold).
  walk(op, `binary_${suffix(dtype)}`, [BINARY_CODE[op]], operands, { ptr: out, bytes: w }, coalesce(shape, [sa.strides, sb.strides]), result, op === 'pow' ? PARALLEL_MIN : undefined);
  return result.data;
}

/** 0/1 mask of op(a, b); both views are read in their common dtype. */
export function compare(op: CompareOp, a: Strided, b: Strided, shape: readonly number[]): Int32Array {
  const size = sizeOfShape(shape);
  if (size < SMALL) return cpu.compare(op, a, b, shape);
  const da = arrayDType(a.data);
  const db = arrayDType(b.data);
  const dtype: DType = da === db ? da : da === 'float64' || db === 'float64' ? 'float64' : 'float32';
  resetWorkspace();
  const sa = stage(a, shape, dtype, op);
  const sb = stage(b, shape, dtype, op);
  const out = allocElems('int32', size, op);
  const w = BYTES[dtype];
  const result = output('int32', out, size);
  walk(op, `compare_${suffix(dtype)}`, [COMPARE_CODE[op]], [{ ptr: sa.ptr, bytes: w }, { ptr: sb.ptr, bytes: w }], { ptr: out, bytes: 4 }, coalesce(shape, [sa.strides, sb.strides]), result);
  return result.data as Int32Array;
}

/** out = cond != 0 ? a : b. A float condition is turned into an int32 mask first (0.5 and NaN are true). */
export function where(cond: Strided, a: Strided, b: Strided, shape: readonly number[], dtype: DType): TypedArray {
  const size = sizeOfShape(shape);
  if (size < SMALL) return cpu.where(cond, a, b, shape, dtype);
  if (!(cond.data instanceof Int32Array)) {
    const mask = cpu.compare('ne', cond, { data: new Float64Array(1), offset: 0, strides: shape.map(() => 0) }, shape);
    cond = { data: mask, offset: 0, strides: contiguousStrides(shape) };
  }
  resetWorkspace();
  const sc = stage(cond, shape, 'int32', 'where');
  const sa = stage(a, shape, dtype, 'where');
  const sb = stage(b, shape, dtype, 'where');
  const out = allocElems(dtype, size, 'where');
  const w = BYTES[dtype];
  const operands = [{ ptr: sc.ptr, bytes: 4 }, { ptr: sa.ptr, bytes: w }, { ptr: sb.ptr, bytes: w }];
  const result = output(dtype, out, size);
  walk('where', `where_${suffix(dtype)}`, [], operands, { ptr: out, bytes: w }, coalesce(shape, [sc.strides, sa.strides, sb.strides]), result);
  return result.data;
}

/** Copies a strided view into a fresh contiguous array of `dtype`. */
export function contiguous(x: Strided, shape: readonly number[], dtype: DType): TypedArray {
  const size = sizeOfShape(shape);
  if (size < SMALL) return cpuContiguous(x, shape, dtype);
  const from = arrayDType(x.data);
  resetWorkspace();
  const sx = stage(x, shape, from, 'contiguous');
  const out = allocElems(dtype, size, 'contiguous');
  const result = output(dtype, out, size);
  walk('contiguous', `copy_${suffix(from)}_${suffix(dtype)}`, [], [{ ptr: sx.ptr, bytes: BYTES[from] }], { ptr: out, bytes: BYTES[dtype] }, coalesce(shape, [sx.strides]), result);
  return result.data;
}

/** Converts element type; float to int32 follows ToInt32 (truncation toward zero), as the TypeScript backend does. */
export function cast(x: TypedArray, dtype: DType): TypedArray {
  const from = arrayDType(x);
  if (x.length < SMALL || from === dtype) return cpuCast(x, dtype);
  resetWorkspace();
  const px = stageArray(x, from, 'cast');
  const out = allocElems(dtype, x.length, 'cast');
  const result = output(dtype, out, x.length);
  walk('cast', `copy_${suffix(from)}_${suffix(dtype)}`, [], [{ ptr: px, bytes: BYTES[from] }], { ptr: out, bytes: BYTES[dtype] }, coalesce([x.length], [[1]]), result);
  return result.data;
}
