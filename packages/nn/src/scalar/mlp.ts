import { ValueError, describe, type Value } from '@nabla/autograd';
import { Layer } from './layer.js';
import { checkInput, checkNonlin, checkSize, resolveGenerator, type InitOptions, type Nonlinearity } from './options.js';

/** Options for `MLP`. */
export interface MLPOptions extends InitOptions {
  /** Activation of the hidden layers; default 'tanh'. */
  nonlin?: Nonlinearity;
  /** Activation of the last layer; default 'linear', so outputs are unbounded scores (as in micrograd). */
  outNonlin?: Nonlinearity;
}

/**
 * A multi-layer perceptron over scalar Values: `nin` inputs, then one Layer per entry of `nouts`.
 *
 * @example
 * const mlp = new MLP(2, [4, 1], { outNonlin: 'sigmoid', seed: 0 });
 * const [y] = mlp.forward([0, 1]); // y: Value in (0, 1)
 * mlp.parameters().length; // 4 * (2 + 1) + 1 * (4 + 1) = 17
 */
export class MLP {
  /** Number of inputs. */
  readonly nin: number;
  /** The layers, input to output. */
  readonly layers: readonly Layer[];

  constructor(nin: number, nouts: readonly number[], opts: MLPOptions = {}) {
    this.nin = checkSize('MLP', 'nin', nin);
    if (!Array.isArray(nouts) || nouts.length === 0) {
      throw new ValueError(`MLP: nouts must be a non-empty array of layer sizes, got ${describe(nouts)}`);
    }
    nouts.forEach((n, i) => checkSize('MLP', `nouts[${i}]`, n));
    const hidden = checkNonlin('MLP', opts.nonlin ?? 'tanh');
    const last = checkNonlin('MLP', opts.outNonlin ?? 'linear');
    const generator = resolveGenerator('MLP', opts);
    const sizes = [nin, ...nouts];
    this.layers = nouts.map(
      (nout, i) => new Layer(sizes[i] as number, nout, { nonlin: i === nouts.length - 1 ? last : hidden, generator }),
    );
  }

  /** The last layer's outputs (an array even when it has one neuron: `const [y] = mlp.forward(x)`). */
  forward(x: readonly (number | Value)[]): Value[] {
    let h: readonly (number | Value)[] = checkInput(this.name(), x, this.nin);
    for (const layer of this.layers) h = layer.forward(h);
    return h as Value[];
  }

  /** Every layer's parameters, in order. */
  parameters(): Value[] {
    return this.layers.flatMap((l) => l.parameters());
  }

  /** Sets every parameter's .grad to 0 (call before each backward, since backward accumulates). */
  zeroGrad(): void {
    for (const p of this.parameters()) p.grad = 0;
  }

  /** e.g. `MLP(2 -> [4, 1])`. */
  name(): string {
    return `MLP(${this.nin} -> [${this.layers.map((l) => l.nout).join(', ')}])`;
  }

  /** The MLP with its layers, e.g. `MLP of [Layer(2 -> 4, tanh), ...]`. */
  toString(): string {
    return `MLP of [${this.layers.map((l) => l.name()).join(', ')}]`;
  }
}
