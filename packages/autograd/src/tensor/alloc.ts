import { ValueError, fmtShape } from '../errors.js';
import { allocate, type DType, type TypedArray } from './dtype.js';
import { sizeOf } from './shape.js';

/**
 * The most elements one tensor may hold: 2^32, the typed-array length limit of V8 (Node, Chrome); other
 * engines may stop earlier, which `allocateFor` reports the same way.
 */
export const MAX_ELEMENTS = 2 ** 32;

const BYTES: Record<DType, number> = { float32: 4, float64: 8, int32: 4 };

function fmtBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  const exact = n < 1e15 ? String(n) : n.toExponential(2);
  return u === 0 ? `${exact} bytes` : `${exact} bytes (${v.toFixed(1)} ${units[u]})`;
}

/**
 * @internal Throws a ValueError naming the op, the shape, the element count and the bytes it would need
 * when a tensor of `shape` cannot exist (more than MAX_ELEMENTS elements), instead of the engine's
 * op-less RangeError. Call it before any work so nothing is half-done.
 */
export function checkElementCount(op: string, shape: readonly number[], dtype: DType): number {
  const n = sizeOf(shape);
  if (n > MAX_ELEMENTS) {
    throw new ValueError(
      `${op}: shape ${fmtShape(shape)} has ${n} elements, which would need ${fmtBytes(n * BYTES[dtype])} as ${dtype}; ` +
        `a tensor holds at most ${MAX_ELEMENTS} elements`,
    );
  }
  return n;
}

/**
 * @internal Allocates a zero-filled array for a fresh tensor of `shape`, turning the engine's RangeError
 * (too many elements, or out of memory) into a ValueError that names the op, the shape and the bytes.
 */
export function allocateFor(op: string, dtype: DType, shape: readonly number[]): TypedArray {
  const n = checkElementCount(op, shape, dtype);
  try {
    return allocate(dtype, n);
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    throw new ValueError(`${op}: cannot allocate ${fmtBytes(n * BYTES[dtype])} for shape ${fmtShape(shape)} as ${dtype} (${e.message})`);
  }
}
