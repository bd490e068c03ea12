import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { normalizeAxis } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { matmul } from './linalg.js';
import { broadcastOperands, checkTensor } from './operand.js';
import { checkOpts } from './options.js';
import { permute, reshape } from './shape.js';
import { norm } from './statistics.js';
import { where } from './elementwise.js';
import { roll } from './shape2.js';

/**
 * Sums the products over `dims`: a number n pairs a's last n axes with b's first n; `[axesA, axesB]` pairs
 * them explicitly. The result has a's free axes then b's (torch.tensordot), computed as one matmul.
 * @example tensordot(ones([2, 3, 4]), ones([3, 4, 5]), 2).shape // [2, 5]
 */
export function tensordot(a: Tensor, b: Tensor, dims: number | readonly [readonly number[], readonly number[]] = 2): Tensor {
  const x = checkTensor('tensordot', a, 'a');
  const y = checkTensor('tensordot', b, 'b');
  const shapes = `a ${fmtShape(x._shape)}, b ${fmtShape(y._shape)}`;
  let ax: number[];
  let bx: number[];
  if (typeof dims === 'number') {
    if (!Number.isInteger(dims) || dims < 0 || dims > x.ndim || dims > y.ndim) throw new ValueError(`tensordot: dims ${dims} must be an integer in [0, min(a.ndim, b.ndim)] (${shapes})`);
    ax = Array.from({ length: dims }, (_, i) => x.ndim - dims + i);
    bx = Array.from({ length: dims }, (_, i) => i);
  } else if (Array.isArray(dims) && dims.length === 2 && Array.isArray(dims[0]) && Array.isArray(dims[1]) && dims[0].length === dims[1].length) {
    ax = dims[0].map((d) => normalizeAxis('tensordot', d, x.ndim));
    bx = dims[1].map((d) => normalizeAxis('tensordot', d, y.ndim));
  } else throw new ValueError(`tensordot: dims must be a number or two axis lists of equal length, got ${describe(dims)} (${shapes})`);
  ax.forEach((d, i) => {
    if (x._shape[d] !== y._shape[bx[i]!]) throw new ShapeError(`tensordot: a's axis ${d} (${x._shape[d]}) and b's axis ${bx[i]} (${y._shape[bx[i]!]}) differ (${shapes})`);
  });
  const freeA = x._shape.map((_, i) => i).filter((i) => !ax.includes(i));
  const freeB = y._shape.map((_, i) => i).filter((i) => !bx.includes(i));
  const k = ax.reduce((p, d) => p * x._shape[d]!, 1);
  const am = reshape(permute(x, [...freeA, ...ax]), [freeA.reduce((p, d) => p * x._shape[d]!, 1), k]);
  const bm = reshape(permute(y, [...bx, ...freeB]), [k, freeB.reduce((p, d) => p * y._shape[d]!, 1)]);
  return reshape(matmul(am, bm), [...freeA.map((d) => x._shape[d]!), ...freeB.map((d) => y._shape[d]!)]);
}

/**
 * The Kronecker product: blocks a[i] * b; shapes are padded with leading 1s to a common rank, then multiplied.
 * @example kron(eye(2), ones([2, 2])) // a 4x4 block-diagonal matrix
 */
export function kron(a: Tensor, b: Tensor): Tensor {
  let x = checkTensor('kron', a, 'a');
  let y = checkTensor('kron', b, 'b');
  const nd = Math.max(x.ndim, y.ndim);
  x = reshape(x, [...new Array<number>(nd - x.ndim).fill(1), ...x._shape]);
  y = reshape(y, [...new Array<number>(nd - y.ndim).fill(1), ...y._shape]);
  const out = x.reshape(x._shape.flatMap((d) => [d, 1])).mul(y.reshape(y._shape.flatMap((d) => [1, d])));
  return reshape(out, x._shape.map((d, i) => d * y._shape[i]!));
}

function checkRank(op: string, t: Tensor, name: string, ndim: number, shapes: string): void {
  if (t.ndim !== ndim) throw new ShapeError(`${op}: ${name} must be ${ndim}-D, got ${fmtShape(t._shape)} (${shapes})`);
}

