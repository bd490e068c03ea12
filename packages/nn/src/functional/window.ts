import { ShapeError, Tensor, ValueError, describe, fmtShape } from '@nabla/autograd';

/** @internal Option names of maxPool2d and MaxPool2d (ceilMode and returnIndices only as false). */
export const MAX_POOL_KEYS = ['stride', 'padding', 'dilation', 'ceilMode', 'returnIndices'];
/** @internal Option names of avgPool2d and AvgPool2d (ceilMode only as false). */
export const AVG_POOL_KEYS = ['stride', 'padding', 'countIncludePad', 'divisorOverride', 'ceilMode'];

/** A size per spatial axis, or one number for all of them (PyTorch's int-or-tuple arguments). */
export type SpatialSize = number | readonly number[];

/**
 * Reads an int-or-tuple option for `nd` spatial axes as integers >= `min`, naming the op and option when it
 * is not one.
 */
export function spatial(op: string, name: string, v: unknown, nd: number, min: number): number[] {
  const a = typeof v === 'number' ? new Array<number>(nd).fill(v) : v;
  if (!Array.isArray(a) || a.length !== nd || !a.every((d) => typeof d === 'number' && Number.isInteger(d) && d >= min)) {
    const want = nd === 1 ? `an integer >= ${min}` : `an integer >= ${min} or ${nd} of them`;
    throw new ValueError(`${op}: ${name} must be ${want}, got ${describe(v)}`);
  }
  return a as number[];
}

/** Output length along one axis: floor((n + padBefore + padAfter - d(k - 1) - 1) / s) + 1. */
export const outLength = (n: number, k: number, s: number, lo: number, hi: number, d: number): number =>
  Math.floor((n + lo + hi - d * (k - 1) - 1) / s) + 1;

/** Checks x is a Tensor of `nd + 2` dims (or `nd + 1`, unbatched) and returns it with a batch axis. */
export function batched(op: string, x: unknown, nd: number, layout: string): [Tensor, boolean] {
  if (!(x instanceof Tensor)) throw new ValueError(`${op}: x must be a Tensor, got ${describe(x)}`);
  if (x.ndim === nd + 2) return [x, true];
  if (x.ndim === nd + 1) return [x.unsqueeze(0), false];
  throw new ShapeError(`${op}: x must be ${nd + 2}-D ${layout} or ${nd + 1}-D without the batch axis, got shape ${fmtShape(x.shape)}`);
}

/**
 * Throws a ShapeError naming the op when a window of kernel `k` (dilation `d`) does not fit in the padded
 * input on some axis; otherwise returns the output lengths. `x` is the caller's input (batched or not).
 */
export function windowGrid(
  op: string, x: Tensor, k: readonly number[], s: readonly number[], pad: readonly (readonly [number, number])[], d: readonly number[],
): number[] {
  const spatialShape = x.shape.slice(x.ndim - k.length);
  const out = spatialShape.map((n, i) => outLength(n, k[i]!, s[i]!, pad[i]![0], pad[i]![1], d[i]!));
  if (out.some((n) => n < 1)) {
    const padded = spatialShape.map((n, i) => n + pad[i]![0] + pad[i]![1]);
    const span = k.map((kk, i) => d[i]! * (kk - 1) + 1);
    throw new ShapeError(
      `${op}: kernel ${fmtShape(k)} (dilation ${fmtShape(d)}, spanning ${fmtShape(span)}) is larger than the padded input ` +
        `${fmtShape(padded)} of x ${fmtShape(x.shape)}`,
    );
  }
  return out;
}

/**
 * Throws a ValueError for a PyTorch option this port leaves out (given a non-default value), so a caller
 * porting code from plain JS learns of it instead of having it silently ignored. `left` maps each option
 * to the only value supported.
 */
export function rejectUnsupported(op: string, opts: object, left: Record<string, unknown>): void {
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`${op}: options must be an object, got ${describe(opts)}`);
  for (const [name, only] of Object.entries(left)) {
    const v = (opts as Record<string, unknown>)[name];
    if (v !== undefined && v !== only) throw new ValueError(`${op}: option ${name} is not supported; got ${describe(v)}, only ${JSON.stringify(only)} (the default) is supported`);
  }
}
