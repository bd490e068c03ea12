import type { DType, TypedArray } from '@nabla/autograd';

/** @internal A zeroed typed array for a float or int dtype. */
export function allocateLike(dtype: DType, size: number): TypedArray {
  return dtype === 'float64' ? new Float64Array(size) : dtype === 'int32' ? new Int32Array(size) : new Float32Array(size);
}
