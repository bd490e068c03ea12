import { zeros, type Tensor } from '@nabla/autograd';
import { adaptiveAvgPool1d, adaptiveAvgPool2d, interpolate, type InterpolateOptions } from '../functional/resample.js';
import { Module } from '../module.js';
import { checkOptionKeys } from '../option-keys.js';

/**
 * Adaptive average pooling to a fixed length (PyTorch's nn.AdaptiveAvgPool1d).
 * @example new AdaptiveAvgPool1d(1).forward(zeros([2, 8, 30])).shape // [2, 8, 1]
 */
export class AdaptiveAvgPool1d extends Module {
  /** Output length. */
  readonly outputSize: number;
  constructor(outputSize: number) {
    super();
    adaptiveAvgPool1d(zerosProbe(1), outputSize); // validates outputSize now rather than at the first forward
    this.outputSize = outputSize;
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool1d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `outputSize=${this.outputSize}`;
  }
}

/**
 * Adaptive average pooling to a fixed size (PyTorch's nn.AdaptiveAvgPool2d); null keeps an axis.
 * @example new AdaptiveAvgPool2d([1, 1]).forward(zeros([2, 8, 7, 7])).shape // [2, 8, 1, 1]
 */
export class AdaptiveAvgPool2d extends Module {
  /** Output size (null keeps an axis). */
  readonly outputSize: number | readonly [number | null, number | null];
  constructor(outputSize: number | readonly [number | null, number | null]) {
    super();
    adaptiveAvgPool2d(zerosProbe(2), outputSize);
    this.outputSize = outputSize;
  }
  forward(x: Tensor): Tensor {
    return adaptiveAvgPool2d(x, this.outputSize);
  }
  override extraRepr(): string {
    return `outputSize=${JSON.stringify(this.outputSize)}`;
  }
}

/**
 * Resizes images or sequences (PyTorch's nn.Upsample): `interpolate` with fixed options.
 * @example new Upsample({ scaleFactor: 2, mode: 'nearest' }).forward(zeros([1, 3, 4, 4])).shape // [1, 3, 8, 8]
 */
export class Upsample extends Module {
  /** The options passed to `interpolate`. */
  readonly options: InterpolateOptions;
  constructor(opts?: InterpolateOptions) {
    super();
    this.options = { ...checkOptionKeys('Upsample', opts, ['size', 'scaleFactor', 'mode', 'alignCorners']) };
  }
  forward(x: Tensor): Tensor {
    return interpolate(x, this.options);
  }
}

/** A tiny [1, 1, 1(, 1)] input for validating pooling options at construction. */
const zerosProbe = (nd: number): Tensor => zeros(nd === 1 ? [1, 1, 1] : [1, 1, 1, 1]);
