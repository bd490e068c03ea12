import type { Value } from '@nabla/autograd';
import { Neuron, type NeuronOptions } from './neuron.js';
import { checkInput, checkNonlin, checkSize, resolveGenerator, type Nonlinearity } from './options.js';

/**
 * `nout` independent neurons reading the same `nin` inputs. All neurons draw their weights from one
 * generator, in order, so a seeded layer is reproducible.
 *
 * @example
 * const layer = new Layer(2, 3, { nonlin: 'relu', seed: 0 });
 * layer.forward([0.5, -1]).length; // 3
 */
export class Layer {
  /** Inputs per neuron. */
  readonly nin: number;
  /** Number of neurons (outputs). */
  readonly nout: number;
  /** Every neuron's activation. */
  readonly nonlin: Nonlinearity;
  /** The neurons, one per output. */
  readonly neurons: readonly Neuron[];

  constructor(nin: number, nout: number, opts: NeuronOptions = {}) {
    this.nin = checkSize('Layer', 'nin', nin);
    this.nout = checkSize('Layer', 'nout', nout);
    this.nonlin = checkNonlin('Layer', opts.nonlin ?? 'tanh');
    const generator = resolveGenerator('Layer', opts);
    this.neurons = Array.from({ length: nout }, () => new Neuron(nin, { nonlin: this.nonlin, generator }));
  }

  /** One output Value per neuron, for an input of exactly `nin` numbers or Values. */
  forward(x: readonly (number | Value)[]): Value[] {
    checkInput(this.name(), x, this.nin);
    return this.neurons.map((n) => n.forward(x));
  }

  /** Every neuron's weights and bias: nout * (nin + 1) Values. */
  parameters(): Value[] {
    return this.neurons.flatMap((n) => n.parameters());
  }

  /** Sets every parameter's .grad to 0. */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = 0;
  }

  /** e.g. `Layer(2 -> 3, relu)`. */
  name(): string {
    return `Layer(${this.nin} -> ${this.nout}, ${this.nonlin})`;
  }

  /** The same as `name()`, e.g. `Layer(2 -> 4, tanh)`. */
  toString(): string {
    return this.name();
  }
}
