import { DTypeError, Generator, Tensor, ValueError, defaultGenerator, describe, fmtShape, noGrad, tensor } from '@nabla/autograd';

/** @internal init's target check (a float tensor) under the initialiser's name. */
function target(op: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`init.${op}: tensor must be a Tensor, got ${describe(t)}`);
  if (t.dtype === 'int32') throw new DTypeError(`init.${op}: needs a float tensor, got int32 of shape ${fmtShape(t.shape)}`);
  return t;
}

function finite(op: string, name: string, v: unknown, fallback: number): number {
  const x = v === undefined ? fallback : v;
  if (typeof x !== 'number' || Number.isNaN(x)) throw new ValueError(`init.${op}: ${name} must be a number, got ${describe(v)}`);
  return x;
}

/** Options of `truncNormal` (PyTorch's trunc_normal_). */
export interface TruncNormalOptions {
  /** Mean of the normal (default 0). */
  mean?: number;
  /** Standard deviation of the normal (default 1). */
  std?: number;
  /** Lower cut-off (default -2, in absolute units as PyTorch, not in stds). */
  a?: number;
  /** Upper cut-off (default 2). */
  b?: number;
  /** The random source; the global generator when omitted. */
  generator?: Generator;
}

/**
 * Fills with N(mean, std^2) truncated to [a, b], by PyTorch's inverse-CDF method (uniform between the
 * cut-offs' CDF values, mapped through erfinv, clamped to [a, b]).
 * @example init.truncNormal(w, { std: 0.02 }) // ViT-style
 */
export function truncNormal<T extends Tensor>(t: T, opts: TruncNormalOptions = {}): T {
  const op = 'truncNormal';
  target(op, t);
  if (typeof opts !== 'object' || opts === null) throw new ValueError(`init.${op}: options must be an object, got ${describe(opts)}`);
  const mean = finite(op, 'mean', opts.mean, 0);
  const std = finite(op, 'std', opts.std, 1);
  const a = finite(op, 'a', opts.a, -2);
  const b = finite(op, 'b', opts.b, 2);
  if (!(std >= 0)) throw new ValueError(`init.${op}: std must be >= 0, got ${std}`);
  if (!(a < b)) throw new ValueError(`init.${op}: need a < b, got a=${a}, b=${b}`);
  const g = opts.generator ?? defaultGenerator();
  if (!(g instanceof Generator)) throw new ValueError(`init.${op}: generator must be a Generator, got ${describe(g)}`);
  const cdf = (x: number) => (std === 0 ? (x >= mean ? 1 : 0) : tensor([(x - mean) / std / Math.SQRT2], { dtype: 'float64' }).erf().item() * 0.5 + 0.5);
  const [l, u] = [cdf(a), cdf(b)];
  const draws = new Float64Array(t.size);
  for (let i = 0; i < draws.length; i++) draws[i] = g.uniform(2 * l - 1, 2 * u - 1);
  const vals = tensor(draws).erfinv().mul(std * Math.SQRT2).add(mean).clamp(a, b).data();
  noGrad(() => t.mutate((d) => d.set(vals)));
  return t;
}

/**
 * Fills a 3-, 4- or 5-D convolution weight [out, in, ...k] with the Dirac delta: a convolution with it
 * passes the first min(out/groups, in) channels of each group through unchanged (PyTorch's dirac_).
 * @example init.dirac(conv.weight) // identity 3x3 convolution
 */
export function dirac<T extends Tensor>(t: T, groups = 1): T {
  const op = 'dirac';
  target(op, t);
  if (t.ndim < 3 || t.ndim > 5) throw new ValueError(`init.${op}: only 3-, 4- and 5-D tensors are supported, got shape ${fmtShape(t.shape)}`);
  if (typeof groups !== 'number' || !Number.isInteger(groups) || groups < 1 || t.shape[0]! % groups !== 0) {
    throw new ValueError(`init.${op}: groups must be a positive integer dividing dim 0 of ${fmtShape(t.shape)}, got ${describe(groups)}`);
  }
  const outPer = t.shape[0]! / groups;
  const minDim = Math.min(outPer, t.shape[1]!);
  const k = t.shape.slice(2);
  const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((x, y) => x * y, 1));
  const centre = k.reduce((acc, kk, i) => acc + Math.floor(kk / 2) * strides[i + 2]!, 0);
  noGrad(() => t.mutate((d) => {
    d.fill(0);
    for (let g = 0; g < groups; g++) for (let c = 0; c < minDim; c++) d[(g * outPer + c) * strides[0]! + c * strides[1]! + centre] = 1;
  }));
  return t;
}

/**
 * Fills a 2-D tensor with the identity matrix (ones on the main diagonal of a rectangle), as PyTorch's eye_.
 * @example init.eye(linear.weight)
 */
export function eye<T extends Tensor>(t: T): T {
  target('eye', t);
  if (t.ndim !== 2) throw new ValueError(`init.eye: only 2-D tensors are supported, got shape ${fmtShape(t.shape)}`);
  const [r, c] = t.shape as [number, number];
  noGrad(() => t.mutate((d) => {
    d.fill(0);
    for (let i = 0; i < Math.min(r, c); i++) d[i * c + i] = 1;
  }));
  return t;
}
