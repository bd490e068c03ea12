import { Generator, Value, ValueError, defaultGenerator, describe } from '@nabla/autograd';

/** The activation applied to a neuron's weighted sum; 'linear' applies none. */
export type Nonlinearity = 'tanh' | 'relu' | 'sigmoid' | 'linear';

const NONLINEARITIES: readonly Nonlinearity[] = ['tanh', 'relu', 'sigmoid', 'linear'];

/**
 * Where initial weights come from. Pass `seed` for a private `new Generator(seed)`, or `generator` to share
 * one; with neither, the global generator is used, which is seeded with 0 at start-up and reseeded by
 * `manualSeed`, so a program that builds the same models in the same order gets the same weights.
 */
export interface InitOptions {
  /** A generator to draw the initial weights from (shared with other models). */
  generator?: Generator;
  /** Seed for a private `new Generator(seed)`; not together with `generator`. */
  seed?: number;
}

/** Picks the generator described by `InitOptions`, refusing both at once or a seed that is not a finite number. */
export function resolveGenerator(where: string, opts: InitOptions): Generator {
  const { generator, seed } = opts;
  if (generator !== undefined && seed !== undefined) {
    throw new ValueError(`${where}: pass either generator or seed, not both (got seed ${String(seed)} and a generator)`);
  }
  if (generator !== undefined) {
    if (!(generator instanceof Generator)) throw new ValueError(`${where}: generator must be a Generator, got ${describe(generator)}`);
    return generator;
  }
  if (seed !== undefined) {
    if (typeof seed !== 'number' || !Number.isFinite(seed)) throw new ValueError(`${where}: seed must be a finite number, got ${describe(seed)}`);
    return new Generator(seed);
  }
  return defaultGenerator();
}

/** Refuses a size that is not a positive integer, naming the argument. */
export function checkSize(where: string, name: string, n: unknown): number {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1) {
    throw new ValueError(`${where}: ${name} must be a positive integer, got ${describe(n)}`);
  }
  return n;
}

/** Refuses an unknown nonlinearity, listing the valid ones. */
export function checkNonlin(where: string, nonlin: unknown): Nonlinearity {
  if (!NONLINEARITIES.includes(nonlin as Nonlinearity)) {
    throw new ValueError(`${where}: nonlin must be one of ${NONLINEARITIES.join(', ')}; got ${describe(nonlin)}`);
  }
  return nonlin as Nonlinearity;
}

/** Checks a forward input: an array of exactly `nin` numbers or Values. */
export function checkInput(where: string, x: unknown, nin: number): readonly (number | Value)[] {
  if (!Array.isArray(x)) throw new ValueError(`${where}.forward: expected an array of ${nin} numbers or Values, got ${describe(x)}`);
  if (x.length !== nin) throw new ValueError(`${where}.forward: expected an input of length ${nin}, got length ${x.length}`);
  x.forEach((xi: unknown, i) => {
    if (typeof xi !== 'number' && !(xi instanceof Value)) {
      throw new ValueError(`${where}.forward: input[${i}] must be a number or a Value, got ${describe(xi)}`);
    }
  });
  return x as readonly (number | Value)[];
}

/** Applies a nonlinearity to a Value. */
export function activate(v: Value, nonlin: Nonlinearity): Value {
  switch (nonlin) {
    case 'tanh':
      return v.tanh();
    case 'relu':
      return v.relu();
    case 'sigmoid':
      return v.sigmoid();
    case 'linear':
      return v;
  }
}
