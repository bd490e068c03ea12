import { Tensor, ValueError, defaultGenerator, describe, rand, type Generator } from '@nabla/autograd';
import { boolArg, floatArg, generatorArg, options } from '../check.js';

/** Options of `dropout`. */
export interface DropoutOptions {
  /** Probability of zeroing an element, in [0, 1); default 0.5. */
  p?: number;
  /** Apply dropout (default true); false makes it the identity. */
  training?: boolean;
  /** Random source; the global generator (`manualSeed`) when omitted. */
  generator?: Generator;
}

/** Checks a dropout probability: a number in [0, 1). */
export function checkDropoutP(op: string, p: unknown): number {
  const v = p === undefined ? 0.5 : p;
  if (typeof v !== 'number' || !(v >= 0 && v < 1)) {
    throw new ValueError(`${op}: dropout probability p must be a number in [0, 1), got ${describe(p)}`);
  }
  return v;
}

/**
 * Zeroes each element with probability p and scales the rest by 1 / (1 - p), so the expected value is x
 * (inverted dropout, as PyTorch). Identity when `training` is false or p = 0.
 * @example dropout(x, { p: 0.1, generator: new Generator(0) })
 */
export function dropout(x: Tensor, opts?: DropoutOptions): Tensor {
  const o = options('dropout', opts, ['p', 'training', 'generator']);
  floatArg('dropout', 'x', x);
  const p = checkDropoutP('dropout', o.p);
  const g = generatorArg('dropout', o.generator) ?? defaultGenerator();
  if (!boolArg('dropout', 'training', o.training, true) || p === 0) return x;
  // Uniforms in float64 (the generator's exact draws) keep u < p exact; under vmap with randomness
  // 'different', rand gives each example its own mask.
  const keep = rand(x.shape, { dtype: 'float64', generator: g }).ge(p);
  return x.mul(keep.astype(x.dtype).mul(1 / (1 - p)));
}
