import { ShapeError, Tensor, ValueError, fmtShape, full, zeros, type DType } from '@nabla/autograd';
import { boolArg, dtypeArg, floatArg, intArg, numArg, options } from '../check.js';
import { batchNormOf, checkNormalizedShape, layerNormOf } from '../functional/normalization.js';
import { Module } from '../module.js';
import { Parameter } from '../parameter.js';

/** Options of `BatchNorm1d` and `BatchNorm2d` (PyTorch's, camelCase). */
export interface BatchNormLayerOptions {
  /** Added to the variance; default 1e-5. */
  eps?: number;
  /** Running-average weight of each batch, default 0.1; null gives the cumulative average 1 / numBatchesTracked. */
  momentum?: number | null;
  /** Learn a per-channel scale (init 1) and shift (init 0); default true. */
  affine?: boolean;
  /** Keep running statistics for eval (default true); without them eval also uses batch statistics. */
  trackRunningStats?: boolean;
  /** Parameter and buffer dtype (default 'float32'). */
  dtype?: DType;
}

/** Shared body of BatchNorm1d/2d; subclasses only state which input ranks they accept. */
abstract class BatchNormBase extends Module {
  /** Number of channels C. */
  readonly numFeatures: number;
  /** Added to the variance before the square root. */
  readonly eps: number;
  /** Running-average weight of each batch (null: cumulative average). */
  readonly momentum: number | null;
  /** Whether the layer learns a per-channel scale and shift. */
  readonly affine: boolean;
  /** Whether running statistics are kept for evaluation. */
  readonly trackRunningStats: boolean;
  /** Per-channel scale gamma [C] (init 1), or null without affine. */
  weight: Parameter | null;
  /** Per-channel shift beta [C] (init 0), or null without affine. */
  bias: Parameter | null;
  /** @internal The input ranks the subclass accepts. */
  protected abstract readonly ranks: readonly number[];
  /** @internal The accepted layout, for error messages. */
  protected abstract readonly layout: string;

