import { ValueError, fmtShape, noGrad, zeros, type DType, type Generator, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, generatorArg, intArg, options } from '../check.js';
import type { ConvOptions } from '../functional/conv.js';
import { convNd } from '../functional/conv-nd.js';
import { rejectUnsupported, spatial, type SpatialSize } from '../functional/window.js';
import { calculateFanInAndFanOut, kaimingUniform, uniform } from '../init.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** Options of `Conv1d`, `Conv2d` and `Conv3d` (PyTorch's constructor arguments, camelCase). */
export interface ConvLayerOptions extends ConvOptions {
  /** Learn an additive per-channel bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Random source for the initial weights (an extension; PyTorch uses its global RNG). */
  generator?: Generator;
}

/** @internal The shared body of Conv1d, Conv2d and Conv3d: weight [out, in/groups, ...kernel], bias [out]. */
export abstract class ConvNd extends Module {
  /** Channels of the input. */
  readonly inChannels: number;
  /** Channels of the output (number of filters). */
  readonly outChannels: number;
  /** Filter size per spatial axis. */
  readonly kernelSize: number[];
  /** Step per spatial axis. */
  readonly stride: number[];
  /** Zero padding per spatial axis, or 'valid' (none) / 'same' (output size = input size). */
  readonly padding: number[] | 'valid' | 'same';
  /** Spacing between filter taps per spatial axis. */
  readonly dilation: number[];
  /** Channel groups: each output channel sees inChannels / groups input channels. */
  readonly groups: number;
  /** Filters, shape [outChannels, inChannels / groups, ...kernelSize] (PyTorch layout). */
  weight: Parameter;
  /** Per-output-channel bias [outChannels], or null with `{ bias: false }`. */
  bias: Parameter | null;

  constructor(name: string, nd: 1 | 2 | 3, inChannels: number, outChannels: number, kernelSize: SpatialSize, opts?: ConvLayerOptions) {
    super();
    const o = options(name, opts, ['stride', 'padding', 'dilation', 'groups', 'bias', 'dtype', 'generator', 'paddingMode']);
    rejectUnsupported(name, o, { paddingMode: 'zeros' });
    this.inChannels = intArg(name, 'inChannels', inChannels, 1);
    this.outChannels = intArg(name, 'outChannels', outChannels, 1);
    this.kernelSize = spatial(name, 'kernelSize', kernelSize, nd, 1);
    this.stride = spatial(name, 'stride', o.stride ?? 1, nd, 1);
    this.dilation = spatial(name, 'dilation', o.dilation ?? 1, nd, 1);
    this.groups = intArg(name, 'groups', o.groups ?? 1, 1);
    const p = o.padding ?? 0;
    this.padding = p === 'valid' || p === 'same' ? p : spatial(name, 'padding', p, nd, 0);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new ValueError(`${name}: groups=${this.groups} must divide inChannels (${inChannels}) and outChannels (${outChannels})`);
    }
    if (p === 'same' && this.stride.some((s) => s !== 1)) {
      throw new ValueError(`${name}: padding='same' is not supported for strided convolutions (stride ${fmtShape(this.stride)})`);
    }
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

  /** The name errors give the op: the layer and its sizes, e.g. `Conv2d(3, 16, kernelSize=[3, 3])`. */
  protected label(): string {
    return `${this.constructor.name}(${this.inChannels}, ${this.outChannels}, kernelSize=${fmtShape(this.kernelSize)})`;
  }

  /** The functional options this layer was built with. */
  protected convOptions(): ConvOptions {
    return { stride: this.stride, padding: this.padding, dilation: this.dilation, groups: this.groups };
  }

  /** Applies the convolution in `nd` spatial dimensions (shared by Conv1d and Conv2d). */
  protected run(nd: 1 | 2, x: Tensor): Tensor {
    return convNd(this.label(), nd, x, this.weight, this.bias, this.convOptions());
  }

  override extraRepr(): string {
    const pad = typeof this.padding === 'string' ? `'${this.padding}'` : fmtShape(this.padding);
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${fmtShape(this.kernelSize)}, stride=${fmtShape(this.stride)}, ` +
      `padding=${pad}, dilation=${fmtShape(this.dilation)}, groups=${this.groups}, bias=${this.bias !== null}`;
  }
}

/**
 * 2-D convolution layer over NCHW images (PyTorch's nn.Conv2d): weight [out, in/groups, kh, kw], bias [out],
 * so state dicts load 1:1. Initialised as PyTorch (kaiming uniform with a = sqrt(5), bias U(±1/sqrt(fanIn))).
 * @example
 * const conv = new Conv2d(3, 16, 3, { padding: 1 });
 * conv.forward(zeros([8, 3, 32, 32])).shape; // [8, 16, 32, 32]
 */
export class Conv2d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialSize, opts?: ConvLayerOptions) {
    super('Conv2d', 2, inChannels, outChannels, kernelSize, opts);
  }

  /** x [N, inChannels, H, W] (or [inChannels, H, W]) -> [N, outChannels, H', W']. */
  forward(x: Tensor): Tensor {
    return this.run(2, x);
  }
}

/**
 * 1-D convolution layer over [N, C, L] sequences (PyTorch's nn.Conv1d): weight [out, in/groups, k], bias [out].
 * @example
 * const conv = new Conv1d(4, 8, 5, { stride: 2 });
 * conv.forward(zeros([2, 4, 21])).shape; // [2, 8, 9]
 */
export class Conv1d extends ConvNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialSize, opts?: ConvLayerOptions) {
    super('Conv1d', 1, inChannels, outChannels, kernelSize, opts);
  }

  /** x [N, inChannels, L] (or [inChannels, L]) -> [N, outChannels, L']. */
  forward(x: Tensor): Tensor {
    return this.run(1, x);
  }
}
