import { NablaError, fmtShape, fold, unfold, zeros, type Tensor } from '@nabla/autograd';
import { boolArg, intArg, options } from '../check.js';
import { AVG_POOL1D_KEYS, MAX_POOL1D_KEYS, adaptiveMaxPool2d, avgPool1d, maxPool1d, type AvgPool1dOptions, type MaxPool1dOptions } from '../functional/pooling-1d.js';
import { pixelShuffle, pixelUnshuffle } from '../functional/pixel.js';
import { rejectUnsupported, spatial, type SpatialSize } from '../functional/window.js';
import { Module } from '../module.js';

/**
 * 1-D max pooling (PyTorch's nn.MaxPool1d); stride defaults to the kernel size. No parameters.
 * @example new MaxPool1d(2).forward(zeros([1, 3, 8])).shape // [1, 3, 4]
 */
export class MaxPool1d extends Module {
  /** Window length. */
  readonly kernelSize: number;
  /** Window step (default: the kernel size). */
  readonly stride: number;
  /** -Infinity padding on each side. */
  readonly padding: number;
  /** Spacing between window taps. */
  readonly dilation: number;
  constructor(kernelSize: number, opts?: MaxPool1dOptions) {
    super();
    const o = options('MaxPool1d', opts, MAX_POOL1D_KEYS);
    rejectUnsupported('MaxPool1d', o, { ceilMode: false, returnIndices: false });
    [this.kernelSize] = spatial('MaxPool1d', 'kernelSize', kernelSize, 1, 1) as [number];
    [this.stride] = spatial('MaxPool1d', 'stride', o.stride ?? this.kernelSize, 1, 1) as [number];
    [this.padding] = spatial('MaxPool1d', 'padding', o.padding ?? 0, 1, 0) as [number];
    [this.dilation] = spatial('MaxPool1d', 'dilation', o.dilation ?? 1, 1, 1) as [number];
  }
  /** x [N, C, L] (or [C, L]) -> [N, C, L']. */
  forward(x: Tensor): Tensor {
    return named(`MaxPool1d(kernelSize=${this.kernelSize})`, () => maxPool1d(x, this.kernelSize, { stride: this.stride, padding: this.padding, dilation: this.dilation }));
  }
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}, dilation=${this.dilation}`;
  }
}

/**
 * 1-D average pooling (PyTorch's nn.AvgPool1d); stride defaults to the kernel size. No parameters.
 * @example new AvgPool1d(3, { stride: 1 }).forward(zeros([1, 3, 8])).shape // [1, 3, 6]
 */
export class AvgPool1d extends Module {
  /** Window length. */
  readonly kernelSize: number;
  /** Window step (default: the kernel size). */
  readonly stride: number;
  /** Zero padding on each side. */
  readonly padding: number;
  /** Whether padded zeros count in the divisor (default true). */
  readonly countIncludePad: boolean;
  constructor(kernelSize: number, opts?: AvgPool1dOptions) {
    super();
    const o = options('AvgPool1d', opts, AVG_POOL1D_KEYS);
    rejectUnsupported('AvgPool1d', o, { ceilMode: false });
    [this.kernelSize] = spatial('AvgPool1d', 'kernelSize', kernelSize, 1, 1) as [number];
    [this.stride] = spatial('AvgPool1d', 'stride', o.stride ?? this.kernelSize, 1, 1) as [number];
    [this.padding] = spatial('AvgPool1d', 'padding', o.padding ?? 0, 1, 0) as [number];
    this.countIncludePad = boolArg('AvgPool1d', 'countIncludePad', o.countIncludePad, true);
  }
  /** x [N, C, L] (or [C, L]) -> [N, C, L']. */
  forward(x: Tensor): Tensor {
    const { stride, padding, countIncludePad } = this;
    return named(`AvgPool1d(kernelSize=${this.kernelSize})`, () => avgPool1d(x, this.kernelSize, { stride, padding, countIncludePad }));
  }
  override extraRepr(): string {
    return `kernelSize=${this.kernelSize}, stride=${this.stride}, padding=${this.padding}`;
  }
}

/**
 * Adaptive max pooling to a fixed size (PyTorch's nn.AdaptiveMaxPool2d; returnIndices only false).
 * @example new AdaptiveMaxPool2d([1, 1]).forward(zeros([2, 8, 7, 7])).shape // [2, 8, 1, 1]
 */
export class AdaptiveMaxPool2d extends Module {
  /** Output size (null keeps an axis). */
  readonly outputSize: number | readonly [number | null, number | null];
  constructor(outputSize: number | readonly [number | null, number | null], opts?: { /** Only false (the default). */ returnIndices?: boolean }) {
    super();
    rejectUnsupported('AdaptiveMaxPool2d', options('AdaptiveMaxPool2d', opts, ['returnIndices']), { returnIndices: false });
    named('AdaptiveMaxPool2d', () => adaptiveMaxPool2d(zeros([1, 1, 1]), outputSize)); // validates outputSize now
    this.outputSize = outputSize;
  }
  /** x [N, C, H, W] (or [C, H, W]) -> [N, C, oh, ow]. */
  forward(x: Tensor): Tensor {
    return named(`AdaptiveMaxPool2d(${JSON.stringify(this.outputSize)})`, () => adaptiveMaxPool2d(x, this.outputSize));
  }
  override extraRepr(): string {
    return `outputSize=${JSON.stringify(this.outputSize)}`;
  }
}

/**
 * [*, C r^2, H, W] -> [*, C, H r, W r] (PyTorch's nn.PixelShuffle).
 * @example new PixelShuffle(2).forward(zeros([1, 8, 3, 3])).shape // [1, 2, 6, 6]
 */
export class PixelShuffle extends Module {
  /** The factor r. */
  readonly upscaleFactor: number;
  constructor(upscaleFactor: number) {
    super();
    this.upscaleFactor = intArg('PixelShuffle', 'upscaleFactor', upscaleFactor, 1);
  }
  /** x [*, C r^2, H, W] -> [*, C, H r, W r]. */
  forward(x: Tensor): Tensor {
    return named(`PixelShuffle(${this.upscaleFactor})`, () => pixelShuffle(x, this.upscaleFactor));
  }
  override extraRepr(): string {
    return `upscaleFactor=${this.upscaleFactor}`;
  }
}

/**
 * [*, C, H r, W r] -> [*, C r^2, H, W] (PyTorch's nn.PixelUnshuffle).
 * @example new PixelUnshuffle(2).forward(zeros([1, 2, 6, 6])).shape // [1, 8, 3, 3]
 */
export class PixelUnshuffle extends Module {
  /** The factor r. */
  readonly downscaleFactor: number;
  constructor(downscaleFactor: number) {
    super();
    this.downscaleFactor = intArg('PixelUnshuffle', 'downscaleFactor', downscaleFactor, 1);
  }
  /** x [*, C, H r, W r] -> [*, C r^2, H, W]. */
  forward(x: Tensor): Tensor {
    return named(`PixelUnshuffle(${this.downscaleFactor})`, () => pixelUnshuffle(x, this.downscaleFactor));
  }
  override extraRepr(): string {
    return `downscaleFactor=${this.downscaleFactor}`;
  }
}

/** Options of `Unfold` and `Fold` (PyTorch's, camelCase). */
export interface FoldOptions {
  /** Spacing between taps (default 1). */
  dilation?: SpatialSize;
  /** Zero padding on both sides (default 0). */
  padding?: SpatialSize;
  /** Step between blocks (default 1). */
  stride?: SpatialSize;
}

/**
 * Extracts sliding blocks (im2col, PyTorch's nn.Unfold): x [N, C, H, W] (or [C, H, W]) -> [N, C kh kw, L].
 * @example new Unfold(2).forward(zeros([1, 3, 4, 4])).shape // [1, 12, 9]
 */
export class Unfold extends Module {
  /** Block size [kh, kw]. */
  readonly kernelSize: [number, number];
  /** Tap spacing, padding and step, per axis. */
  readonly window: FoldWindow;
  constructor(kernelSize: SpatialSize, opts?: FoldOptions) {
    super();
    [this.kernelSize, this.window] = windowArgs('Unfold', kernelSize, opts);
  }
  /** x [N, C, H, W] (or [C, H, W]) -> [N, C * kh * kw, L] (or without N). */
  forward(x: Tensor): Tensor {
    return named(`Unfold(kernelSize=${fmtShape(this.kernelSize)})`, () => (x.ndim === 3 ? unfold(x.unsqueeze(0), this.kernelSize, this.window).squeeze(0) : unfold(x, this.kernelSize, this.window)));
  }
  override extraRepr(): string {
    return `kernelSize=${fmtShape(this.kernelSize)}, dilation=${fmtShape(this.window.dilation)}, padding=${fmtShape(this.window.padding)}, stride=${fmtShape(this.window.stride)}`;
  }
}

/**
 * Sums sliding blocks back into an image (col2im, PyTorch's nn.Fold), the adjoint of Unfold:
 * [N, C kh kw, L] (or without N) -> [N, C, ...outputSize].
 * @example new Fold([4, 4], 2, { stride: 2 }).forward(zeros([1, 12, 4])).shape // [1, 3, 4, 4]
 */
export class Fold extends Module {
  /** The image size [H, W]. */
  readonly outputSize: [number, number];
  /** Block size [kh, kw]. */
  readonly kernelSize: [number, number];
  /** Tap spacing, padding and step, per axis. */
  readonly window: FoldWindow;
  constructor(outputSize: SpatialSize, kernelSize: SpatialSize, opts?: FoldOptions) {
    super();
    this.outputSize = spatial('Fold', 'outputSize', outputSize, 2, 1) as [number, number];
    [this.kernelSize, this.window] = windowArgs('Fold', kernelSize, opts);
  }
  /** cols [N, C * kh * kw, L] (or without N) -> [N, C, H, W] (or without N). */
  forward(x: Tensor): Tensor {
    const label = `Fold(outputSize=${fmtShape(this.outputSize)}, kernelSize=${fmtShape(this.kernelSize)})`;
    return named(label, () => (x.ndim === 2 ? fold(x.unsqueeze(0), this.outputSize, this.kernelSize, this.window).squeeze(0) : fold(x, this.outputSize, this.kernelSize, this.window)));
  }
  override extraRepr(): string {
    return `outputSize=${fmtShape(this.outputSize)}, kernelSize=${fmtShape(this.kernelSize)}, dilation=${fmtShape(this.window.dilation)}, padding=${fmtShape(this.window.padding)}, stride=${fmtShape(this.window.stride)}`;
  }
}

type Pair = [number, number];

/** The resolved window of `Unfold` and `Fold`, per axis. */
export interface FoldWindow {
  /** Spacing between taps [dh, dw]. */
  dilation: [number, number];
  /** Zero padding on both sides [ph, pw]. */
  padding: [number, number];
  /** Step between blocks [sh, sw]. */
  stride: [number, number];
}

function windowArgs(name: string, kernelSize: SpatialSize, opts: FoldOptions | undefined): [Pair, FoldWindow] {
  const o = options(name, opts, ['dilation', 'padding', 'stride']);
  return [spatial(name, 'kernelSize', kernelSize, 2, 1) as Pair, {
    dilation: spatial(name, 'dilation', o.dilation ?? 1, 2, 1) as Pair,
    padding: spatial(name, 'padding', o.padding ?? 0, 2, 0) as Pair,
    stride: spatial(name, 'stride', o.stride ?? 1, 2, 1) as Pair,
  }];
}

/**
 * @internal Runs `fn`, re-raising a nabla error with the layer's description in place of the functional op's
 * name, so a bad input to a layer names the layer.
 */
export function named<T>(label: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (!(e instanceof NablaError)) throw e;
    const Ctor = e.constructor as new (message: string) => NablaError;
    throw new Ctor(`${label}: ${e.message.replace(/^[A-Za-z0-9]+: /, '')}`);
  }
}
