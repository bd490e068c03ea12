import { DTypeError, ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { apply } from '../primitives/apply.js';
import { contiguousStrides, normalizeAxes, normalizeAxis, sameShape } from '../tensor/shape.js';
import type { Tensor } from '../tensor/tensor.js';
import { checkTensor } from './operand.js';
import { expand, reshape } from './shape.js';
import { padWithMode, type PadOptions } from './pad-modes.js';
import { elementsForCheck } from '../transforms/levels.js';

/**
 * One axis of a `slice`: `[start, stop, step]` as in Python's `a[start:stop:step]`. A missing or
 * `undefined` entry takes its default (0, the axis length, 1); negative start/stop count from the end.
 */
export type SliceRange = readonly [start?: number | undefined, stop?: number | undefined, step?: number | undefined];

function checkInt(op: string, what: string, v: unknown): number {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValueError(`${op}: ${what} must be an integer, got ${describe(v)}`);
  return v;
}

/** Python's slice.indices for a positive step: clamps start and stop into [0, n]. */
function sliceBounds(r: SliceRange, n: number, axis: number): [start: number, len: number, step: number] {
  const [start, stop, step] = r.map((v, k) =>
    v === undefined ? undefined : checkInt('slice', `${['start', 'stop', 'step'][k]} of the range for axis ${axis}`, v),
  );
  if (step !== undefined && step <= 0) throw new ValueError(`slice: step must be a positive integer, got ${step} for axis ${axis}`);
  const clamp = (v: number | undefined, dflt: number) => (v === undefined ? dflt : Math.min(Math.max(v < 0 ? v + n : v, 0), n));
  const s = clamp(start, 0);
  const e = clamp(stop, n);
  const st = step ?? 1;
  return [s, Math.max(0, Math.ceil((e - s) / st)), st];
}

/**
 * Python-style basic slicing: one `[start, stop, step]` per leading axis (axes left out are kept whole).
 * Out-of-range bounds clamp as in Python; the step must be positive. The result is a view (no copy).
 * @example arange(10).slice([[1, -1, 3]]) // [1, 4, 7]
 * @example x.slice([[undefined, undefined, 2], [-1]]) // even rows, last column (kept as size 1)
 */
export function slice(x: Tensor, ranges: readonly SliceRange[]): Tensor {
  const t = checkTensor('slice', x);
  if (!Array.isArray(ranges)) throw new ValueError(`slice: ranges must be an array of [start, stop, step], got ${describe(ranges)}`);
  if (ranges.length > t.ndim) {
    throw new ShapeError(`slice: got ${ranges.length} ranges for a tensor of shape ${fmtShape(t._shape)} (at most ${t.ndim})`);
  }
  const starts: number[] = [];
  const steps: number[] = [];
  const shape: number[] = [];
  t._shape.forEach((n, i) => {
    const r: unknown = ranges[i] ?? [];
    if (!Array.isArray(r) || r.length > 3) throw new ValueError(`slice: range for axis ${i} must be [start?, stop?, step?], got ${describe(r)}`);
    const [s, len, st] = sliceBounds(r as unknown as SliceRange, n, i);
    starts.push(s);
    steps.push(st);
    shape.push(len);
  });
  if (shape.every((d, i) => d === t._shape[i] && starts[i] === 0 && (steps[i] === 1 || d <= 1))) return t;
  return apply('slice', [t], { starts, steps, shape });
}

/**
 * Pads x: `widths` holds one `[before, after]` pair per axis in NumPy order (first axis first). The third
 * argument is the constant fill (default 0, stored in x's dtype) or `{ mode, value }` with mode 'constant',
 * 'reflect', 'replicate' or 'circular' (PyTorch's F.pad modes, on any axes). The gradient of a constant pad
 * is the interior slice of g; in the other modes border entries send their gradient to the entries they copy.
 * @example pad(ones([2, 2]), [[1, 1], [0, 2]]) // shape [4, 4]
 * @example pad(tensor([1, 2, 3]), [[2, 1]], { mode: 'reflect' }) // [3, 2, 1, 2, 3, 2]
 */
export function pad(x: Tensor, widths: readonly (readonly [number, number])[], valueOrOptions: number | PadOptions = 0): Tensor {
  const t = checkTensor('pad', x);
  const opts = typeof valueOrOptions === 'object' && valueOrOptions !== null ? valueOrOptions : { value: valueOrOptions };
  const { mode = 'constant', value = 0 } = opts;
  if (!['constant', 'reflect', 'replicate', 'circular'].includes(mode)) {
    throw new ValueError(`pad: mode must be 'constant', 'reflect', 'replicate' or 'circular', got ${describe(mode)}`);
  }
  if (!Array.isArray(widths) || widths.length !== t.ndim) {
    throw new ShapeError(`pad: widths needs one [before, after] pair per axis: ${t.ndim} for shape ${fmtShape(t._shape)}, got ${describe(widths)}`);
  }
  if (typeof value !== 'number') throw new ValueError(`pad: value must be a number, got ${describe(value)}`);
  const w = widths.map((p: unknown, i): [number, number] => {
    if (!Array.isArray(p) || p.length !== 2) throw new ValueError(`pad: widths[${i}] must be a [before, after] pair, got ${describe(p)}`);
    const [b, a] = p.map((v: unknown) => checkInt('pad', `widths[${i}]`, v)) as [number, number];
    if (b < 0 || a < 0) throw new ValueError(`pad: widths[${i}] is [${b},${a}]; widths must be non-negative (slice to crop)`);
    return [b, a];
  });
  if (w.every(([b, a]) => b === 0 && a === 0)) return t;
  return mode === 'constant' ? apply('pad', [t], { widths: w, value }) : padWithMode('pad', t, w, mode);
}

/**
 * Reverses the order of elements along the given axes (a copy, as PyTorch). The gradient is flipped back.
 * @example flip(tensor([[1, 2], [3, 4]]), 1) // [[2, 1], [4, 3]]
 */
export function flip(x: Tensor, axes: number | readonly number[]): Tensor {
  const t = checkTensor('flip', x);
  if (axes === undefined) throw new ValueError(`flip: axes are required (a number or a list) for shape ${fmtShape(t._shape)}`);
  const norm = normalizeAxes('flip', axes, t.ndim);
  return norm.length === 0 ? t : apply('flip', [t], { axes: norm });
}

/** Checks that `index` is an int32 tensor whose every value lies in [0, n); names the first bad one. */
function checkIndexValues(op: string, index: Tensor, n: number, axis: number, x: Tensor): void {
  if (index.dtype !== 'int32') {
    throw new DTypeError(`${op}: index must be an int32 tensor, got ${index.dtype} of shape ${fmtShape(index._shape)}`);
  }
  const data = elementsForCheck(index);
  for (let i = 0; i < index.size; i++) {
    const v = data[i]!;
    if (v < 0 || v >= n) {
      const strides = contiguousStrides(index._shape);
      const pos = strides.map((s, k) => Math.floor(i / s) % index._shape[k]!);
      throw new ValueError(
        `${op}: index value ${v} at position ${fmtShape(pos)} is out of range for axis ${axis} of size ${n} ` +
          `(input shape ${fmtShape(x._shape)}; valid: ${n === 0 ? 'none' : `[0, ${n - 1}]`})`,
      );
    }
  }
}

/**
 * torch.gather: out[i][j][k] = x[i][index[i][j][k]][k] for axis 1 (likewise for any axis). `index` is int32,
 * of x's rank, at most x's size on every other axis; the output has index's shape. The gradient adds g back
 * at the gathered positions (repeated indices accumulate).
 * @example gather(tensor([[1, 2], [3, 4]]), 1, tensor([[0, 0], [1, 0]], { dtype: 'int32' })) // [[1, 1], [4, 3]]
 */
export function gather(x: Tensor, axis: number, index: Tensor): Tensor {
  const t = checkTensor('gather', x);
  const idx = checkTensor('gather', index, 'index');
  if (idx.ndim !== t.ndim) {
    throw new ShapeError(`gather: index must have the input's rank: input ${fmtShape(t._shape)}, index ${fmtShape(idx._shape)}`);
  }
  if (t.ndim === 0) return reshape(gather(reshape(t, [1]), axis, reshape(idx, [1])), []);
  const a = normalizeAxis('gather', axis, t.ndim);
  idx._shape.forEach((d, i) => {
    if (i !== a && d > t._shape[i]!) {
      throw new ShapeError(`gather: index ${fmtShape(idx._shape)} is larger than input ${fmtShape(t._shape)} at dim ${i} (${d} vs ${t._shape[i]}; only axis ${a} may differ)`);
    }
  });
  checkIndexValues('gather', idx, t._shape[a]!, a, t);
  return apply('gather', [t, idx], { axis: a });
}

/**
 * Picks entries along `axis` by a 1-D int32 `index` (torch.index_select); the output has `index.size`
 * entries on that axis. Repeated indices are allowed; their gradients add up.
 * @example indexSelect(x, 0, tensor([2, 0], { dtype: 'int32' })) // rows 2 and 0
 */
export function indexSelect(x: Tensor, axis: number, index: Tensor): Tensor {
  const t = checkTensor('indexSelect', x);
  const idx = checkTensor('indexSelect', index, 'index');
  if (idx.ndim > 1) throw new ShapeError(`indexSelect: index must be 1-D, got shape ${fmtShape(idx._shape)} (input ${fmtShape(t._shape)})`);
  const a = normalizeAxis('indexSelect', axis, t.ndim);
  checkIndexValues('indexSelect', idx, t._shape[a]!, a, t);
  return apply('indexSelect', [t, idx], { axis: a });
}

/**
 * Tiles x (torch.Tensor.repeat): `reps[i]` copies along axis i; with more reps than axes, x gets leading
 * size-1 axes first. Built from reshape and expand, so expand's vjp sums the copies' gradients.
 * @example repeat(tensor([1, 2]), [2, 2]) // [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function repeat(x: Tensor, reps: readonly number[]): Tensor {
  const t = checkTensor('repeat', x);
  if (!Array.isArray(reps)) throw new ValueError(`repeat: reps must be an array of non-negative integers, got ${describe(reps)}`);
  if (reps.length < t.ndim) {
    throw new ShapeError(`repeat: got ${reps.length} reps for a tensor of shape ${fmtShape(t._shape)}; need at least ${t.ndim}`);
  }
  reps.forEach((r, i) => {
    if (checkInt('repeat', `reps[${i}]`, r) < 0) throw new ValueError(`repeat: reps[${i}] is ${r}; reps must be non-negative`);
  });
  const shape = [...new Array<number>(reps.length - t.ndim).fill(1), ...t._shape];
  // [s0, s1] -> [1, s0, 1, s1] -> expand to [r0, s0, r1, s1] -> merge pairs into [r0 s0, r1 s1].
  const spread = reshape(t, shape.flatMap((d) => [1, d]));
  const tiled = expand(spread, shape.flatMap((d, i) => [reps[i]!, d]));
  const out = shape.map((d, i) => d * reps[i]!);
  return sameShape(out, t._shape) ? t : reshape(tiled, out);
}
