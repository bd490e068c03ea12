/**
 * fast-check arbitraries that generate shapes and tensors for property tests of gradients. A subpath of its
 * own because it imports fast-check (an optional peer dependency): `@nabla/autograd/testing` does not.
 *
 * @module @nabla/autograd/testing/arbitraries
 */
import fc from 'fast-check';
import type { DType } from '../tensor/dtype.js';
import type { Tensor } from '../tensor/tensor.js';
import { tensor } from '../creation/tensor.js';

/** Options of `arbShape` and `arbBroadcastableShapes`. */
export interface ArbShapeOptions {
  /** Fewest axes (default 0: scalars included). */
  minRank?: number;
  /** Most axes (default 4). */
  maxRank?: number;
  /** Smallest dimension (0 allows zero-size tensors). */
  minDim?: number;
  /** Largest dimension (default 4). */
  maxDim?: number;
}

/**
 * Shapes of rank minRank..maxRank (default 0..4) with dims in minDim..maxDim (default 1..4).
 * @example fc.assert(fc.property(arbShape(), (shape) => zeros(shape).size === shape.reduce((a, b) => a * b, 1)))
 */
export function arbShape(opts: ArbShapeOptions = {}): fc.Arbitrary<number[]> {
  const { minRank = 0, maxRank = 4, minDim = 1, maxDim = 4 } = opts;
  return fc.array(fc.integer({ min: minDim, max: maxDim }), { minLength: minRank, maxLength: maxRank });
}

/**
 * Pairs of shapes that broadcast together: a random base shape, from which each side drops some leading
 * axes and turns some dims into 1, so both size-1 stretching and rank differences are exercised.
 */
export function arbBroadcastableShapes(opts: ArbShapeOptions = {}): fc.Arbitrary<[number[], number[]]> {
  return arbShape(opts).chain((base) => {
    const side = fc
      .tuple(fc.integer({ min: 0, max: base.length }), fc.array(fc.boolean(), { minLength: base.length, maxLength: base.length }))
      .map(([drop, ones]) => base.map((d, i) => (ones[i] ? 1 : d)).slice(drop));
    return fc.tuple(side, side);
  });
}

/** Options of `arbTensor`. */
export interface ArbTensorOptions {
  /** A fixed shape, or an arbitrary of shapes (default `arbShape()`). */
  shape?: readonly number[] | fc.Arbitrary<number[]>;
  /** Element type (default 'float64', as gradient checks need). */
  dtype?: DType;
  /** Smallest value (default -2). */
  min?: number;
  /** Largest value (default 2). */
  max?: number;
  /** Points to keep away from (kinks such as 0 for relu or abs), with a margin of 0.1 or [point, margin]. */
  avoid?: (number | [number, number])[];
}

/**
 * Tensors with values in [min, max] (default [-2, 2]) drawn by fast-check, so failures shrink to small
 * counterexamples. Values near an `avoid` point are pushed out of its margin.
 * @example
 * fc.assert(fc.property(arbTensor({ dtype: 'float64', avoid: [0] }), (x) => gradcheck((t) => t.abs(), [x])));
 */
export function arbTensor(opts: ArbTensorOptions = {}): fc.Arbitrary<Tensor> {
  const { dtype = 'float64', min = -2, max = 2, avoid = [] } = opts;
  const shapeArb = opts.shape instanceof fc.Arbitrary ? opts.shape : opts.shape !== undefined ? fc.constant(opts.shape.slice()) : arbShape();
  const zones = avoid.map((a) => (typeof a === 'number' ? [a, 0.1] : a));
  const value =
    dtype === 'int32'
      ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
      : fc.double({ min, max, noNaN: true, noDefaultInfinity: true }).map((v) => {
          for (const [p, margin] of zones) if (Math.abs(v - p!) < margin!) return v < p! ? p! - margin! : p! + margin!;
          return v;
        });
  return shapeArb.chain((shape) => {
    const size = shape.reduce((a, b) => a * b, 1);
    return fc.array(value, { minLength: size, maxLength: size }).map((vals) => tensor(vals, { dtype, shape: shape.slice() }));
  });
}
