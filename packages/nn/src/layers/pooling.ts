import { fmtShape, type Tensor } from '@nabla/autograd';
import { boolArg, options } from '../check.js';
import { avgPool2d, maxPool2d, type AvgPool2dOptions, type MaxPool2dOptions } from '../functional/pooling.js';
import { AVG_POOL_KEYS, MAX_POOL_KEYS, rejectUnsupported, spatial, type SpatialSize } from '../functional/window.js';
import { Module } from '../module.js';

/**
 * 2-D max pooling (PyTorch's nn.MaxPool2d); stride defaults to the kernel size. No parameters.
 * @example new MaxPool2d(2).forward(zeros([1, 3, 8, 8])).shape // [1, 3, 4, 4]
 */
export class MaxPool2d extends Module {
  /** Window size [kh, kw]. */
  readonly kernelSize: number[];
  /** Window step [sh, sw] (default: the kernel size). */
  readonly stride: number[];
  /** Implicit padding on each side [ph, pw] (with -Infinity, so it never wins the max). */
  readonly padding: number[];
  /** Spacing between window taps [dh, dw]. */
  readonly dilation: number[];

  constructor(kernelSize: SpatialSize, opts?: MaxPool2dOptions) {
    super();
    const o = options('MaxPool2d', opts, MAX_POOL_KEYS);
    rejectUnsupported('MaxPool2d', o, { ceilMode: false, returnIndices: false });
    this.kernelSize = spatial('MaxPool2d', 'kernelSize', kernelSize, 2, 1);
    this.stride = spatial('MaxPool2d', 'stride', o.stride ?? this.kernelSize, 2, 1);
    this.padding = spatial('MaxPool2d', 'padding', o.padding ?? 0, 2, 0);
    this.dilation = spatial('MaxPool2d', 'dilation', o.dilation ?? 1, 2, 1);
  }

  /** x [N, C, H, W] (or [C, H, W]) -> [N, C, H', W']. */
  forward(x: Tensor): Tensor {
    return maxPool2d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation });
  }

  override extraRepr(): string {
    return `kernelSize=${fmtShape(this.kernelSize)}, stride=${fmtShape(this.stride)}, padding=${fmtShape(this.padding)}, dilation=${fmtShape(this.dilation)}`;
  }
}

/**
 * 2-D average pooling (PyTorch's nn.AvgPool2d); stride defaults to the kernel size. No parameters.
 * @example new AvgPool2d(2, { stride: 1 }).forward(zeros([1, 3, 8, 8])).shape // [1, 3, 7, 7]
 */
export class AvgPool2d extends Module {
  /** Window size [kh, kw]. */
  readonly kernelSize: number[];
  /** Window step [sh, sw] (default: the kernel size). */
  readonly stride: number[];
  /** Zero padding on each side [ph, pw]. */
  readonly padding: number[];
  /** Whether padded zeros count in the divisor (default true). */
  readonly countIncludePad: boolean;
  /** A fixed divisor replacing the window size, when set. */
  readonly divisorOverride: number | undefined;

  constructor(kernelSize: SpatialSize, opts?: AvgPool2dOptions) {
    super();
    const o = options('AvgPool2d', opts, AVG_POOL_KEYS);
    rejectUnsupported('AvgPool2d', o, { ceilMode: false });
    this.kernelSize = spatial('AvgPool2d', 'kernelSize', kernelSize, 2, 1);
    this.stride = spatial('AvgPool2d', 'stride', o.stride ?? this.kernelSize, 2, 1);
    this.padding = spatial('AvgPool2d', 'padding', o.padding ?? 0, 2, 0);
    this.countIncludePad = boolArg('AvgPool2d', 'countIncludePad', o.countIncludePad, true);
    this.divisorOverride = o.divisorOverride;
  }

  /** x [N, C, H, W] (or [C, H, W]) -> [N, C, H', W']. */
  forward(x: Tensor): Tensor {
    const { stride, padding, countIncludePad, divisorOverride } = this;
    return avgPool2d(x, this.kernelSize, { stride, padding, countIncludePad, divisorOverride });
  }

  override extraRepr(): string {
    return `kernelSize=${fmtShape(this.kernelSize)}, stride=${fmtShape(this.stride)}, padding=${fmtShape(this.padding)}, countIncludePad=${this.countIncludePad}`;
  }
}
