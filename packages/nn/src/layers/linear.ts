import { Tensor, noGrad, zeros, type DType, type Generator } from '@nabla/autograd';
import { boolArg, dtypeArg, generatorArg, intArg, options } from '../check.js';
import { affine } from '../functional/linear.js';
import { calculateFanInAndFanOut, kaimingUniform, uniform } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** Options of `Linear`. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Random source for the initial weights (an extension; PyTorch uses its global RNG). */
  generator?: Generator;
}

/**
 * Fully connected layer y = x W^T + b, with weight [outFeatures, inFeatures] and bias [outFeatures]
 * (PyTorch's layout, so weights load 1:1). Initialised as PyTorch: weight by kaimingUniform with a = sqrt(5),
 * i.e. U(-1/sqrt(inFeatures), 1/sqrt(inFeatures)), and bias U(-1/sqrt(inFeatures), 1/sqrt(inFeatures)).
 *
 * @example
 * const fc = new Linear(4, 2);
 * fc.forward(zeros([8, 4])).shape; // [8, 2]
 */
export class Linear extends Module {
  /** Size of each input sample (the last axis of x). */
  readonly inFeatures: number;
  /** Size of each output sample. */
  readonly outFeatures: number;
  /** The weight, shape [outFeatures, inFeatures] (PyTorch layout). */
  weight: Parameter;
  /** The bias, shape [outFeatures], or null when built with `{ bias: false }`. */
  bias: Parameter | null;

  constructor(inFeatures: number, outFeatures: number, opts?: LinearOptions) {
    super();
    const o = options('Linear', opts, ['bias', 'dtype', 'generator']);
    this.inFeatures = intArg('Linear', 'inFeatures', inFeatures, 0);
    this.outFeatures = intArg('Linear', 'outFeatures', outFeatures, 0);
    const dtype = dtypeArg('Linear', o.dtype);
    const generator = generatorArg('Linear', o.generator);
    this.weight = new Parameter(zeros([outFeatures, inFeatures], { dtype }));
    this.bias = boolArg('Linear', 'bias', o.bias, true) ? new Parameter(zeros([outFeatures], { dtype })) : null;
    this.resetParameters(generator);
  }

  /** Re-draws the weights with PyTorch's default initialisation. */
  resetParameters(generator?: Generator): void {
    noGrad(() => {
      if (this.inFeatures === 0) return; // nothing to draw from a zero fan-in; stay at zero
      kaimingUniform(this.weight, { a: Math.sqrt(5), generator });
      if (this.bias) {
        const bound = 1 / Math.sqrt(calculateFanInAndFanOut(this.weight)[0]);
        uniform(this.bias, { a: -bound, b: bound, generator });
      }
    });
  }

  /** x [..., inFeatures] -> [..., outFeatures]. */
  forward(x: Tensor): Tensor {
    return affine(`Linear(inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures})`, x, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
