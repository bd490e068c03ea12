import { ValueError, fmtShape, noGrad, zeros, type Generator, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, generatorArg, intArg, options } from '../check.js';
import { bilinearNamed } from '../functional/bilinear.js';
import { conv3dNamed } from '../functional/conv3d.js';
import { rejectUnsupported, spatial, type SpatialSize } from '../functional/window.js';
import { calculateFanInAndFanOut, kaimingUniform, uniform } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';
import type { ConvLayerOptions } from './conv.js';

/**
 * 3-D convolution layer over [N, C, D, H, W] volumes (PyTorch's nn.Conv3d): weight [out, in/groups, kd, kh, kw],
 * bias [out], initialised as PyTorch (kaiming uniform with a = sqrt(5), bias U(±1/sqrt(fanIn))).
 * @example
 * const conv = new Conv3d(2, 4, 3, { padding: 1 });
 * conv.forward(zeros([1, 2, 5, 8, 8])).shape; // [1, 4, 5, 8, 8]
 */
export class Conv3d extends Module {
  /** Channels of the input. */
  readonly inChannels: number;
  /** Channels of the output. */
  readonly outChannels: number;
  /** Filter size [kd, kh, kw]. */
  readonly kernelSize: number[];
  /** Step per spatial axis. */
  readonly stride: number[];
  /** Zero padding per spatial axis, or 'valid' / 'same'. */
  readonly padding: number[] | 'valid' | 'same';
  /** Spacing between filter taps per spatial axis. */
  readonly dilation: number[];
  /** Channel groups. */
  readonly groups: number;
  /** Filters [outChannels, inChannels / groups, kd, kh, kw]. */
  weight: Parameter;
  /** Bias [outChannels], or null with `{ bias: false }`. */
  bias: Parameter | null;

  constructor(inChannels: number, outChannels: number, kernelSize: SpatialSize, opts?: ConvLayerOptions) {
    super();
    const name = 'Conv3d';
    const o = options(name, opts, ['stride', 'padding', 'dilation', 'groups', 'bias', 'dtype', 'generator', 'paddingMode']);
    rejectUnsupported(name, o, { paddingMode: 'zeros' });
    this.inChannels = intArg(name, 'inChannels', inChannels, 1);
    this.outChannels = intArg(name, 'outChannels', outChannels, 1);
    this.kernelSize = spatial(name, 'kernelSize', kernelSize, 3, 1);
    this.stride = spatial(name, 'stride', o.stride ?? 1, 3, 1);
    this.dilation = spatial(name, 'dilation', o.dilation ?? 1, 3, 1);
    this.groups = intArg(name, 'groups', o.groups ?? 1, 1);
    const p = o.padding ?? 0;
    this.padding = p === 'valid' || p === 'same' ? p : spatial(name, 'padding', p, 3, 0);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new ValueError(`${name}: groups=${this.groups} must divide inChannels (${inChannels}) and outChannels (${outChannels})`);
    }
    if (p === 'same' && this.stride.some((s) => s !== 1)) throw new ValueError(`${name}: padding='same' is not supported for strided convolutions (stride ${fmtShape(this.stride)})`);
    const dtype = dtypeArg(name, o.dtype);
    this.weight = new Parameter(zeros([outChannels, inChannels / this.groups, ...this.kernelSize], { dtype }));
    this.bias = boolArg(name, 'bias', o.bias, true) ? new Parameter(zeros([outChannels], { dtype })) : null;
    this.resetParameters(generatorArg(name, o.generator));
  }

  /** Re-draws the weights as PyTorch: kaimingUniform(a = sqrt(5)) and bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
  resetParameters(generator?: Generator): void {
    noGrad(() => {
      kaimingUniform(this.weight, { a: Math.sqrt(5), generator });
      if (this.bias) {
        const bound = 1 / Math.sqrt(calculateFanInAndFanOut(this.weight)[0]);
        uniform(this.bias, { a: -bound, b: bound, generator });
      }
    });
  }

  /** x [N, inChannels, D, H, W] (or without N) -> [N, outChannels, D', H', W']. */
  forward(x: Tensor): Tensor {
    const label = `Conv3d(${this.inChannels}, ${this.outChannels}, kernelSize=${fmtShape(this.kernelSize)})`;
    return conv3dNamed(label, x, this.weight, this.bias, { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups });
  }

  override extraRepr(): string {
    const pad = typeof this.padding === 'string' ? `'${this.padding}'` : fmtShape(this.padding);
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${fmtShape(this.kernelSize)}, stride=${fmtShape(this.stride)}, ` +
      `padding=${pad}, dilation=${fmtShape(this.dilation)}, groups=${this.groups}, bias=${this.bias !== null}`;
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
