import { ShapeError, ValueError, describe, fmtShape } from '../errors.js';
import { floatOperand } from '../ops/operand.js';
import type { Tensor } from '../tensor/tensor.js';

/**
 * Throws a ValueError naming the op and the first failing batch element when a kernel's info array
 * reports one (PyTorch's linalg.*_ex info), as "linalg.inv: batch element 2 of input [3, 4, 4]: ...".
 */
export function checkInfo(op: string, info: Int32Array, shape: readonly number[], what: (code: number) => string): void {
  const bad = info.findIndex((v) => v !== 0);
  if (bad < 0) return;
  const where = info.length > 1 ? `batch element ${bad} of ` : '';
  throw new ValueError(`${op}: ${where}input ${fmtShape(shape)}: ${what(info[bad]!)}`);
}

/** A float (int32 is computed in float32) matrix or batch of matrices [..., m, n]; otherwise a ShapeError. */
export function checkMatrix(op: string, x: unknown, name = 'A'): Tensor {
  const t = floatOperand(op, x);
  if (t.ndim < 2) throw new ShapeError(`${op}: ${name} must be a matrix or a batch of matrices [..., m, n], got shape ${fmtShape(t._shape)}`);
  return t;
}

/** As checkMatrix, and square: [..., n, n]. */
export function checkSquare(op: string, x: unknown, name = 'A'): Tensor {
  const t = checkMatrix(op, x, name);
  const [m, n] = t._shape.slice(-2) as [number, number];
  if (m !== n) throw new ShapeError(`${op}: ${name} must be a square matrix or a batch of square matrices [..., n, n], got shape ${fmtShape(t._shape)} (${m} x ${n})`);
  return t;
}

/** [...batch, m, n] as [product(batch), m, n], with the batch shape to restore. */
export function toBatch(x: Tensor): { x3: Tensor; batch: number[] } {
  const batch = x._shape.slice(0, -2);
  const [m, n] = x._shape.slice(-2) as [number, number];
  return { x3: x.reshape([batch.reduce((p, d) => p * d, 1), m, n]), batch };
}

/** Throws a ValueError unless `opts` is undefined or a plain object whose keys are all in `allowed`. */
export function checkOptions(op: string, opts: unknown, allowed: readonly string[]): void {
  if (opts === undefined) return;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw new ValueError(`${op}: options must be an object, got ${describe(opts)}`);
  for (const k of Object.keys(opts)) {
    if (!allowed.includes(k)) throw new ValueError(`${op}: unknown option '${k}' (expected ${allowed.map((a) => `'${a}'`).join(', ')})`);
  }
}

/** A boolean option's value (default when undefined); anything else is a ValueError. */
export function boolOption(op: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new ValueError(`${op}: option '${name}' must be a boolean, got ${describe(v)}`);
  return v;
}
