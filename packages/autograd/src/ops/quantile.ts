import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { normalizeAxis } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { checkTensor, floatOperand } from './operand.js';
import { sort, type ValuesIndices } from './sort.js';
import { where } from './elementwise.js';
import { full, zeros } from '../creation/fill.js';

function keepArg(op: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ValueError(`${op}: keepDims must be a boolean, got ${describe(v)}`);
  return v;
}

/** x flattened (axis undefined) or as is, with the axis to work along. */
function along(op: string, x: Tensor, axis: number | undefined): [Tensor, number] {
  if (axis === undefined) return [x.reshape([x.size]), 0];
  return x.ndim === 0 ? [x.reshape([1]), normalizeAxis(op, axis, 1)] : [x, normalizeAxis(op, axis, x.ndim)];
}

function checkNonEmpty(op: string, t: Tensor, a: number, x: Tensor): void {
  if (t._shape[a] === 0) throw new ValueError(`${op}: cannot take the ${op} of an empty slice (input shape ${fmtShape(x._shape)})`);
}

/**
 * Per slice along `a`: the number of NaN (kept as a size-1 axis). Positions are computed from it by tensor ops,
 * never by reading values, so median and quantile batch under vmap.
 */
const nanCounts = (t: Tensor, a: number): Tensor => t.ne(t).sum(a, true);

/** The reduced shape of an op over axis `a` of `x` (all axes when axis was undefined). */
function outShape(x: Tensor, axis: number | undefined, a: number, keepDims: boolean): number[] {
  if (axis === undefined) return keepDims ? x._shape.map(() => 1) : [];
  if (x.ndim === 0) return [];
  return keepDims ? x._shape.map((d, i) => (i === a ? 1 : d)) : x._shape.filter((_, i) => i !== a);
}

/**
 * The lower median (the smaller of the two middle values for an even count, as PyTorch); NaN when the slice
 * holds NaN. Without `axis`, over all elements: a 0-d tensor whose gradient is split evenly among the
 * elements equal to it (PyTorch). With `axis`: `{ values, indices }` (int32), the gradient going to that index.
 * @example median(tensor([3, 1, 4, 2])) // 2; median(tensor([[3, 1], [4, 2]]), 1) // { values: [1, 2], indices: [1, 1] }
 */
export function median(x: Tensor): Tensor;
export function median(x: Tensor, axis: number, keepDims?: boolean): ValuesIndices;
export function median(x: Tensor, axis?: number, keepDims = false): Tensor | ValuesIndices {
  const t0 = checkTensor('median', x);
  const keep = keepArg('median', keepDims);
  const [t, a] = along('median', t0, axis);
  checkNonEmpty('median', t, a, t0);
  const n = t._shape[a]!;
  const nan = nanCounts(t, a);
  // NaN sorts last: a slice with NaN answers its first NaN, as PyTorch's median propagates NaN.
  const pos = where(nan.gt(0), nan.neg().add(n), Math.floor((n - 1) / 2)).astype('int32');
  const sorted = sort(t, a);
  const values = sorted.values.gather(a, pos);
  const shape = outShape(t0, axis, a, keep);
  if (axis !== undefined) return { values: values.reshape(shape), indices: sorted.indices.gather(a, pos).reshape(shape) };
  // Over all elements: the gradient is shared by every element equal to the median (a constant mask).
  if (t.dtype === 'int32') return values.reshape(shape);
  const m = values.detach();
  // A NaN median shares the gradient among the NaN elements (PyTorch's evenly_distribute_backward); the case
  // is picked per element by where, not by reading m, so median batches under vmap.
  const isNan = m.ne(m);
  const hit = where(isNan, t.ne(t), t.eq(m)).astype(t.dtype);
  // m + sum((x - m) * hit) / count is m exactly (the hits are equal to m) with gradient hit / count; with a NaN
  // median, m + sum(x * hit) / count is NaN anyway.
  const picked = where(isNan, where(hit, t, 0), t.sub(m).mul(hit));
  return m.add(picked.sum().div(hit.sum())).reshape(shape);
}

