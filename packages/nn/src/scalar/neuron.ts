import { Value } from '@nabla/autograd';
import { activate, checkInput, checkNonlin, checkSize, resolveGenerator, type InitOptions, type Nonlinearity } from './options.js';

/** Options for `Neuron` and `Layer`. */
export interface NeuronOptions extends InitOptions {
  /** Activation applied to w·x + b; default 'tanh'. */
  nonlin?: Nonlinearity;
}

/**
 * One neuron over scalar Values: nonlin(w·x + b), as in micrograd. Weights start uniform in [-1, 1) from
 * the generator (see `InitOptions` for seeding) and the bias starts at 0.
 *
 * @example
 * const n = new Neuron(2, { seed: 1 });
 * const y = n.forward([1, -2]); // a Value in (-1, 1)
 * y.backward(); // n.w[0].grad and n.b.grad are now set
 */
export class Neuron {
  /** Number of inputs. */
  readonly nin: number;
  /** The activation applied to w . x + b ('linear': none). */
  readonly nonlin: Nonlinearity;
  /** One weight per input. */
  readonly w: readonly Value[];
  /** The bias. */
  readonly b: Value;

  constructor(nin: number, opts: NeuronOptions = {}) {
    this.nin = checkSize('Neuron', 'nin', nin);
    this.nonlin = checkNonlin('Neuron', opts.nonlin ?? 'tanh');
    const g = resolveGenerator('Neuron', opts);
    this.w = Array.from({ length: nin }, (_, i) => new Value(g.uniform(-1, 1), { label: `w${i}` }));
    this.b = new Value(0, { label: 'b' });
  }

  /** nonlin(w·x + b) for an input of exactly `nin` numbers or Values. */
  forward(x: readonly (number | Value)[]): Value {
    checkInput(this.name(), x, this.nin);
    let act = this.b;
    this.w.forEach((wi, i) => {
      act = act.add(wi.mul(x[i] as number | Value));
    });
    return activate(act, this.nonlin);
  }

  /** The weights then the bias: nin + 1 Values. */
  parameters(): Value[] {
    return [...this.w, this.b];
  }

  /** Sets every parameter's .grad to 0 (call before each backward, since backward accumulates). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = 0;
  }

  /** e.g. `Neuron(2, tanh)`. */
  name(): string {
    return `Neuron(${this.nin}, ${this.nonlin})`;
  }

  /** The same as `name()`. */
  toString(): string {
    return this.name();
  }
}
