import { noGrad, zeros, type Generator, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, generatorArg, intArg, options } from '../check.js';
import { bilinearNamed } from '../functional/bilinear.js';
import { conv3dNamed } from '../functional/conv3d.js';
import type { SpatialSize } from '../functional/window.js';
import { uniform } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import { ConvNd, type ConvLayerOptions } from './conv.js';

/**
 * 3-D convolution layer over [N, C, D, H, W] volumes (PyTorch's nn.Conv3d): weight [out, in/groups, kd, kh, kw],
 * bias [out], initialised as PyTorch (kaiming uniform with a = sqrt(5), bias U(±1/sqrt(fanIn))).
 * @example
 * const conv = new Conv3d(2, 4, 3, { padding: 1 });
 * conv.forward(zeros([1, 2, 5, 8, 8])).shape; // [1, 4, 5, 8, 8]
 */
export class Conv3d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialSize, opts?: ConvLayerOptions) {
    super('Conv3d', 3, inChannels, outChannels, kernelSize, opts);
  }

  /** x [N, inChannels, D, H, W] (or without N) -> [N, outChannels, D', H', W']. */
  forward(x: Tensor): Tensor {
    return conv3dNamed(this.label(), x, this.weight, this.bias, this.convOptions());
  }
}

/** Options of `Bilinear` (PyTorch's constructor arguments, camelCase). */
export interface BilinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: 'float32' | 'float64';
  /** Random source for the initial weights (an extension; PyTorch uses its global RNG). */
  generator?: Generator;
}

/**
 * Bilinear layer y = x1^T W x2 + b (PyTorch's nn.Bilinear): weight [out, in1, in2], bias [out], both
 * initialised U(±1/sqrt(in1)) as PyTorch.
 * @example new Bilinear(3, 4, 5).forward(zeros([2, 3]), zeros([2, 4])).shape // [2, 5]
 */
export class Bilinear extends Module {
  /** Features of the first input. */
  readonly in1Features: number;
  /** Features of the second input. */
  readonly in2Features: number;
  /** Output features. */
  readonly outFeatures: number;
  /** [outFeatures, in1Features, in2Features]. */
  weight: Parameter;
  /** [outFeatures], or null with `{ bias: false }`. */
  bias: Parameter | null;

  constructor(in1Features: number, in2Features: number, outFeatures: number, opts?: BilinearOptions) {
    super();
    const name = 'Bilinear';
    const o = options(name, opts, ['bias', 'dtype', 'generator']);
    this.in1Features = intArg(name, 'in1Features', in1Features, 1);
    this.in2Features = intArg(name, 'in2Features', in2Features, 1);
    this.outFeatures = intArg(name, 'outFeatures', outFeatures, 1);
    const dtype = dtypeArg(name, o.dtype);
    this.weight = new Parameter(zeros([outFeatures, in1Features, in2Features], { dtype }));
    this.bias = boolArg(name, 'bias', o.bias, true) ? new Parameter(zeros([outFeatures], { dtype })) : null;
    this.resetParameters(generatorArg(name, o.generator));
  }

  /** Re-draws weight and bias from U(-1/sqrt(in1Features), 1/sqrt(in1Features)), as PyTorch. */
  resetParameters(generator?: Generator): void {
    const bound = 1 / Math.sqrt(this.in1Features);
    noGrad(() => {
      uniform(this.weight, { a: -bound, b: bound, generator });
      if (this.bias) uniform(this.bias, { a: -bound, b: bound, generator });
    });
  }

  /** x1 [..., in1Features] and x2 [..., in2Features] -> [..., outFeatures]. */
  forward(x1: Tensor, x2: Tensor): Tensor {
    return bilinearNamed(`Bilinear(${this.in1Features}, ${this.in2Features}, ${this.outFeatures})`, x1, x2, this.weight, this.bias);
  }

  override extraRepr(): string {
    return `in1Features=${this.in1Features}, in2Features=${this.in2Features}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}
