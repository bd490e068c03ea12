import { Tensor, type Generator } from '@nabla/autograd';
import { generatorArg, options } from '../check.js';
import { checkDropoutP, dropout } from '../functional/dropout.js';
import { Module } from '../module.js';

/**
 * Randomly zeroes elements with probability p during training, scaling the rest by 1 / (1 - p); the identity
 * after `eval()`. Draws from `{ generator }` or the global generator, so seeded runs repeat exactly.
 * @example
 * const drop = new Dropout(0.2);
 * drop.eval().forward(x); // x unchanged
 */
export class Dropout extends Module {
  /** Probability of zeroing each element during training. */
  readonly p: number;
  private readonly generator: Generator | undefined;
  constructor(p: number | { p?: number; generator?: Generator } = 0.5) {
    super();
    const o = typeof p === 'object' ? options('Dropout', p, ['p', 'generator']) : { p };
    this.p = checkDropoutP('Dropout', o.p);
    this.generator = generatorArg('Dropout', 'generator' in o ? o.generator : undefined);
  }
  forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training, generator: this.generator });
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}
