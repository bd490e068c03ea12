import { ValueError, describe } from '../errors.js';

/** An options argument: undefined (no options) or a plain object; anything else names the op. */
export function checkOpts(op: string, opts: unknown): Record<string, unknown> {
  if (opts === undefined) return {};
  if (typeof opts !== 'object' || opts === null || Array.isArray(opts)) throw new ValueError(`${op}: options must be an object, got ${describe(opts)}`);
  return opts as Record<string, unknown>;
}

/** A boolean option, `dflt` when absent. */
export function checkBool(op: string, name: string, v: unknown, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (typeof v !== 'boolean') throw new ValueError(`${op}: ${name} must be a boolean, got ${describe(v)}`);
  return v;
}

