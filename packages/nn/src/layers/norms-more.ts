import { ShapeError, fmtShape, full, zeros, type DType, type Tensor } from '@nabla/autograd';
import { boolArg, dtypeArg, floatArg, intArg, numArg } from '../check.js';
import { checkNormalizedShape } from '../functional/normalization.js';
import { groupNormOf, instanceNormOf, rmsNormOf } from '../functional/norms-more.js';
import { Module } from '../module.js';
import { checkOptionKeys, keysOf } from '../option-keys.js';
import { Parameter } from '../parameter.js';

/** Options of `GroupNorm` (PyTorch's eps, affine). */
export interface GroupNormLayerOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn a per-channel weight (init 1) and bias (init 0) (default true). */
  affine?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
}

/**
 * Group normalisation (PyTorch's nn.GroupNorm): the numChannels channels of x [N, C, *] in numGroups groups,
 * each (sample, group) normalised on its own; per-channel weight and bias.
 * @example new GroupNorm(4, 16).forward(zeros([2, 16, 8, 8]))
 */
export class GroupNorm extends Module {
  /** Number of channel groups. */
  readonly numGroups: number;
  /** Channels of the input (axis 1). */
  readonly numChannels: number;
  /** Added to the variance. */
  readonly eps: number;
  /** Whether weight and bias are learned. */
  readonly affine: boolean;
  /** [numChannels], or null without affine. */
  weight: Parameter | null;
  /** [numChannels], or null without affine. */
  bias: Parameter | null;

  constructor(numGroups: number, numChannels: number, opts?: GroupNormLayerOptions) {
    super();
    const op = 'GroupNorm';
    const o = checkOptionKeys(op, opts, keysOf<GroupNormLayerOptions>({ eps: true, affine: true, dtype: true }));
    this.numGroups = intArg(op, 'numGroups', numGroups, 1);
    this.numChannels = intArg(op, 'numChannels', numChannels, 1);
    if (numChannels % numGroups !== 0) throw new ShapeError(`${op}: numChannels (${numChannels}) must be divisible by numGroups (${numGroups})`);
    this.eps = numArg(op, 'eps', o.eps, 1e-5, { min: 0 });
    this.affine = boolArg(op, 'affine', o.affine, true);
    const dtype = dtypeArg(op, o.dtype);
    this.weight = this.affine ? new Parameter(full([numChannels], 1, { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numChannels], { dtype })) : null;
  }

  /** x [N, numChannels, *] -> the same shape. */
  forward(x: Tensor): Tensor {
    const op = `GroupNorm(numGroups=${this.numGroups}, numChannels=${this.numChannels})`;
    if (floatArg(op, 'x', x).ndim < 2 || x.shape[1] !== this.numChannels) throw new ShapeError(`${op}: expected input [N, ${this.numChannels}, *], got ${fmtShape(x.shape)}`);
    return groupNormOf(op, x, this.numGroups, this.weight, this.bias, this.eps);
  }

  override extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.affine}`;
  }
}

/** Options of `RMSNorm` (PyTorch's eps, elementwise_affine). */
export interface RMSNormLayerOptions {
  /** Added to the mean square (default null: the dtype's machine epsilon, as PyTorch). */
  eps?: number | null;
  /** Learn a weight of shape normalizedShape (init 1) (default true). */
  elementwiseAffine?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
}

/**
 * Root-mean-square normalisation (PyTorch's nn.RMSNorm): x / sqrt(mean(x^2) + eps) over the trailing
 * normalizedShape axes, times a learned weight.
 * @example new RMSNorm(512).forward(zeros([2, 10, 512]))
 */
export class RMSNorm extends Module {
  /** The trailing shape normalised over. */
  readonly normalizedShape: number[];
  /** Added to the mean square (null: the dtype's machine epsilon). */
  readonly eps: number | null;
  /** Whether the weight is learned. */
  readonly elementwiseAffine: boolean;
  /** normalizedShape, or null without elementwiseAffine. */
  weight: Parameter | null;

  constructor(normalizedShape: number | number[], opts?: RMSNormLayerOptions) {
    super();
    const op = 'RMSNorm';
    const o = checkOptionKeys(op, opts, keysOf<RMSNormLayerOptions>({ eps: true, elementwiseAffine: true, dtype: true }));
    this.normalizedShape = checkNormalizedShape(op, normalizedShape);
    this.eps = o.eps == null ? null : numArg(op, 'eps', o.eps, 0, { min: 0 });
    this.elementwiseAffine = boolArg(op, 'elementwiseAffine', o.elementwiseAffine, true);
    this.weight = this.elementwiseAffine ? new Parameter(full(this.normalizedShape, 1, { dtype: dtypeArg(op, o.dtype) })) : null;
  }

  forward(x: Tensor): Tensor {
    return rmsNormOf(`RMSNorm(${fmtShape(this.normalizedShape)})`, x, this.normalizedShape, this.weight, this.eps);
  }

  override extraRepr(): string {
    return `${fmtShape(this.normalizedShape)}, eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}

