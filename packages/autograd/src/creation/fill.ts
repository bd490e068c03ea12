import { ValueError, describe } from '../errors.js';
import { allocate, checkDType, type DType } from '../tensor/dtype.js';
import { allocateFor } from '../tensor/alloc.js';
import { checkInt32Number } from '../tensor/int32.js';
import { checkShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';

/** Options every creation function takes. */
export interface CreationOptions {
  /** Element type: 'float32' (the default), 'float64' or 'int32'. */
  dtype?: DType;
  /** Make the result a leaf that requires grad (float dtypes only; default false). */
  requiresGrad?: boolean;
}

/** Validates options, then applies requiresGrad to a fresh tensor. */
export function finish(op: string, t: Tensor, opts: CreationOptions): Tensor {
  if (opts.requiresGrad) {
    if (t.dtype === 'int32') throw new ValueError(`${op}: int32 tensors cannot require grad; use float32 or float64`);
    t.requiresGrad = true;
  }
  return t;
}

export function optDType(op: string, opts: CreationOptions | undefined, fallback: DType = 'float32'): DType {
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) {
    throw new ValueError(`${op}: options must be an object, got ${describe(opts)}`);
  }
  return opts?.dtype === undefined ? fallback : checkDType(op, opts.dtype);
}

/** @internal A 0-d tensor holding one number (no checks). */
export function scalarTensor(x: number, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = x;
  return Tensor._fromData(data, [], dtype);
}

/**
 * A tensor of `shape` filled with `value`. An int32 fill value must fit int32 (no silent wrap), and a
 * shape beyond the platform's tensor size is a ValueError naming the bytes it would need.
 * @example full([2, 2], 7)
 */
export function full(shape: readonly number[], value: number, opts: CreationOptions = {}): Tensor {
  return fillWith('full', shape, value, opts);
}

/** @internal `full` under another op's name, so its errors name the function the user called. */
export function fillWith(op: string, shape: readonly number[], value: number, opts: CreationOptions): Tensor {
  const s = checkShape(op, shape);
  if (typeof value !== 'number') throw new ValueError(`${op}: value must be a number, got ${describe(value)}`);
  const dtype = optDType(op, opts);
  if (dtype === 'int32') checkInt32Number(op, 'value', value, 'use float64 for values beyond int32');
  const data = allocateFor(op, dtype, s);
  if (value !== 0) data.fill(value);
  return finish(op, Tensor._fromData(data, s, dtype), opts);
}

/** A tensor of zeros. @example zeros([2, 3]) */
export const zeros = (shape: readonly number[], opts: CreationOptions = {}): Tensor => fillWith('zeros', shape, 0, opts);
/** A tensor of ones. @example ones([3]) */
export const ones = (shape: readonly number[], opts: CreationOptions = {}): Tensor => fillWith('ones', shape, 1, opts);

function likeOf(op: string, t: Tensor, value: number, opts: CreationOptions): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: expected a Tensor, got ${describe(t)}`);
  return fillWith(op, t._shape.slice(), value, { dtype: t.dtype, ...opts });
}
/** Zeros with the shape and dtype of `t`. */
export const zerosLike = (t: Tensor, opts: CreationOptions = {}): Tensor => likeOf('zerosLike', t, 0, opts);
/** Ones with the shape and dtype of `t`. */
export const onesLike = (t: Tensor, opts: CreationOptions = {}): Tensor => likeOf('onesLike', t, 1, opts);
