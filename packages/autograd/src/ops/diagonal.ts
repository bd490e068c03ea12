import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { normalizeAxis } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { where } from './elementwise.js';
import { checkTensor } from './operand.js';
import { checkOpts } from './options.js';
import { permute, reshape } from './shape.js';

function checkInt(op: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValueError(`${op}: ${what} must be an integer, got ${describe(v)}`);
  return v;
}

/** An int32 [n, m] 0/1 mask: 1 where `keep(row, col)`. */
function triMask(n: number, m: number, keep: (i: number, j: number) => boolean): Tensor {
  const d = new Int32Array(n * m);
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) d[i * m + j] = keep(i, j) ? 1 : 0;
  return Tensor._fromData(d, [n, m], 'int32');
}

function triangle(op: string, x: Tensor, k: number, keep: (i: number, j: number) => boolean): Tensor {
  const t = checkTensor(op, x);
  checkInt(op, 'k', k);
  if (t.ndim < 2) throw new ShapeError(`${op}: input must have at least 2 dimensions, got ${fmtShape(t._shape)}`);
  const [n, m] = t._shape.slice(-2) as [number, number];
  // where, not a multiply: x's Inf/NaN outside the triangle become 0 instead of NaN, and get no gradient.
  return where(triMask(n, m, keep), t, 0);
}

/**
 * The lower triangle of the last two axes (entries with col - row <= k), zeros elsewhere (torch.tril).
 * @example tril(ones([3, 3])) // [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 */
export const tril = (x: Tensor, k = 0): Tensor => triangle('tril', x, k, (i, j) => j - i <= k);

/**
 * The upper triangle of the last two axes (entries with col - row >= k), zeros elsewhere (torch.triu).
 * @example triu(ones([3, 3]), 1) // [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
 */
export const triu = (x: Tensor, k = 0): Tensor => triangle('triu', x, k, (i, j) => j - i >= k);

/** Options of `diagonal`. */
export interface DiagonalOptions {
  /** Which diagonal: 0 the main one, > 0 above it, < 0 below (default 0). */
  offset?: number;
  /** The two axes the matrices span (default 0 and 1, as torch.diagonal). */
  axis1?: number;
  /** The second axis the matrices span (default 1). */
  axis2?: number;
}

/**
 * The diagonal entries of the matrices spanned by `axis1` and `axis2`; those axes are removed and the diagonal
 * becomes the last axis (torch.diagonal). Gradient: g written back onto the diagonal.
 * @example diagonal(tensor([[1, 2], [3, 4]])) // [1, 4]
 */
export function diagonal(x: Tensor, opts: DiagonalOptions = {}): Tensor {
  const t = checkTensor('diagonal', x);
  const o = checkOpts('diagonal', opts);
  const offset = checkInt('diagonal', 'offset', o.offset ?? 0);
  const a1 = normalizeAxis('diagonal', (o.axis1 as number | undefined) ?? 0, t.ndim);
  const a2 = normalizeAxis('diagonal', (o.axis2 as number | undefined) ?? 1, t.ndim);
  if (a1 === a2) throw new ShapeError(`diagonal: axis1 and axis2 must differ, both are ${a1} (shape ${fmtShape(t._shape)})`);
  const rest = t._shape.map((_, i) => i).filter((i) => i !== a1 && i !== a2);
  const m = permute(t, [...rest, a1, a2]);
  const [n1, n2] = [t._shape[a1]!, t._shape[a2]!];
  const len = Math.max(0, offset >= 0 ? Math.min(n1, n2 - offset) : Math.min(n1 + offset, n2));
  const lead = rest.map((i) => t._shape[i]!);
  // On the flattened matrix, diagonal entries are n2 + 1 apart, starting at column offset (or row -offset).
  const flat = reshape(m, [...lead, n1 * n2]);
  const start = len === 0 ? 0 : offset >= 0 ? offset : -offset * n2;
  return apply('slice', [flat], { starts: [...lead.map(() => 0), start], steps: [...lead.map(() => 1), n2 + 1], shape: [...lead, len] });
}

/**
 * Matrices with the last axis of x on their `offset` diagonal and zeros elsewhere: [..., n] gives
 * [..., n + |offset|, n + |offset|] (torch.diag_embed).
 * @example diagEmbed(tensor([1, 2])) // [[1, 0], [0, 2]]
 */
export function diagEmbed(x: Tensor, opts: { offset?: number } = {}): Tensor {
  const t = checkTensor('diagEmbed', x);
  const offset = checkInt('diagEmbed', 'offset', checkOpts('diagEmbed', opts).offset ?? 0);
  const v = t.ndim === 0 ? reshape(t, [1]) : t;
  const n = v._shape[v.ndim - 1]!;
  const size = n + Math.abs(offset);
  const lead = v._shape.slice(0, -1);
  const start = offset >= 0 ? offset : -offset * size;
  const flat = apply('unslice', [v], { starts: [...lead.map(() => 0), start], steps: [...lead.map(() => 1), size + 1], shape: [...lead, size * size] });
  return reshape(flat, [...lead, size, size]);
}

/**
 * torch.diag: a 1-D x becomes a square matrix with x on diagonal k; a 2-D x gives its diagonal k as 1-D.
 * @example diag(tensor([1, 2]), 1) // [[0, 1, 0], [0, 0, 2], [0, 0, 0]]
 */
export function diag(x: Tensor, k = 0): Tensor {
  const t = checkTensor('diag', x);
  checkInt('diag', 'k', k);
  if (t.ndim === 1) return diagEmbed(t, { offset: k });
  if (t.ndim === 2) return diagonal(t, { offset: k });
  throw new ShapeError(`diag: input must be 1-D or 2-D, got ${fmtShape(t._shape)}`);
}

/**
 * The sum of the main diagonal of a 2-D tensor (torch.trace).
 * @example trace(tensor([[1, 2], [3, 4]])) // 5
 */
export function trace(x: Tensor): Tensor {
  const t = checkTensor('trace', x);
  if (t.ndim !== 2) throw new ShapeError(`trace: input must be 2-D, got ${fmtShape(t._shape)}`);
  return diagonal(t).sum();
}

function triIndices(op: string, n: number, m: number, k: number, keep: (i: number, j: number) => boolean): Tensor {
  [n, m, k].forEach((v, i) => checkInt(op, ['row', 'col', 'offset'][i]!, v));
  if (n < 0 || m < 0) throw new ValueError(`${op}: row and col must be non-negative, got ${n} and ${m}`);
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < m; j++) if (keep(i, j)) (rows.push(i), cols.push(j));
  return Tensor._fromData(Int32Array.from([...rows, ...cols]), [2, rows.length], 'int32');
}

/**
 * The int32 [2, N] coordinates (row-major) of the upper triangle of an n x m matrix (col - row >= k).
 * @example triuIndices(2, 2) // [[0, 0, 1], [0, 1, 1]]
 */
export const triuIndices = (n: number, m = n, k = 0): Tensor => triIndices('triuIndices', n, m, k, (i, j) => j - i >= k);

/**
 * The int32 [2, N] coordinates (row-major) of the lower triangle of an n x m matrix (col - row <= k).
 * @example trilIndices(2, 2) // [[0, 1, 1], [0, 0, 1]]
 */
export const trilIndices = (n: number, m = n, k = 0): Tensor => triIndices('trilIndices', n, m, k, (i, j) => j - i <= k);
