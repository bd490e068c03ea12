import { ValueError, fmtShape } from '../errors.js';
import type { TypedArray } from './dtype.js';

/** Smallest and largest int32 values. */
export const INT32_MIN = -2147483648;
export const INT32_MAX = 2147483647;

/**
 * True when `v` can be stored as int32 without wrapping: finite, and in range once truncated toward zero
 * (fractions truncate, as PyTorch's float-to-int conversion does).
 */
export const fitsInt32 = (v: number): boolean => {
  const t = Math.trunc(v);
  return t >= INT32_MIN && t <= INT32_MAX;
};

/** The multi-index of flat position `i` in a row-major `shape`, e.g. `[1][2]`, for error messages. */
function indexOf(i: number, shape: readonly number[]): string {
  if (shape.length === 0) return '(the only element)';
  const idx = new Array<number>(shape.length);
  for (let a = shape.length - 1; a >= 0; a--) {
    const d = shape[a]!;
    idx[a] = d === 0 ? 0 : i % d;
    i = d === 0 ? 0 : Math.floor(i / d);
  }
  return `at [${idx.join('][')}]`;
}

/** The message for a value that int32 cannot hold; NaN and infinities say so instead of a range. */
export function int32Problem(v: number): string {
  if (Number.isNaN(v)) return 'NaN has no int32 value';
  if (!Number.isFinite(v)) return `${v} has no int32 value`;
  return `${v} is outside the int32 range [${INT32_MIN}, ${INT32_MAX}]`;
}

/**
 * Throws a ValueError naming the op, the first value int32 cannot hold and its index in `shape`, so a
 * conversion to int32 never silently wraps (3e9 becoming -1294967296) or turns NaN into 0.
 * @internal
 */
export function checkInt32Values(op: string, values: ArrayLike<number>, shape: readonly number[], hint: string): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!fitsInt32(v)) {
      throw new ValueError(`${op}: ${int32Problem(v)} (element ${indexOf(i, shape)} of shape ${fmtShape(shape)}); ${hint}`);
    }
  }
}

/** @internal Throws unless a single number (a fill value, an operand) fits int32. */
export function checkInt32Number(op: string, name: string, v: number, hint: string): void {
  if (!fitsInt32(v)) throw new ValueError(`${op}: ${name} ${int32Problem(v)}; ${hint}`);
}

/** @internal Copies checked values into a fresh Int32Array (truncating fractions toward zero). */
export function toInt32Array(op: string, values: ArrayLike<number>, shape: readonly number[], hint: string): TypedArray {
  checkInt32Values(op, values, shape, hint);
  return Int32Array.from(values as ArrayLike<number>);
}
