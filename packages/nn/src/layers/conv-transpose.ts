import { ValueError, fmtShape, noGrad, zeros, type DType, type Generator, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, generatorArg, intArg } from '../check.js';
import { CONV_TRANSPOSE_KEYS, convTransposeNd, type ConvTransposeOptions } from '../functional/conv-transpose.js';
import { spatial, type SpatialSize } from '../functional/window.js';
import { calculateFanInAndFanOut, kaimingUniform, uniform } from '../init.js';
import { Module } from '../module.js';
import { checkOptionKeys } from '../option-keys.js';
import { Parameter } from '../parameter.js';

/** Options of `ConvTranspose1d` / `ConvTranspose2d` (PyTorch's constructor arguments, camelCase). */
export interface ConvTransposeLayerOptions extends ConvTransposeOptions {
  /** Learn a bias (default true). */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
  /** Random source for the initial weights (an extension; PyTorch uses its global RNG). */
  generator?: Generator;
  /** Only 'zeros' (PyTorch supports no other for transposed convolutions). */
  paddingMode?: 'zeros';
}

abstract class ConvTransposeNd extends Module {
  /** Channels of the input. */
  readonly inChannels: number;
  /** Channels of the output. */
  readonly outChannels: number;
  /** Kernel size per spatial axis. */
  readonly kernelSize: number[];
  /** Stride of the underlying convolution, per spatial axis. */
  readonly stride: number[];
  /** Padding of the underlying convolution, per spatial axis. */
  readonly padding: number[];
  /** Extra output size on one side, per spatial axis. */
  readonly outputPadding: number[];
  /** Spacing between kernel taps, per spatial axis. */
  readonly dilation: number[];
  /** Independent channel groups. */
  readonly groups: number;
  /** [inChannels, outChannels / groups, *kernelSize] (PyTorch's layout for transposed convolutions). */
  weight: Parameter;
  /** [outChannels], or null with `{ bias: false }`. */
  bias: Parameter | null;

  constructor(name: string, nd: 1 | 2, inChannels: number, outChannels: number, kernelSize: SpatialSize, opts?: ConvTransposeLayerOptions) {
    super();
    const o = checkOptionKeys(name, opts, [...CONV_TRANSPOSE_KEYS, 'bias', 'dtype', 'generator', 'paddingMode']);
    if (o.paddingMode !== undefined && o.paddingMode !== 'zeros') throw new ValueError(`${name}: only paddingMode 'zeros' is supported for transposed convolutions (as PyTorch), got ${JSON.stringify(o.paddingMode)}`);
    this.inChannels = intArg(name, 'inChannels', inChannels, 1);
    this.outChannels = intArg(name, 'outChannels', outChannels, 1);
    this.kernelSize = spatial(name, 'kernelSize', kernelSize, nd, 1);
    this.stride = spatial(name, 'stride', o.stride ?? 1, nd, 1);
    this.padding = spatial(name, 'padding', o.padding ?? 0, nd, 0);
    this.outputPadding = spatial(name, 'outputPadding', o.outputPadding ?? 0, nd, 0);
    this.dilation = spatial(name, 'dilation', o.dilation ?? 1, nd, 1);
    this.groups = intArg(name, 'groups', o.groups ?? 1, 1);
    if (inChannels % this.groups !== 0 || outChannels % this.groups !== 0) {
      throw new ValueError(`${name}: groups=${this.groups} must divide inChannels (${inChannels}) and outChannels (${outChannels})`);
    }
    const dtype = dtypeArg(name, o.dtype);
    this.weight = new Parameter(zeros([inChannels, outChannels / this.groups, ...this.kernelSize], { dtype }));
    this.bias = boolArg(name, 'bias', o.bias, true) ? new Parameter(zeros([outChannels], { dtype })) : null;
    this.resetParameters(generatorArg(name, o.generator));
  }

  /** PyTorch's default: kaiming-uniform (a = sqrt(5)) weight, bias U(-1/sqrt(fanIn), 1/sqrt(fanIn)), fanIn from weight axis 1. */
  resetParameters(generator?: Generator): void {
    noGrad(() => {
      kaimingUniform(this.weight, { a: Math.sqrt(5), generator });
      if (this.bias) {
        const bound = 1 / Math.sqrt(calculateFanInAndFanOut(this.weight)[0]);
        uniform(this.bias, { a: -bound, b: bound, generator });
      }
    });
  }

  /** @internal The shared forward. */
  protected run(nd: 1 | 2, x: Tensor): Tensor {
    const label = `${this.constructor.name}(${this.inChannels}, ${this.outChannels}, kernelSize=${fmtShape(this.kernelSize)})`;
    const { stride, padding, outputPadding, dilation, groups } = this;
    return convTransposeNd(label, nd, x, this.weight, this.bias, { stride, padding, outputPadding, dilation, groups });
  }

  override extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=${fmtShape(this.kernelSize)}, stride=${fmtShape(this.stride)}, padding=${fmtShape(this.padding)}, ` +
      `outputPadding=${fmtShape(this.outputPadding)}, dilation=${fmtShape(this.dilation)}, groups=${this.groups}, bias=${this.bias !== null}`;
  }
}

/**
 * 2-D transposed convolution (PyTorch's nn.ConvTranspose2d), e.g. for upsampling in decoders and GANs.
 * @example new ConvTranspose2d(16, 8, 4, { stride: 2, padding: 1 }).forward(zeros([1, 16, 7, 7])).shape // [1, 8, 14, 14]
 */
export class ConvTranspose2d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialSize, opts?: ConvTransposeLayerOptions) {
    super('ConvTranspose2d', 2, inChannels, outChannels, kernelSize, opts);
  }
  /** x [N, inChannels, H, W] (or unbatched) -> [N, outChannels, H', W']. */
  forward(x: Tensor): Tensor {
    return this.run(2, x);
  }
}

/**
 * 1-D transposed convolution (PyTorch's nn.ConvTranspose1d).
 * @example new ConvTranspose1d(4, 2, 3, { stride: 2 }).forward(zeros([1, 4, 10])).shape // [1, 2, 21]
 */
export class ConvTranspose1d extends ConvTransposeNd {
  constructor(inChannels: number, outChannels: number, kernelSize: SpatialSize, opts?: ConvTransposeLayerOptions) {
    super('ConvTranspose1d', 1, inChannels, outChannels, kernelSize, opts);
  }
  /** x [N, inChannels, L] (or unbatched) -> [N, outChannels, L']. */
  forward(x: Tensor): Tensor {
    return this.run(1, x);
  }
}
