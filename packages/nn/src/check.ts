import { DTypeError, Generator, ShapeError, Tensor, ValueError, describe, fmtShape, type DType } from '@nabla/autograd';
import { checkOptionKeys } from './option-keys.js';

/** @internal Argument checks shared by layers and functional ops; each names the op and the argument. */

/**
 * The options object of an op (undefined becomes {}); anything else than an object is an error, and so is a key
 * outside `keys` (when given): the message names the unknown key, a likely intended one and every valid key.
 */
export function options<T extends object>(op: string, opts: T | undefined, keys?: readonly string[]): T {
  if (opts === undefined) return {} as T;
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw new ValueError(`${op}: options must be an object, got ${describe(opts)}`);
  if (keys) checkOptionKeys(op, opts, keys);
  return opts;
}

/** A Tensor argument. */
export function tensorArg(op: string, name: string, x: unknown): Tensor {
  if (x instanceof Tensor) return x;
  throw new ValueError(`${op}: ${name} must be a Tensor, got ${describe(x)}`);
}

/** A float Tensor argument (a value that gradients flow through). */
export function floatArg(op: string, name: string, x: unknown): Tensor {
  const t = tensorArg(op, name, x);
  if (t.dtype === 'int32') throw new DTypeError(`${op}: ${name} must be float32 or float64, got int32 of shape ${fmtShape(t.shape)}`);
  return t;
}

/** An optional Tensor argument (undefined and null mean absent). */
export function optionalTensor(op: string, name: string, x: unknown): Tensor | undefined {
  return x === undefined || x === null ? undefined : tensorArg(op, name, x);
}

/** An integer >= `min`. */
export function intArg(op: string, name: string, v: unknown, min: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min) throw new ValueError(`${op}: ${name} must be an integer >= ${min}, got ${describe(v)}`);
  return v;
}

/** A finite number (or `fallback` when undefined), optionally bounded below. */
export function numArg(op: string, name: string, v: unknown, fallback: number, opts: { min?: number; exclusiveMin?: boolean } = {}): number {
  const x = v === undefined ? fallback : v;
  if (typeof x !== 'number' || !Number.isFinite(x)) throw new ValueError(`${op}: ${name} must be a finite number, got ${describe(v)}`);
  if (opts.min !== undefined && (opts.exclusiveMin ? x <= opts.min : x < opts.min)) {
    throw new ValueError(`${op}: ${name} must be ${opts.exclusiveMin ? '>' : '>='} ${opts.min}, got ${x}`);
  }
  return x;
}

/** A boolean option (or `fallback` when undefined). */
export function boolArg(op: string, name: string, v: unknown, fallback: boolean): boolean {
  const x = v === undefined ? fallback : v;
  if (typeof x !== 'boolean') throw new ValueError(`${op}: ${name} must be a boolean, got ${describe(v)}`);
  return x;
}

/** A float dtype option, float32 by default. */
export function dtypeArg(op: string, v: unknown): 'float32' | 'float64' {
  const x = v === undefined ? 'float32' : v;
  if (x !== 'float32' && x !== 'float64') throw new ValueError(`${op}: dtype must be 'float32' or 'float64', got ${describe(v)}`);
  return x;
}

/** A Generator option, or undefined for the global one. */
export function generatorArg(op: string, v: unknown): Generator | undefined {
  if (v === undefined) return undefined;
  if (!(v instanceof Generator)) throw new ValueError(`${op}: generator must be a Generator, got ${describe(v)}`);
  return v;
}

/** One of a fixed set of strings. */
export function oneOf<T extends string>(op: string, name: string, v: unknown, allowed: readonly T[], fallback: T): T {
  const x = v === undefined ? fallback : v;
  if (!allowed.includes(x as T)) throw new ValueError(`${op}: ${name} must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got ${describe(v)}`);
  return x as T;
}

/** Throws a ShapeError unless a and b have exactly the same shape (losses never broadcast). */
export function sameShapeArg(op: string, a: Tensor, aName: string, b: Tensor, bName: string): void {
  if (a.ndim !== b.ndim || a.shape.some((d, i) => d !== b.shape[i])) {
    throw new ShapeError(`${op}: ${aName} has shape ${fmtShape(a.shape)} but ${bName} has shape ${fmtShape(b.shape)}; they must match (no broadcasting)`);
  }
}

/** The float dtype two tensors compute in (float64 if either is). */
export const floatOf = (...ts: Tensor[]): DType => (ts.some((t) => t.dtype === 'float64') ? 'float64' : 'float32');
