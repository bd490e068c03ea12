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

/**
 * @internal The key under which `Tensor.prototype` carries the identity of the loaded copy of this library. It is
 * a global symbol, so a Tensor made by a second copy (two versions installed side by side) is still recognised,
 * and `describe` can say why `instanceof Tensor` failed.
 */
export const TENSOR_BRAND: symbol = Symbol.for('@nabla/autograd.Tensor');
/** @internal This copy's identity, the value of `TENSOR_BRAND` on its own Tensors. */
export const THIS_COPY: object = Object.freeze({ copy: '@nabla/autograd' });

/** Describes an arbitrary received value for error messages about wrong argument kinds. */
export function describe(x: unknown): string {
  if (x === null) return 'null';
  if (x === undefined) return 'undefined';
  if (Array.isArray(x)) return `an array of length ${x.length}`;
  if (typeof x === 'object') {
    const brand = (x as Record<symbol, unknown>)[TENSOR_BRAND];
    if (brand !== undefined && brand !== THIS_COPY) {
      return (
        'a Tensor from another copy of @nabla/autograd: two copies of the library are loaded, and a Tensor of one ' +
        'is not a Tensor of the other (`npm ls @nabla/autograd` lists them; install a single version, which ' +
        '@nabla/nn and @nabla/optim share as a peer dependency)'
      );
    }
    return `an object (${(x as object).constructor?.name ?? 'Object'})`;
  }
  if (typeof x === 'string') return `the string ${JSON.stringify(x)}`;
  if (typeof x === 'function') return `a function${x.name ? ` (${x.name})` : ''}`;
  return `${typeof x} ${String(x)}`;
}

/** snake_case to camelCase: PyTorch's `max_lr` is nabla's `maxLr`, its `T_max` our `tMax`. */
function camel(key: string): string {
  const c = key.replace(/_+([a-zA-Z0-9])/g, (_m, ch: string) => ch.toUpperCase());
  return c.charAt(0).toLowerCase() + c.slice(1);
}

/**
 * Throws a ValueError unless `options` is an object holding every `required` option. The message names each
 * missing option and the keys that were given, and points out PyTorch's snake_case spellings.
 * @example
 * requireOptions('StepLR', { step_size: 2 }, ['stepSize']);
 * // ValueError: StepLR: missing option 'stepSize' (the options given were: step_size; did you mean stepSize for step_size?)
 */
export function requireOptions(op: string, options: unknown, required: readonly string[]): void {
  const want = required.join(', ');
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ValueError(`${op}: expected an options object with ${want}, got ${describe(options)}`);
  }
  const given = Object.keys(options);
  const missing = required.filter((k) => (options as Record<string, unknown>)[k] === undefined);
  if (missing.length === 0) return;
  const names = missing.map((k) => `'${k}'`).join(', ');
  const list = given.length === 0 ? 'no options were given' : `the options given were: ${given.join(', ')}`;
  const hints = given.filter((k) => k !== camel(k) && missing.includes(camel(k))).map((k) => `${camel(k)} for ${k}`);
  const hint = hints.length === 0 ? '' : `; did you mean ${hints.join(', ')}?`;
  throw new ValueError(`${op}: missing option${missing.length > 1 ? 's' : ''} ${names} (${list}${hint})`);
}
