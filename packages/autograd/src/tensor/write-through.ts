import { ValueError, fmtShape } from '../errors.js';
import type { TypedArray } from './dtype.js';

/** The part of a tensor a write-through needs: its view of the shared storage. */
interface View {
  readonly _shape: readonly number[];
  readonly _strides: readonly number[];
  readonly _offset: number;
  readonly _storage: { data: TypedArray };
}

/**
 * @internal True when the view's elements lie densely in row-major order from its offset (a row slice,
 * a reshape): it can then be written through a `subarray` of the storage directly.
 */
export function isDense(t: View): boolean {
  let s = 1;
  for (let i = t._shape.length - 1; i >= 0; i--) {
    if (t._shape[i] !== 1 && t._strides[i] !== s) return false;
    s *= t._shape[i]!;
  }
  return true;
}

/**
 * @internal Throws when several elements of the view share one memory location (an `expand`ed view):
 * a write through it would be ambiguous, as PyTorch also refuses.
 */
export function checkNoOverlap(op: string, t: View): void {
  const axis = t._shape.findIndex((d, i) => d > 1 && t._strides[i] === 0);
  if (axis >= 0) {
    throw new ValueError(
      `${op}: cannot write through a view of shape ${fmtShape(t._shape)} whose axis ${axis} is broadcast (expanded): ` +
        `several of its elements share one memory location; clone() it first`,
    );
  }
}

/**
 * @internal Copies `src` (the view's elements in row-major order) into the storage positions the view
 * covers, so a write to a strided view (slice with a step, transpose, permute) reaches its base tensor.
 * An odometer over the shape, iterative: any number of axes.
 */
export function scatterInto(t: View, src: TypedArray): void {
  const { _shape: shape, _strides: strides } = t;
  const data = t._storage.data;
  const n = shape.length;
  if (n === 0) {
    if (src.length > 0) data[t._offset] = src[0]!;
    return;
  }
  const index = new Array<number>(n).fill(0);
  const last = n - 1;
  const inner = shape[last]!;
  const innerStride = strides[last]!;
  let pos = t._offset;
  for (let k = 0; k < src.length; k += inner) {
    for (let j = 0; j < inner; j++) data[pos + j * innerStride] = src[k + j]!;
    // Advance the outer axes like an odometer, moving `pos` by each axis's stride.
    let a = last - 1;
    while (a >= 0) {
      index[a]!++;
      pos += strides[a]!;
      if (index[a]! < shape[a]!) break;
      pos -= strides[a]! * shape[a]!;
      index[a] = 0;
      a--;
    }
  }
}
