import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { broadcastShapes, contiguousStrides, normalizeAxis, sameShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor, toDType } from './operand.js';
import { where } from './elementwise.js';
import { checkBool, checkOpts } from './options.js';
import { checkIndexRange } from './index-range.js';

/** broadcastShapes with a message naming the op and both operands' roles. */
function broadcastNamed(op: string, a: Tensor, an: string, b: Tensor, bn: string): number[] {
  try {
    return broadcastShapes(op, a._shape, b._shape);
  } catch {
    throw new ShapeError(`${op}: ${an} of shape ${fmtShape(a._shape)} and ${bn} of shape ${fmtShape(b._shape)} do not broadcast`);
  }
}

/**
 * A copy of x with `value` where `mask` is nonzero; mask must broadcast to x's shape. No gradient reaches x
 * at the filled positions; a 0-d tensor value gets the gradient summed over them.
 * @example maskedFill(zeros([2, 2]), tensor([[1, 0], [0, 1]], { dtype: 'int32' }), 9) // [[9, 0], [0, 9]]
 */
export function maskedFill(x: Tensor, mask: Tensor, value: number | Tensor): Tensor {
  const t = checkTensor('maskedFill', x);
  const m = checkTensor('maskedFill', mask, 'mask');
  if (!(value instanceof Tensor) && typeof value !== 'number') throw new ValueError(`maskedFill: value must be a number or a 0-d Tensor, got ${describe(value)}`);
  if (value instanceof Tensor && value.ndim !== 0) {
    throw new ShapeError(`maskedFill: a tensor value must be 0-d, got ${fmtShape(value._shape)} (input ${fmtShape(t._shape)}, mask ${fmtShape(m._shape)})`);
  }
  const shape = broadcastNamed('maskedFill', m, 'mask', t, 'input');
  if (!sameShape(shape, t._shape)) {
    throw new ShapeError(`maskedFill: mask of shape ${fmtShape(m._shape)} does not broadcast to input shape ${fmtShape(t._shape)} (it would give ${fmtShape(shape)})`);
  }
  // The result keeps x's dtype, as PyTorch: a fractional fill of an int32 tensor truncates.
  const v = value instanceof Tensor ? toDType(value, t.dtype) : t.dtype === 'int32' ? Math.trunc(value) : value;
  return where(m, v, t);
}

/** Row-major positions of the nonzero entries of a tensor. */
function nonzeroFlat(t: Tensor): number[] {
  const d = t._contiguousData();
  const out: number[] = [];
  for (let i = 0; i < d.length; i++) if (d[i] !== 0) out.push(i);
  return out;
}

/**
 * The entries of x where `mask` is nonzero, as a 1-D tensor (x and mask broadcast together). Its gradient
 * goes back to the selected positions.
 * @example maskedSelect(tensor([1, 2, 3]), tensor([1, 0, 1], { dtype: 'int32' })) // [1, 3]
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  const t = checkTensor('maskedSelect', x);
  const m = checkTensor('maskedSelect', mask, 'mask');
  const shape = broadcastNamed('maskedSelect', m, 'mask', t, 'input');
  const flat = t.expand(shape).reshape([-1]);
  const pos = nonzeroFlat(m.expand(shape));
  return apply('indexSelect', [flat, Tensor._fromData(Int32Array.from(pos), [pos.length], 'int32')], { axis: 0 });
}

/**
 * The int32 coordinates of x's nonzero entries, one row each in row-major order: shape [n, ndim].
 * @example nonzero(tensor([[0, 1], [1, 0]])) // [[0, 1], [1, 0]]
 */
export function nonzero(x: Tensor): Tensor {
  const t = checkTensor('nonzero', x);
  const pos = nonzeroFlat(t);
  const strides = contiguousStrides(t._shape);
  const out = new Int32Array(pos.length * t.ndim);
  pos.forEach((p, r) => strides.forEach((s, k) => (out[r * t.ndim + k] = Math.floor(p / s) % t._shape[k]!)));
  return Tensor._fromData(out, [pos.length, t.ndim], 'int32');
}

/**
 * Same as `nonzero`: the [n, ndim] int32 coordinates of the nonzero entries (torch.argwhere).
 * @example argwhere(tensor([0, 3, 4])) // [[1], [2]]
 */
export const argwhere = (x: Tensor): Tensor => nonzero(checkTensor('argwhere', x));

/**
 * torch.take_along_dim: picks x's entries along `axis` at int32 `index` (x and index broadcast on the other
 * axes); without an axis both are flattened. The gradient adds back at the picked positions.
 * @example takeAlongAxis(tensor([[10, 30, 20]]), argsort(tensor([[10, 30, 20]])), 1) // [[10, 20, 30]]
 */
