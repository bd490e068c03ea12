import { ValueError, describe } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { promoteTypes, type DType } from '../tensor/dtype.js';
import { broadcastShapes, sameShape } from '../tensor/shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { scalarTensor } from '../creation/fill.js';
import { checkInt32Number } from '../tensor/int32.js';

/** Throws a ValueError naming the op and argument unless `x` is a Tensor. */
export function checkTensor(op: string, x: unknown, name = 'input'): Tensor {
  if (x instanceof Tensor) return x;
  throw new ValueError(`${op}: ${name} must be a Tensor, got ${describe(x)}`);
}

function checkOperand(op: string, x: unknown, name: string): TensorLike {
  if (x instanceof Tensor || typeof x === 'number') return x;
  throw new ValueError(`${op}: ${name} must be a Tensor or a number, got ${describe(x)}`);
}

/** The dtype a plain number takes next to a tensor: the tensor's, unless a fraction meets int32. */
function numberDType(x: number, other: DType): DType {
  return other === 'int32' && !Number.isInteger(x) ? 'float32' : other;
}

/** Casts (differentiably) when the dtype differs. */
export function toDType(x: Tensor, dtype: DType): Tensor {
  return x.dtype === dtype ? x : apply('cast', [x], { dtype });
}

/** Expands (as a zero-copy view) when the shape differs. */
export function toShape(x: Tensor, shape: readonly number[]): Tensor {
  return sameShape(x._shape, shape) ? x : apply('expand', [x], { shape });
}

/**
 * Brings operands to one dtype (promotion) and one shape (broadcasting): the single place where binary
 * ops broadcast. Expand's vjp sums the gradient back, so no binary rule needs reduction logic.
 */
export function broadcastOperands(op: string, operands: readonly unknown[], names: readonly string[]): Tensor[] {
  const xs = operands.map((x, i) => checkOperand(op, x, names[i] ?? `operand ${i}`));
  let dtype: DType | undefined;
  for (const x of xs) if (x instanceof Tensor) dtype = dtype === undefined ? x.dtype : promoteTypes(dtype, x.dtype);
  if (dtype === undefined) throw new ValueError(`${op}: at least one operand must be a Tensor`);
  const dt = dtype;
  for (const x of xs) if (typeof x === 'number' && numberDType(x, dt) !== dt) dtype = 'float32';
  if (dtype === 'int32') for (const x of xs) if (typeof x === 'number') checkIntNumber(op, x);
  const tensors = xs.map((x) => (x instanceof Tensor ? toDType(x, dtype!) : scalarConstant(x, dtype!)));
  let shape: number[] = [];
  for (const t of tensors) shape = broadcastShapes(op, shape, t._shape);
  return tensors.map((t) => toShape(t, shape));
}

/**
 * Operands of a binary primitive (add ... minimum, comparisons). The common cases skip the general
 * machinery: two tensors of one shape and dtype, or a tensor and a constant (a number, or a 0-d tensor
 * that does not require grad) that binary kernels broadcast by themselves (see primitives/elementwise.ts).
 */
export function binaryOperands(op: string, x: unknown, y: unknown): Tensor[] {
  return fastPair(op, x, y) ?? broadcastOperands(op, [x, y], ['x', 'y']);
}

/** An integer operand next to an int32 tensor must fit int32 (PyTorch refuses it too), not wrap. */
function checkIntNumber(op: string, x: number): void {
  checkInt32Number(op, 'the number operand', x, 'it would wrap next to an int32 tensor; cast the tensor to float64 first');
}

function fastPair(op: string, x: unknown, y: unknown): Tensor[] | undefined {
  if (x instanceof Tensor) {
    if (y instanceof Tensor) {
      if (x.dtype !== y.dtype) return undefined;
      if (sameShape(x._shape, y._shape) || isConstantScalar(y) || isConstantScalar(x)) return [x, y];
      return undefined;
    }
    if (typeof y === 'number' && numberDType(y, x.dtype) === x.dtype) {
      if (x.dtype === 'int32') checkIntNumber(op, y);
      return [x, scalarConstant(y, x.dtype)];
    }
  } else if (typeof x === 'number' && y instanceof Tensor && numberDType(x, y.dtype) === y.dtype) {
    if (y.dtype === 'int32') checkIntNumber(op, x);
    return [scalarConstant(x, y.dtype), y];
  }
  return undefined;
}

const isConstantScalar = (t: Tensor): boolean => t.ndim === 0 && !t.requiresGrad;

/**
 * 0-d constants for number operands, shared per (dtype, value): they never require grad and are never
 * written (no user code can reach them), so one object can serve every `x.mul(0.5)`. The cache is
 * dropped when it grows large so a loop over many distinct numbers cannot hold memory.
 */
const constants = { float32: new Map<number, Tensor>(), float64: new Map<number, Tensor>(), int32: new Map<number, Tensor>() };
function scalarConstant(value: number, dtype: DType): Tensor {
  const cache = constants[dtype];
  let c = cache.get(value);
  if (c === undefined) {
    if (cache.size >= 4096) cache.clear();
    c = scalarTensor(value, dtype);
    cache.set(value, c);
  }
  return c;
}

/** Integer tensors go through float32 for float-valued functions (exp of an int32 tensor is float32, as PyTorch). */
export function floatOperand(op: string, x: unknown): Tensor {
  const t = checkTensor(op, x);
  return t.dtype === 'int32' ? toDType(t, 'float32') : t;
}