/** How `quantile` picks between the two order statistics around q (n - 1). */
export type QuantileInterpolation = 'linear' | 'lower' | 'higher' | 'nearest' | 'midpoint';

/** Options of `quantile`. */
export interface QuantileOptions {
  /** Keep the reduced axis (or all axes when none is given) as size 1. Default false. */
  keepDims?: boolean;
  /** Default 'linear'. */
  interpolation?: QuantileInterpolation;
}

const INTERPOLATIONS: readonly string[] = ['linear', 'lower', 'higher', 'nearest', 'midpoint'];

/**
 * The q-th quantiles (q in [0, 1], a number or a 1-D tensor) along `axis` (all elements when omitted), as
 * PyTorch: rank q (n - 1) in the sorted slice, interpolated per `interpolation`. A 1-D q puts its axis first
 * in the result. A slice holding NaN gives NaN. Differentiable through the chosen order statistics.
 * @example quantile(tensor([1, 2, 3, 4]), 0.5) // 2.5; quantile(x, tensor([0.25, 0.75]), 1, { interpolation: 'lower' })
 */
export function quantile(x: Tensor, q: number | Tensor, axis?: number, opts?: QuantileOptions): Tensor {
  const t0 = floatOperand('quantile', x);
  if (opts !== undefined && (typeof opts !== 'object' || opts === null)) throw new ValueError(`quantile: options must be an object, got ${describe(opts)}`);
  const keep = keepArg('quantile', opts?.keepDims ?? false);
  const interp = opts?.interpolation ?? 'linear';
  if (!INTERPOLATIONS.includes(interp)) throw new ValueError(`quantile: interpolation must be one of ${INTERPOLATIONS.join(', ')}, got ${describe(interp)}`);
  let qs: number[];
  if (typeof q === 'number') qs = [q];
  else if (q instanceof Tensor) {
    if (q.ndim > 1) throw new ShapeError(`quantile: q must be a number or a 0-d or 1-D tensor, got shape ${fmtShape(q._shape)}`);
    qs = Array.from(q._contiguousData());
  } else throw new ValueError(`quantile: q must be a number or a Tensor, got ${describe(q)}`);
  const bad = qs.find((v) => !(v >= 0 && v <= 1));
  if (bad !== undefined) throw new ValueError(`quantile: q must lie in [0, 1], got ${bad}`);
  const [t, a] = along('quantile', t0, axis);
  checkNonEmpty('quantile', t, a, t0);
  const n = t._shape[a]!;
  const nan = nanCounts(t, a);
  const keptShape = t._shape.map((d, i) => (i === a ? 1 : d));
  const sorted = sort(t, a).values;
  const shape = outShape(t0, axis, a, keep);
  const outs = qs.map((qv) => {
    // A slice with NaN reads its last element (a NaN, sorted last).
    const rank = where(nan.gt(0), n - 1, full([], qv * (n - 1), { dtype: 'float64' }));
    const lo = rank.floor();
    const hi = rank.ceil();
    const pick = (p: Tensor): Tensor => sorted.gather(a, p.astype('int32'));
    let r: Tensor;
    if (interp === 'lower') r = pick(lo);
    else if (interp === 'higher') r = pick(hi);
    else if (interp === 'nearest') r = pick(rank.round()); // half to even
    else {
      const below = pick(lo);
      const weight = (interp === 'midpoint' ? full(keptShape, 0.5, { dtype: 'float64' }) : rank.sub(lo)).astype(t.dtype);
      r = below.lerp(pick(hi), weight);
    }
    return r.reshape(shape);
  });
  if (typeof q === 'number' || q.ndim === 0) return outs[0]!;
  if (outs.length === 0) return zeros([0, ...shape], { dtype: t.dtype });
  return outs[0]!.unsqueeze(0).concat(outs.slice(1).map((v) => v.unsqueeze(0)), 0);
}
