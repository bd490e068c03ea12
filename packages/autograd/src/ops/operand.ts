import { ValueError, describe } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { promoteTypes, type DType } from '../tensor/dtype.js';
import { broadcastShapes, sameShape } from '../tensor/shape.js';
import { Tensor, type TensorLike } from '../tensor/tensor.js';
import { scalarTensor } from '../creation/fill.js';

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
export function toShape(x: Tensor, shape: number[]): Tensor {
  return sameShape(x.shape, shape) ? x : apply('expand', [x], { shape });
}

/**
 * Brings operands to one dtype (promotion) and one shape (broadcasting): the single place where binary
 * ops broadcast. Expand's vjp sums the gradient back, so no binary rule needs reduction logic.
 */
export function broadcastOperands(op: string, operands: readonly unknown[], names: readonly string[]): Tensor[] {
  const fast = fastPair(operands);
  if (fast) return fast;
  const xs = operands.map((x, i) => checkOperand(op, x, names[i] ?? `operand ${i}`));
  let dtype: DType | undefined;
  for (const x of xs) if (x instanceof Tensor) dtype = dtype === undefined ? x.dtype : promoteTypes(dtype, x.dtype);
  if (dtype === undefined) throw new ValueError(`${op}: at least one operand must be a Tensor`);
  const dt = dtype;
  for (const x of xs) if (typeof x === 'number' && numberDType(x, dt) !== dt) dtype = 'float32';
  const tensors = xs.map((x) => (x instanceof Tensor ? toDType(x, dtype!) : scalarTensor(x, dtype!)));
  let shape: number[] = [];
  for (const t of tensors) shape = broadcastShapes(op, shape, t.shape);
  return tensors.map((t) => toShape(t, shape));
}

/**
 * The common cases without the general machinery: two tensors of one shape and dtype, or a tensor and a
 * number, whose constant becomes a stride-0 view of one element (no expand node, one allocation).
 */
function fastPair(operands: readonly unknown[]): Tensor[] | undefined {
  if (operands.length !== 2) return undefined;
  const [x, y] = operands;
  if (x instanceof Tensor) {
    if (y instanceof Tensor) return x.dtype === y.dtype && sameShape(x.shape, y.shape) ? [x, y] : undefined;
    if (typeof y === 'number' && numberDType(y, x.dtype) === x.dtype) return [x, constantLike(y, x)];
  } else if (typeof x === 'number' && y instanceof Tensor && numberDType(x, y.dtype) === y.dtype) {
    return [constantLike(x, y), y];
  }
  return undefined;
}

/** A constant broadcast to `like`'s shape and dtype as a stride-0 view of a single element. */
function constantLike(value: number, like: Tensor): Tensor {
  const c = scalarTensor(value, like.dtype);
  return like.ndim === 0 ? c : new Tensor(c._storage, like.shape.slice(), like.dtype, new Array<number>(like.ndim).fill(0));
}

/** Integer tensors go through float32 for float-valued functions (exp of an int32 tensor is float32, as PyTorch). */
export function floatOperand(op: string, x: unknown): Tensor {
  const t = checkTensor(op, x);
  return t.dtype === 'int32' ? toDType(t, 'float32') : t;
}