export function takeAlongAxis(x: Tensor, index: Tensor, axis?: number): Tensor {
  const t = checkTensor('takeAlongAxis', x);
  const idx = checkTensor('takeAlongAxis', index, 'index');
  if (axis === undefined) return takeAlongAxis(t.reshape([-1]), idx.reshape([-1]), 0);
  const shapes = `input ${fmtShape(t._shape)}, index ${fmtShape(idx._shape)}`;
  if (t.ndim !== idx.ndim) throw new ShapeError(`takeAlongAxis: input and index must have the same number of dimensions (${shapes})`);
  const a = normalizeAxis('takeAlongAxis', axis, Math.max(t.ndim, 1));
  if (t.ndim === 0) return takeAlongAxis(t.reshape([1]), idx.reshape([1]), 0).reshape([]);
  let shape: number[];
  try {
    shape = broadcastShapes('takeAlongAxis', t._shape.map((d, i) => (i === a ? 1 : d)), idx._shape.map((d, i) => (i === a ? 1 : d)));
  } catch {
    throw new ShapeError(`takeAlongAxis: input and index do not broadcast outside axis ${a} (${shapes})`);
  }
  checkIndexRange('takeAlongAxis', idx, t._shape[a]!, `axis ${a}`, shapes);
  const xs = t.expand(shape.map((d, i) => (i === a ? t._shape[a]! : d)));
  const is = idx.expand(shape.map((d, i) => (i === a ? idx._shape[a]! : d)));
  return apply('gather', [xs, is], { axis: a });
}

/**
 * torch.take: x read as 1-D at the int32 `index` (negative entries count from the end); the result has index's shape.
 * @example take(tensor([[1, 2], [3, 4]]), tensor([0, -1], { dtype: 'int32' })) // [1, 4]
 */
export function take(x: Tensor, index: Tensor): Tensor {
  const t = checkTensor('take', x);
  const idx = checkTensor('take', index, 'index');
  checkIndexRange('take', idx, t.size, 'the flattened input', `input ${fmtShape(t._shape)}, index ${fmtShape(idx._shape)}`, true);
  // Negatives wrapped by tensor ops, not by reading the values, so a batched index works under vmap.
  const flat = idx.reshape([-1]);
  const wrapped = where(flat.lt(0), flat.add(t.size), flat);
  return apply('indexSelect', [t.reshape([-1]), wrapped], { axis: 0 }).reshape(idx._shape);
}

/**
 * Out-of-place torch.index_put: a copy of x with `values` written (or added, with `accumulate`) at the
 * positions given by one int32 index tensor per leading axis (broadcast together; negatives count from the end).
 * @example indexPut(zeros([2, 2]), [tensor([0, 1], { dtype: 'int32' }), tensor([1, 0], { dtype: 'int32' })], 5) // [[0, 5], [5, 0]]
 */
export function indexPut(x: Tensor, indices: readonly Tensor[], values: Tensor | number, opts: { accumulate?: boolean } = {}): Tensor {
  const t = checkTensor('indexPut', x);
  const accumulate = checkBool('indexPut', 'accumulate', checkOpts('indexPut', opts).accumulate, false);
  if (!Array.isArray(indices) || indices.length === 0 || indices.length > t.ndim) {
    throw new ValueError(`indexPut: indices must be an array of 1 to ${t.ndim} int32 tensors for input ${fmtShape(t._shape)}, got ${describe(indices)}`);
  }
  const idx = indices.map((i, k) => checkTensor('indexPut', i, `indices[${k}]`));
  const shapes = `input ${fmtShape(t._shape)}, indices ${idx.map((i) => fmtShape(i._shape)).join(' ')}`;
  let b: number[] = [];
  for (const i of idx) {
    try {
      b = broadcastShapes('indexPut', b, i._shape);
    } catch {
      throw new ShapeError(`indexPut: indices do not broadcast together (${shapes})`);
    }
  }
  idx.forEach((i, k) => checkIndexRange('indexPut', i, t._shape[k]!, `axis ${k}`, shapes, true));
  const k = idx.length;
  const rest = t._shape.slice(k);
  const lead = t._shape.slice(0, k).reduce((p, d) => p * d, 1);
  const nb = b.reduce((p, d) => p * d, 1);
  const strides = contiguousStrides(t._shape.slice(0, k));
  // The flat row of each indexed position, by tensor ops (not a read of the values: batched indices work under vmap).
  const fi = idx.map((i, a) => where(i.lt(0), i.add(t._shape[a]!), i).mul(strides[a]!)).reduce((s, p) => s.add(p)).expand(b).reshape([nb]);
  const v0 = values instanceof Tensor ? toDType(values, t.dtype) : Tensor._fromData(Float64Array.of(checkNumber(values)), [], 'float64');
  const target = [...b, ...rest];
  let v: Tensor;
  try {
    v = toDType(v0, t.dtype).expand(target);
  } catch {
    throw new ShapeError(`indexPut: values of shape ${fmtShape(v0._shape)} do not broadcast to the indexed shape ${fmtShape(target)} (${shapes})`);
  }
  const xr = t.reshape([lead, ...rest]);
  const vr = v.reshape([nb, ...rest]);
  if (accumulate) return xr.add(apply('indexAdd', [vr, fi], { axis: 0, size: lead })).reshape(t._shape);
  const full = fi.reshape([nb, ...rest.map(() => 1)]).expand(vr._shape);
  return apply('scatterReduce', [xr, vr, full], { axis: 0, op: 'assign', includeSelf: true }).reshape(t._shape);
}

function checkNumber(v: unknown): number {
  if (typeof v !== 'number') throw new ValueError(`indexPut: values must be a Tensor or a number, got ${describe(v)}`);
  return v;
}
