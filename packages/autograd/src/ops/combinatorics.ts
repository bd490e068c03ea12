import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { allocate } from '../tensor/dtype.js';
import { Tensor } from '../tensor/tensor.js';
import { stack } from './join.js';
import { checkTensor } from './operand.js';
import { reshape } from './shape.js';

/** Options of `meshgrid`. */
export interface MeshgridOptions {
  /** 'ij' (default, matrix indexing: output i varies along axis i) or 'xy' (Cartesian: the first two axes swapped). */
  indexing?: 'ij' | 'xy';
}

/**
 * Coordinate grids from 1-D (or 0-d) tensors: with sizes n1..nk every output has shape [n1, ..., nk] and
 * output i varies along axis i ('ij'); 'xy' swaps the first two axes, as NumPy's default. Outputs are broadcast
 * views; gradients sum back.
 * @example meshgrid(tensor([1, 2]), tensor([3, 4, 5])) // two [2, 3] grids
 * @example meshgrid(x, y, { indexing: 'xy' }) // two [y.size, x.size] grids
 */
export function meshgrid(...args: [...Tensor[], MeshgridOptions] | Tensor[]): Tensor[] {
  const last = args[args.length - 1];
  const opts: MeshgridOptions = last !== undefined && !(last instanceof Tensor) ? (last as MeshgridOptions) : {};
  const xs = (last !== undefined && !(last instanceof Tensor) ? args.slice(0, -1) : args).map((t, i) => checkTensor('meshgrid', t, `tensors[${i}]`));
  const indexing = opts.indexing ?? 'ij';
  if (indexing !== 'ij' && indexing !== 'xy') throw new ValueError(`meshgrid: indexing must be 'ij' or 'xy', got ${describe(indexing)}`);
  xs.forEach((t, i) => {
    if (t.ndim > 1) throw new ShapeError(`meshgrid: every tensor must be 0-d or 1-D, tensors[${i}] has shape ${fmtShape(t._shape)}`);
  });
  const sizes = xs.map((t) => t.size);
  const swap = indexing === 'xy' && xs.length >= 2;
  const axisOf = (i: number) => (swap && i < 2 ? 1 - i : i);
  const shape = sizes.map((_, a) => sizes[axisOf(a)]!);
  return xs.map((t, i) => reshape(t, shape.map((d, a) => (a === axisOf(i) ? d : 1))).expand(shape));
}

/**
 * The Cartesian product of 1-D tensors as rows: [n1 * ... * nk, k] (a single tensor comes back 1-D), as
 * torch.cartesian_prod.
 * @example cartesianProd(tensor([1, 2]), tensor([3, 4])) // [[1, 3], [1, 4], [2, 3], [2, 4]]
 */
export function cartesianProd(...tensors: Tensor[]): Tensor {
  const xs = tensors.map((t, i) => checkTensor('cartesianProd', t, `tensors[${i}]`));
  if (xs.length === 0) throw new ValueError('cartesianProd: expected at least one tensor');
  xs.forEach((t, i) => {
    if (t.ndim !== 1) throw new ShapeError(`cartesianProd: every tensor must be 1-D, tensors[${i}] has shape ${fmtShape(t._shape)}`);
  });
  if (xs.length === 1) return xs[0]!;
  return stack(meshgrid(...xs).map((g) => reshape(g, [-1])), 1);
}

/**
 * All length-r combinations of the entries of a 1-D tensor, in lexicographic order of positions: [C(n, r), r]
 * (torch.combinations; `withReplacement` allows repeats).
 * @example combinations(tensor([1, 2, 3])) // [[1, 2], [1, 3], [2, 3]]
 */
export function combinations(x: Tensor, r = 2, opts: { withReplacement?: boolean } = {}): Tensor {
  const t = checkTensor('combinations', x);
  if (t.ndim !== 1) throw new ShapeError(`combinations: input must be 1-D, got ${fmtShape(t._shape)}`);
  if (typeof r !== 'number' || !Number.isInteger(r) || r < 0) throw new ValueError(`combinations: r must be a non-negative integer, got ${describe(r)}`);
  const rep = opts.withReplacement ?? false;
  const n = t.size;
  const picks: number[] = [];
  const cur: number[] = [];
  const walk = (from: number) => {
    if (cur.length === r) return void picks.push(...cur);
    for (let i = from; i < n; i++) {
      cur.push(i);
      walk(rep ? i : i + 1);
      cur.pop();
    }
  };
  if (r > 0) walk(0);
  if (r === 0) return Tensor._fromData(allocate(t.dtype, 0), [0], t.dtype);
  const index = Tensor._fromData(Int32Array.from(picks), [picks.length], 'int32');
  return reshape(apply('indexSelect', [t, index], { axis: 0 }), [picks.length / r, r]);
}