/**
 * Batched matrix product of two 3-D tensors [b, n, m] @ [b, m, p] (no broadcasting, as torch.bmm).
 * @example bmm(ones([4, 2, 3]), ones([4, 3, 5])).shape // [4, 2, 5]
 */
export function bmm(a: Tensor, b: Tensor): Tensor {
  const x = checkTensor('bmm', a, 'a');
  const y = checkTensor('bmm', b, 'b');
  const shapes = `a ${fmtShape(x._shape)}, b ${fmtShape(y._shape)}`;
  checkRank('bmm', x, 'a', 3, shapes);
  checkRank('bmm', y, 'b', 3, shapes);
  if (x._shape[0] !== y._shape[0] || x._shape[2] !== y._shape[1]) throw new ShapeError(`bmm: expected [b, n, m] and [b, m, p], got ${shapes}`);
  return matmul(x, y);
}

/**
 * Matrix-vector product: [n, m] @ [m] gives [n].
 * @example mv(eye(2), tensor([3, 4])) // [3, 4]
 */
export function mv(a: Tensor, v: Tensor): Tensor {
  const x = checkTensor('mv', a, 'mat');
  const y = checkTensor('mv', v, 'vec');
  const shapes = `mat ${fmtShape(x._shape)}, vec ${fmtShape(y._shape)}`;
  checkRank('mv', x, 'mat', 2, shapes);
  checkRank('mv', y, 'vec', 1, shapes);
  if (x._shape[1] !== y._shape[0]) throw new ShapeError(`mv: inner sizes differ (${x._shape[1]} vs ${y._shape[0]}) (${shapes})`);
  return matmul(x, y);
}

/** Options of `addmm`, `baddbmm` and `addmv`: out = beta * input + alpha * product. */
export interface AddProductOptions {
  /** Scales the input (default 1; with 0 the input is ignored, NaN included, as PyTorch). */
  beta?: number;
  /** Scales the product (default 1). */
  alpha?: number;
}

function addProduct(op: string, input: Tensor, product: Tensor, opts: AddProductOptions): Tensor {
  const t = checkTensor(op, input);
  const o = checkOpts(op, opts);
  const beta = o.beta ?? 1;
  const alpha = o.alpha ?? 1;
  if (typeof beta !== 'number' || typeof alpha !== 'number') throw new ValueError(`${op}: beta and alpha must be numbers, got ${describe(beta)} and ${describe(alpha)}`);
  const [i] = broadcastOperands(op, [t, product], ['input', 'product']);
  if (i!.ndim !== product.ndim || !i!._shape.every((d, k) => d === product._shape[k])) {
    throw new ShapeError(`${op}: input of shape ${fmtShape(t._shape)} does not broadcast to the product's shape ${fmtShape(product._shape)}`);
  }
  const p = alpha === 1 ? product : product.mul(alpha);
  if (beta === 0) return p; // the input is ignored, NaN and Inf included
  return (beta === 1 ? t : t.mul(beta)).add(p);
}

/**
 * beta * input + alpha * (a @ b) for 2-D a and b; input broadcasts to the product's shape (torch.addmm).
 * @example addmm(zeros([2]), ones([3, 4]), ones([4, 2]), { alpha: 0.5 }) // [3, 2] of 2s
 */
export function addmm(input: Tensor, a: Tensor, b: Tensor, opts: AddProductOptions = {}): Tensor {
  const x = checkTensor('addmm', a, 'mat1');
  const y = checkTensor('addmm', b, 'mat2');
  const shapes = `mat1 ${fmtShape(x._shape)}, mat2 ${fmtShape(y._shape)}`;
  checkRank('addmm', x, 'mat1', 2, shapes);
  checkRank('addmm', y, 'mat2', 2, shapes);
  return addProduct('addmm', input, matmul(x, y), opts);
}

/**
 * beta * input + alpha * bmm(a, b) for 3-D a and b (torch.baddbmm).
 * @example baddbmm(zeros([2, 3, 5]), ones([2, 3, 4]), ones([2, 4, 5])).shape // [2, 3, 5]
 */
