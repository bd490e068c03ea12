import { DTypeError, ValueError, describe } from '../errors.js';
import { Generator, defaultGenerator } from '../random.js';
import { type DType, type TypedArray } from '../tensor/dtype.js';
import { allocateFor } from '../tensor/alloc.js';
import { INT32_MAX, INT32_MIN } from '../tensor/int32.js';
import { checkShape } from '../tensor/shape.js';
import { Tensor } from '../tensor/tensor.js';
import { drawBatched } from '../transforms/levels.js';
import { finish, optDType, type CreationOptions } from './fill.js';

/** Options of the random creation functions. */
export interface RandomOptions extends CreationOptions {
  /** The source of randomness; the global one (reseeded by `manualSeed`) when omitted. */
  generator?: Generator;
}

function generatorOf(op: string, opts: RandomOptions): Generator {
  const g: unknown = opts.generator;
  if (g === undefined) return defaultGenerator();
  if (!(g instanceof Generator)) throw new ValueError(`${op}: generator must be a Generator, got ${describe(g)}`);
  return g;
}

/** Validates shape and options, then fills a fresh array in row-major order with one draw per element. */
function sample(op: string, shape: readonly number[], opts: RandomOptions, dflt: DType, draw: (g: Generator) => number): Tensor {
  const s = checkShape(op, shape);
  const dtype = optDType(op, opts, dflt);
  if (dflt !== 'int32' && dtype === 'int32') {
    throw new DTypeError(`${op}: samples real numbers and cannot produce int32 (use randint), shape [${s.join(',')}]`);
  }
  const g = generatorOf(op, opts);
  // Under vmap with randomness 'different', each example gets its own draw (drawBatched adds the batch axes).
  const t = drawBatched(op, s, (full) => {
    const data: TypedArray = allocateFor(op, dtype, full);
    for (let i = 0; i < data.length; i++) data[i] = draw(g);
    return Tensor._fromData(data, full, dtype);
  });
  return finish(op, t, opts);
}

/**
 * Uniform samples in [0, 1) (float32 unless `dtype` says float64).
 * @example rand([2, 3], { generator: new Generator(0) })
 */
export function rand(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return sample('rand', shape, opts, 'float32', (g) => g.uniform());
}

/**
 * Standard normal samples, mean 0 and variance 1 (Box-Muller on the generator).
 * @example manualSeed(0); randn([1000]).mean() // close to 0
 */
export function randn(shape: readonly number[], opts: RandomOptions = {}): Tensor {
  return sample('randn', shape, opts, 'float32', (g) => g.normal());
}

/**
 * Uniform integers in [low, high) (int32 unless `dtype` is given). For int32 the bounds must lie in
 * [-2^31, 2^31] (every sample then fits int32); for float dtypes high - low may reach 2^53.
 * @example randint(0, 10, [5]) // five digits
 */
export function randint(low: number, high: number, shape: readonly number[], opts: RandomOptions = {}): Tensor {
  for (const [name, v] of [['low', low], ['high', high]] as const) {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw new ValueError(`randint: ${name} must be an integer, got ${describe(v)}`);
  }
  if (low >= high) throw new ValueError(`randint: low (${low}) must be less than high (${high})`);
  const dtype = optDType('randint', opts, 'int32');
  if (dtype === 'int32' && (low < INT32_MIN || high > INT32_MAX + 1)) {
    throw new ValueError(
      `randint: [low, high) = [${low}, ${high}) does not fit int32 (samples must lie in [${INT32_MIN}, ${INT32_MAX}]); pass { dtype: 'float64' } for a wider range`,
    );
  }
  if (high - low > 2 ** 53) throw new ValueError(`randint: high - low = ${high - low} exceeds 2^53, beyond exact integers in float64`);
  return sample('randint', shape, opts, 'int32', (g) => g.int(low, high));
}