  constructor(numFeatures: number, opts: BatchNormLayerOptions | undefined) {
    super();
    const name = new.target.name;
    const o = options(name, opts, ['eps', 'momentum', 'affine', 'trackRunningStats', 'dtype']);
    this.numFeatures = intArg(name, 'numFeatures', numFeatures, 1);
    this.eps = numArg(name, 'eps', o.eps, 1e-5, { min: 0 });
    this.momentum = o.momentum === null ? null : numArg(name, 'momentum', o.momentum, 0.1, { min: 0 });
    this.affine = boolArg(name, 'affine', o.affine, true);
    this.trackRunningStats = boolArg(name, 'trackRunningStats', o.trackRunningStats, true);
    const dtype = dtypeArg(name, o.dtype);
    this.weight = this.affine ? new Parameter(full([numFeatures], 1, { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    // PyTorch's buffer names, so state dicts map 1:1; read them through the getters below.
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('running_var', track ? full([numFeatures], 1, { dtype }) : null);
    this.registerBuffer('num_batches_tracked', track ? zeros([], { dtype: 'int32' }) : null);
  }

  /** Running per-channel mean (null without trackRunningStats). */
  get runningMean(): Tensor | null {
    return this.getBuffer('running_mean');
  }
  /** Running per-channel variance, unbiased (null without trackRunningStats). */
  get runningVar(): Tensor | null {
    return this.getBuffer('running_var');
  }
  /** Number of training batches seen (an int32 scalar; null without trackRunningStats). */
  get numBatchesTracked(): Tensor | null {
    return this.getBuffer('num_batches_tracked');
  }

  /** Resets running statistics to mean 0, variance 1 and the batch count to 0. */
  resetRunningStats(): void {
    this.runningMean?.mutate((d) => d.fill(0));
    this.runningVar?.mutate((d) => d.fill(1));
    this.numBatchesTracked?.mutate((d) => d.fill(0));
  }

  forward(x: Tensor): Tensor {
    const name = this.constructor.name;
    floatArg(name, 'x', x);
    if (!this.ranks.includes(x.ndim) || x.shape[1] !== this.numFeatures) {
      throw new ShapeError(`${name}(numFeatures=${this.numFeatures}): expected input ${this.layout}, got ${fmtShape(x.shape)}`);
    }
    if (this.training && x.size / this.numFeatures <= 1) {
      // Checked before the batch counter moves, so a rejected call changes nothing.
      throw new ValueError(`${name}: expected more than 1 value per channel when training, got input of shape ${fmtShape(x.shape)}`);
    }
    let factor = this.momentum ?? 0;
    if (this.training && this.trackRunningStats) {
      const n = this.numBatchesTracked!;
      n.mutate((d) => void (d[0]! += 1));
      if (this.momentum === null) factor = 1 / n.item(); // cumulative moving average
    }
    const rm = this.trackRunningStats ? this.runningMean : null;
    const rv = this.trackRunningStats ? this.runningVar : null;
    // Batch statistics while training, or always when there are no running statistics (as PyTorch).
    return batchNormOf(name, x, rm, rv, this.weight, this.bias, { training: this.training || rm === null, momentum: factor, eps: this.eps });
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/**
 * Batch normalisation of [N, C] or [N, C, L] inputs per channel C (PyTorch `BatchNorm1d`).
 * @example new BatchNorm1d(16).forward(zeros([8, 16])) // training mode: batch statistics
 */
export class BatchNorm1d extends BatchNormBase {
  /** @internal */
  protected readonly ranks = [2, 3];
  /** @internal */
  protected readonly layout = `[N, C] or [N, C, L] with C = numFeatures`;
  constructor(numFeatures: number, opts?: BatchNormLayerOptions) {
    super(numFeatures, opts);
  }
}

/**
 * Batch normalisation of NCHW images per channel C (PyTorch `BatchNorm2d`).
 * @example new BatchNorm2d(3).eval().forward(images) // uses the running statistics
 */
export class BatchNorm2d extends BatchNormBase {
  /** @internal */
  protected readonly ranks = [4];
  /** @internal */
  protected readonly layout = `[N, C, H, W] with C = numFeatures`;
  constructor(numFeatures: number, opts?: BatchNormLayerOptions) {
    super(numFeatures, opts);
  }
}

/** Options of `LayerNorm`. */
export interface LayerNormLayerOptions {
  /** Added to the variance; default 1e-5. */
  eps?: number;
  /** Learn a scale (init 1) and shift (init 0) of shape normalizedShape; default true. */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, also learn the shift; default true. */
  bias?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
}

/**
 * Layer normalisation over the trailing `normalizedShape` axes (PyTorch `LayerNorm`).
 * @example new LayerNorm(512).forward(zeros([2, 10, 512]))
 */
export class LayerNorm extends Module {
  /** The trailing shape normalised over. */
  readonly normalizedShape: number[];
  /** Added to the variance before the square root. */
  readonly eps: number;
  /** Whether the layer learns a scale (and shift) of shape normalizedShape. */
  readonly elementwiseAffine: boolean;
  /** Scale, shape normalizedShape (init 1), or null without elementwiseAffine. */
  weight: Parameter | null;
  /** Shift, shape normalizedShape (init 0), or null without it. */
  bias: Parameter | null;

  constructor(normalizedShape: number | number[], opts?: LayerNormLayerOptions) {
    super();
    const o = options('LayerNorm', opts, ['eps', 'elementwiseAffine', 'bias', 'dtype']);
    this.normalizedShape = checkNormalizedShape('LayerNorm', normalizedShape).slice();
    this.eps = numArg('LayerNorm', 'eps', o.eps, 1e-5, { min: 0 });
    this.elementwiseAffine = boolArg('LayerNorm', 'elementwiseAffine', o.elementwiseAffine, true);
    const useBias = boolArg('LayerNorm', 'bias', o.bias, true);
    const dtype = dtypeArg('LayerNorm', o.dtype);
    this.weight = this.elementwiseAffine ? new Parameter(full(this.normalizedShape, 1, { dtype })) : null;
    this.bias = this.elementwiseAffine && useBias ? new Parameter(zeros(this.normalizedShape, { dtype })) : null;
  }

  forward(x: Tensor): Tensor {
    return layerNormOf(`LayerNorm(${fmtShape(this.normalizedShape)})`, x, this.normalizedShape, this.weight, this.bias, { eps: this.eps });
  }

  override extraRepr(): string {
    return `${fmtShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}
