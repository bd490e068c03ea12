import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { allocate, dtypeOfArray, type DType, type TypedArray } from '../tensor/dtype.js';
import { allocateFor } from '../tensor/alloc.js';
import { toInt32Array } from '../tensor/int32.js';
import { checkShape, sizeOf } from '../tensor/shape.js';
import { Tensor, type NestedArray } from '../tensor/tensor.js';
import { finish, optDType, type CreationOptions } from './fill.js';

export interface TensorOptions extends CreationOptions {
  /** Shape for flat data (a typed array or a flat list); defaults to the nesting of the data. */
  shape?: readonly number[];
}

/** Walks nested arrays level by level, checking that each level is rectangular and holds numbers. */
function inferShape(data: NestedArray): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  return shape;
}

function flatten(data: NestedArray, shape: number[], out: TypedArray): void {
  // Breadth-first over levels with explicit paths, so a ragged or non-numeric element is named exactly.
  let level: { v: unknown; path: number[] }[] = [{ v: data, path: [] }];
  for (let depth = 0; depth < shape.length; depth++) {
    const next: { v: unknown; path: number[] }[] = [];
    for (const { v, path } of level) {
      if (!Array.isArray(v) || v.length !== shape[depth]) {
        const got = Array.isArray(v) ? `length ${v.length}` : describe(v);
        throw new ValueError(
          `tensor: ragged nested array: element at [${path.join('][')}] has ${got}, expected an array of length ${shape[depth]} (shape ${fmtShape(shape)})`,
        );
      }
      v.forEach((e, i) => next.push({ v: e, path: [...path, i] }));
    }
    level = next;
  }
  level.forEach(({ v, path }, i) => {
    if (typeof v !== 'number') {
      throw new ValueError(`tensor: element at [${path.join('][')}] is ${describe(v)}; expected a number`);
    }
    out[i] = v;
  });
}

/**
 * Creates a tensor from a number, nested arrays or a typed array (copied). The dtype defaults to float32,
 * or to the typed array's own type.
 * @example
 * tensor([[1, 2], [3, 4]]);                 // shape [2, 2], float32
 * tensor(new Float64Array([1, 2, 3]));      // float64
 * tensor([0, 2, 1], { dtype: 'int32' });    // class labels
 *
 * For int32, fractions truncate toward zero (as PyTorch), but a value outside [-2^31, 2^31 - 1], NaN or
 * an infinity is a ValueError naming the value and its index (it would silently wrap otherwise).
 */
export function tensor(data: number | NestedArray | TypedArray, opts: TensorOptions = {}): Tensor {
  const arrayType = dtypeOfArray(data);
  const dtype: DType = optDType('tensor', opts, arrayType ?? 'float32');
  // int32 from other numbers is staged in float64 and range-checked, so 3e9 or NaN is an error, not a wrap.
  const staged: DType = dtype === 'int32' && arrayType !== 'int32' ? 'float64' : dtype;
  let shape: number[];
  let values: TypedArray;
  if (typeof data === 'number') {
    shape = [];
    values = allocate(staged, 1);
    values[0] = data;
  } else if (arrayType !== undefined) {
    const src = data as TypedArray;
    shape = [src.length];
    values = allocateFor('tensor', staged, shape);
    values.set(src);
  } else if (Array.isArray(data)) {
    shape = inferShape(data);
    values = allocateFor('tensor', staged, shape);
    flatten(data, shape, values);
  } else {
    throw new ValueError(`tensor: data must be a number, a nested array of numbers or a typed array, got ${describe(data)}`);
  }
  if (opts.shape !== undefined) {
    const s = checkShape('tensor', opts.shape);
    if (sizeOf(s) !== values.length) {
      throw new ShapeError(`tensor: shape ${fmtShape(s)} holds ${sizeOf(s)} elements but the data has ${values.length}`);
    }
    shape = s;
  }
  if (staged !== dtype) values = toInt32Array('tensor', values, shape, 'int32 holds integers in that range; use float64 for larger values');
  return finish('tensor', Tensor._fromData(values, shape, dtype), opts);
}