/** Options of `InstanceNorm1d` / `InstanceNorm2d` (PyTorch's, with its defaults: no affine, no running stats). */
export interface InstanceNormLayerOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Running-average weight (default 0.1). */
  momentum?: number;
  /** Learn per-channel weight and bias (default false). */
  affine?: boolean;
  /** Keep running statistics and use them in eval mode (default false). */
  trackRunningStats?: boolean;
  /** Parameter dtype (default 'float32'). */
  dtype?: DType;
}

abstract class InstanceNormBase extends Module {
  /** Channels of the input (axis 1). */
  readonly numFeatures: number;
  /** Added to the variance. */
  readonly eps: number;
  /** Weight of the new statistics in the running averages. */
  readonly momentum: number;
  /** Whether weight and bias are learned. */
  readonly affine: boolean;
  /** Whether running statistics are kept (and used in eval mode). */
  readonly trackRunningStats: boolean;
  /** Per-channel scale [numFeatures] (init 1), or null without affine. */
  weight: Parameter | null;
  /** Per-channel shift [numFeatures] (init 0), or null without affine. */
  bias: Parameter | null;
  /** @internal Number of spatial axes. */
  protected abstract readonly spatial: number;

  constructor(numFeatures: number, opts: InstanceNormLayerOptions | undefined) {
    super();
    const op = new.target.name;
    const o = checkOptionKeys(op, opts, keysOf<InstanceNormLayerOptions>({ eps: true, momentum: true, affine: true, trackRunningStats: true, dtype: true }));
    this.numFeatures = intArg(op, 'numFeatures', numFeatures, 1);
    this.eps = numArg(op, 'eps', o.eps, 1e-5, { min: 0 });
    this.momentum = numArg(op, 'momentum', o.momentum, 0.1, { min: 0 });
    this.affine = boolArg(op, 'affine', o.affine, false);
    this.trackRunningStats = boolArg(op, 'trackRunningStats', o.trackRunningStats, false);
    const dtype = dtypeArg(op, o.dtype);
    this.weight = this.affine ? new Parameter(full([numFeatures], 1, { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    const track = this.trackRunningStats;
    this.registerBuffer('running_mean', track ? zeros([numFeatures], { dtype }) : null);
    this.registerBuffer('running_var', track ? full([numFeatures], 1, { dtype }) : null);
    this.registerBuffer('num_batches_tracked', track ? zeros([], { dtype: 'int32' }) : null);
  }

  /** x [N, C, *spatial] (or unbatched [C, *spatial]) -> the same shape. */
  forward(x: Tensor): Tensor {
    const op = `${this.constructor.name}(numFeatures=${this.numFeatures})`;
    const d = this.spatial;
    floatArg(op, 'x', x);
    const batched = x.ndim === d + 2;
    if ((!batched && x.ndim !== d + 1) || x.shape[batched ? 1 : 0] !== this.numFeatures) {
      throw new ShapeError(`${op}: expected input [N, ${this.numFeatures}, ${d === 1 ? 'L' : 'H, W'}] or unbatched [${this.numFeatures}, ${d === 1 ? 'L' : 'H, W'}], got ${fmtShape(x.shape)}`);
    }
    const xb = batched ? x : x.unsqueeze(0);
    const useInput = this.training || !this.trackRunningStats;
    const rm = this.trackRunningStats ? this.getBuffer('running_mean') : null;
    const rv = this.trackRunningStats ? this.getBuffer('running_var') : null;
    const y = instanceNormOf(op, xb, rm, rv, this.weight, this.bias, { useInputStats: useInput, momentum: this.momentum, eps: this.eps });
    // num_batches_tracked is kept for state-dict compatibility only: PyTorch's instance norm never advances it.
    return batched ? y : y.squeeze(0);
  }

  override extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/**
 * Instance normalisation of x [N, C, L] (PyTorch's nn.InstanceNorm1d): each (sample, channel) over L.
 * @example new InstanceNorm1d(3).forward(zeros([2, 3, 10]))
 */
export class InstanceNorm1d extends InstanceNormBase {
  /** @internal */
  protected readonly spatial = 1;
  constructor(numFeatures: number, opts?: InstanceNormLayerOptions) {
    super(numFeatures, opts);
  }
}

/**
 * Instance normalisation of x [N, C, H, W] (PyTorch's nn.InstanceNorm2d): each (sample, channel) over H, W.
 * @example new InstanceNorm2d(3, { affine: true }).forward(zeros([2, 3, 8, 8]))
 */
export class InstanceNorm2d extends InstanceNormBase {
  /** @internal */
  protected readonly spatial = 2;
  constructor(numFeatures: number, opts?: InstanceNormLayerOptions) {
    super(numFeatures, opts);
  }
}
