import { DTypeError, describe } from '../errors.js';

/** Element types a Tensor can hold; float32 is the default, int32 holds indices, labels and masks. */
export type DType = 'float32' | 'float64' | 'int32';

/** The typed arrays behind each dtype. */
export type TypedArray = Float32Array | Float64Array | Int32Array;

/** Every dtype, for validating a user-supplied name. */
export const DTYPES: readonly DType[] = ['float32', 'float64', 'int32'];

/** Allocates a zero-filled typed array for `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'float64':
      return new Float64Array(size);
    case 'int32':
      return new Int32Array(size);
  }
}

/** The dtype of a typed array, or undefined for other array kinds. */
export function dtypeOfArray(a: unknown): DType | undefined {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Float64Array) return 'float64';
  if (a instanceof Int32Array) return 'int32';
  return undefined;
}

export const isFloat = (dtype: DType): boolean => dtype !== 'int32';

/**
 * The result dtype of a binary op (PyTorch's promotion restricted to our three dtypes): two floats give the
 * wider, float and int32 give the float, int32 with int32 stays int32.
 */
export function promoteTypes(a: DType, b: DType): DType {
  if (a === b) return a;
  if (a === 'float64' || b === 'float64') return 'float64';
  return 'float32';
}

/** Checks a user-supplied dtype name, so a typo fails at the boundary and not deep inside a kernel. */
export function checkDType(op: string, dtype: unknown): DType {
  if (dtype === 'float32' || dtype === 'float64' || dtype === 'int32') return dtype;
  const got = typeof dtype === 'string' ? JSON.stringify(dtype) : describe(dtype);
  throw new DTypeError(`${op}: unknown dtype ${got}; expected one of ${DTYPES.join(', ')}`);
}