export function baddbmm(input: Tensor, a: Tensor, b: Tensor, opts: AddProductOptions = {}): Tensor {
  return addProduct('baddbmm', input, bmm(a, b), opts);
}

/**
 * beta * input + alpha * (mat @ vec) (torch.addmv).
 * @example addmv(ones([2]), eye(2), tensor([3, 4])) // [4, 5]
 */
export function addmv(input: Tensor, mat: Tensor, vec: Tensor, opts: AddProductOptions = {}): Tensor {
  return addProduct('addmv', input, mv(mat, vec), opts);
}

/**
 * The cross product of 3-vectors along `axis` (default -1); a and b broadcast (torch.linalg.cross).
 * @example cross(tensor([1, 0, 0]), tensor([0, 1, 0])) // [0, 0, 1]
 */
export function cross(a: Tensor, b: Tensor, axis = -1): Tensor {
  const x0 = checkTensor('cross', a, 'a');
  const y0 = checkTensor('cross', b, 'b');
  const [x, y] = broadcastOperands('cross', [x0, y0], ['a', 'b']);
  const ax = normalizeAxis('cross', axis, x!.ndim);
  if (x!._shape[ax] !== 3) throw new ShapeError(`cross: axis ${axis} must have length 3 in both a ${fmtShape(x0._shape)} and b ${fmtShape(y0._shape)}`);
  // c_i = a_{i+1} b_{i+2} - a_{i+2} b_{i+1} (indices mod 3): rolling by -1 brings entry i+1 to position i.
  const r = (t: Tensor, s: number) => roll(t, s, ax);
  return r(x!, -1).mul(r(y!, -2)).sub(r(x!, -2).mul(r(y!, -1)));
}

/**
 * Pairwise p-norm distances between the rows of a [..., P, M] and b [..., R, M]: [..., P, R] (torch.cdist).
 * At zero distance the gradient is 0 (the minimum-norm subgradient), as PyTorch. For p = 2 with more than 25
 * rows on a side it uses a matmul, as PyTorch's default compute mode does.
 * @example cdist(tensor([[0, 0]]), tensor([[3, 4], [0, 1]])) // [[5, 1]]
 */
export function cdist(a: Tensor, b: Tensor, opts: { p?: number } = {}): Tensor {
  const x = checkTensor('cdist', a, 'x1');
  const y = checkTensor('cdist', b, 'x2');
  const p = checkOpts('cdist', opts).p ?? 2;
  if (typeof p !== 'number' || !(p >= 0)) throw new ValueError(`cdist: p must be a non-negative number, got ${describe(p)}`);
  if (x.ndim < 2 || y.ndim < 2 || x._shape[x.ndim - 1] !== y._shape[y.ndim - 1]) {
    throw new ShapeError(`cdist: expected x1 [..., P, M] and x2 [..., R, M] with the same M, got x1 ${fmtShape(x._shape)} and x2 ${fmtShape(y._shape)}`);
  }
  const [P, R] = [x._shape[x.ndim - 2]!, y._shape[y.ndim - 2]!];
  if (p === 2 && (P > 25 || R > 25)) return euclidByMatmul(x, y);
  return norm(x.unsqueeze(-2).sub(y.unsqueeze(-3)), p, -1);
}

/**
 * PyTorch's 'use_mm_for_euclid_dist_if_necessary' path (more than 25 rows on a side): |a - b|^2 =
 * |a|^2 + |b|^2 - 2 a.b through one matmul, so memory is [..., P, R] rather than [..., P, R, M]. Rounding can
 * leave a tiny negative square: it is clamped to 0, and a zero distance gets gradient 0 (double where, so the
 * unused branch's sqrt never sees 0).
 */
function euclidByMatmul(x: Tensor, y: Tensor): Tensor {
  const x2 = x.square().sum(-1, true);
  const y2 = y.square().sum(-1).unsqueeze(-2);
  const d2 = x2.add(y2).sub(x.matmul(y.transpose(-2, -1)).mul(2));
  const pos = d2.gt(0);
  return where(pos, where(pos, d2, 1).sqrt(), 0);
}
