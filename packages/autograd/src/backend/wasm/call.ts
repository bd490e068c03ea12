import { dtypeOfArray, type DType, type TypedArray } from '../../tensor/dtype.js';
import { kernelsLoaded, type KernelFn } from './instance.js';

/**
 * Below this many elements a kernel runs the TypeScript loop instead: staging, the call into wasm and the copy
 * out cost about as much as the whole loop on a tiny tensor, and graph-heavy workloads (a 100,000-op chain on
 * a [1] tensor) are all tiny tensors. Measured with bench W5/W6: see docs/internals.md.
 */
export const SMALL = 256;

const SUFFIX: Record<DType, string> = { float32: 'f32', float64: 'f64', int32: 'i32' };

/** The export-name suffix of `dtype`: f32, f64 or i32. */
export const suffix = (dtype: DType): string => SUFFIX[dtype];

/** The export `${base}_${f32|f64|i32}` for `dtype`. */
export function fn(base: string, dtype: DType): KernelFn {
  const f = kernelsLoaded().fns[`${base}_${SUFFIX[dtype]}`];
  if (f === undefined) throw new Error(`nabla internal: wasm kernel ${base}_${SUFFIX[dtype]} is missing`);
  return f;
}

/** The dtype of a kernel input array (int32 for anything that is not a float array). */
export const arrayDType = (x: TypedArray): DType => dtypeOfArray(x) ?? 'int32';

/** Product of a shape. */
export function sizeOfShape(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}
