import type { DType, TypedArray } from '../../tensor/dtype.js';
import { allocate } from '../../tensor/dtype.js';
import { contiguousStrides } from '../../tensor/shape.js';
import type { Strided } from '../backend.js';
import { forEachRow } from './strided-loop.js';

function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/**
 * Copies the view `x` of `shape` into `out` at the destination layout (`offset`, `strides`). The
 * destination is walked as a second strided view, so forEachRow advances both in one odometer.
 */
function writeInto(out: TypedArray, x: Strided, shape: readonly number[], offset: number, strides: readonly number[]): void {
  const src = x.data;
  forEachRow([x, { data: out, offset, strides }], shape, ([ix, io], _o, n, [sx, so]) => {
    for (let j = 0, i = ix!, k = io!; j < n; j++, i += sx!, k += so!) out[k] = src[i]!;
  });
}

/**
 * A fresh array of `outShape` filled with `fill`, holding x so that its element i (per axis) lands at
 * starts + i * steps: padding, and the scatter that is the adjoint of a strided slice.
 */
export function embed(
  x: Strided, shape: readonly number[], outShape: readonly number[],
  starts: readonly number[], steps: readonly number[], fill: number, dtype: DType,
): TypedArray {
  const out = allocate(dtype, sizeOf(outShape));
  if (!Object.is(fill, 0)) out.fill(fill); // -0 must stay -0
  const cs = contiguousStrides(outShape);
  let offset = 0;
  for (let i = 0; i < cs.length; i++) offset += starts[i]! * cs[i]!;
  writeInto(out, x, shape, offset, cs.map((s, i) => s * steps[i]!));
  return out;
}

/** Joins views along `axis` into a fresh contiguous array; the shapes agree except at `axis`. */
export function concat(xs: readonly Strided[], shapes: readonly (readonly number[])[], axis: number, dtype: DType): TypedArray {
  const outShape = shapes[0]!.slice();
  outShape[axis] = shapes.reduce((n, s) => n + s[axis]!, 0);
  const out = allocate(dtype, sizeOf(outShape));
  const cs = contiguousStrides(outShape);
  let at = 0;
  for (let k = 0; k < xs.length; k++) {
    writeInto(out, xs[k]!, shapes[k]!, at * cs[axis]!, cs);
    at += shapes[k]![axis]!;
  }
  return out;
}

/** The view with the stride of `axis` set to 0: walking it visits the start of each line along `axis`. */
function lineStarts(x: Strided, axis: number): Strided {
  return { data: x.data, offset: x.offset, strides: x.strides.map((s, i) => (i === axis ? 0 : s)) };
}

/**
 * out[p] = x[p with its `axis` coordinate replaced by index[p]] over `shape` (torch.gather). `index` is an
 * int32 view of `shape` (an index-select passes a 1-D index with zero strides off `axis`). Indices are
 * validated by the op.
 */
export function gather(x: Strided, index: Strided, shape: readonly number[], axis: number, dtype: DType): TypedArray {
  const out = allocate(dtype, sizeOf(shape));
  const src = x.data;
  const idx = index.data;
  const sa = x.strides[axis]!;
  forEachRow([lineStarts(x, axis), index], shape, ([ib, ii], o, n, [sb, si]) => {
    for (let j = 0, b = ib!, i = ii!; j < n; j++, b += sb!, i += si!) out[o + j] = src[b + idx[i]! * sa]!;
  });
  return out;
}

/**
 * The adjoint of gather: a zero array of `outShape` where out[p with axis coordinate index[p]] += src[p]
 * for every p in `shape`. Float32 sums go through a float64 accumulator so repeated indices keep precision.
 */
export function scatterAdd(
  src: Strided, index: Strided, shape: readonly number[], axis: number, outShape: readonly number[], dtype: DType,
): TypedArray {
  const acc = dtype === 'float32' ? new Float64Array(sizeOf(outShape)) : allocate(dtype, sizeOf(outShape));
  const cs = contiguousStrides(outShape);
  const sa = cs[axis]!;
  const s = src.data;
  const idx = index.data;
  const dst = lineStarts({ data: acc, offset: 0, strides: cs }, axis);
  forEachRow([src, index, dst], shape, ([is, ii, id], _o, n, [ss, si, sd]) => {
    for (let j = 0, p = is!, i = ii!, d = id!; j < n; j++, p += ss!, i += si!, d += sd!) acc[d + idx[i]! * sa]! += s[p]!;
  });
  if (dtype !== 'float32') return acc;
  const out = allocate(dtype, acc.length);
  out.set(acc);
  return out;
}
