/**
 * Every error nabla throws on bad input is a `NablaError`, so callers can catch the library's errors as one
 * family and still tell shape problems from dtype, graph and value problems. Messages name the op, every
 * operand's full shape and what would be valid (see BAD-INPUTS.md).
 */
export class NablaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** Shapes that do not fit: broadcasting, matmul inner sizes, reshape counts, axes out of range. */
export class ShapeError extends NablaError {}

/** A dtype an op cannot take, e.g. differentiating through int32. */
export class DTypeError extends NablaError {}

/** Misuse of the autodiff graph: backward twice, backward without a graph, wrong-shaped gradients. */
export class GraphError extends NablaError {}

/** A value out of its valid range or of the wrong kind: NaN dimensions, p outside [0, 1), a string where a number goes. */
export class ValueError extends NablaError {}

/** Formats a shape as `[2,3]` the same way in every message. */
export const fmtShape = (shape: readonly number[]): string => `[${shape.join(',')}]`;

/** Describes an arbitrary received value for error messages about wrong argument kinds. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'object') return `an object (${(x as object).constructor?.name ?? 'Object'})`;
  if (typeof x === 'string') return `the string ${JSON.stringify(x)}`;
  return `${typeof x} ${String(x)}`;
}
