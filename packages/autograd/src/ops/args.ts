import { ValueError, describe } from '../errors.js';

/** Validates an options argument (plain JS callers may pass anything): undefined gives {}. */
export function optionsOf<T extends object>(op: string, opts: unknown, example: string): Partial<T> {
  if (opts === undefined) return {};
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) {
    throw new ValueError(`${op}: options must be an object like ${example}, got ${describe(opts)}`);
  }
  return opts as Partial<T>;
}

/** A number argument that must not be NaN (finite unless `allowInfinite`). */
export function numberArg(op: string, name: string, v: unknown, allowInfinite = false): number {
  if (typeof v !== 'number' || Number.isNaN(v) || (!allowInfinite && !Number.isFinite(v))) {
    throw new ValueError(`${op}: ${name} must be a ${allowInfinite ? '' : 'finite '}number, got ${describe(v)}`);
  }
  return v;
}

/** An integer argument within [min, max]. */
export function intArg(op: string, name: string, v: unknown, min = -Infinity, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    const range = min === -Infinity ? '' : max === Infinity ? ` >= ${min}` : ` in [${min}, ${max}]`;
    throw new ValueError(`${op}: ${name} must be an integer${range}, got ${describe(v)}`);
  }
  return v;
}

/** A boolean argument. */
export function boolArg(op: string, name: string, v: unknown): boolean {
  if (typeof v !== 'boolean') throw new ValueError(`${op}: ${name} must be a boolean, got ${describe(v)}`);
  return v;
}
