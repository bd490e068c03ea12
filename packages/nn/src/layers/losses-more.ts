import type { Tensor } from '@nabla/autograd';
import { options, optionalTensor } from '../check.js';
import { ctcLoss, type CTCLossOptions, type Lengths } from '../functional/ctc.js';
import { gaussianNllLoss, poissonNllLoss, type GaussianNllLossOptions, type PoissonNllLossOptions } from '../functional/likelihood-losses.js';
import {
  cosineEmbeddingLoss, marginRankingLoss, multilabelMarginLoss, multilabelSoftMarginLoss, softMarginLoss, tripletMarginLoss,
  type MarginLossOptions, type TripletMarginLossOptions,
} from '../functional/margin-losses.js';
import { checkReduction, type Reduction } from '../functional/reduction.js';
import { Module } from '../module.js';

/** Options of the loss modules that take only a reduction. */
export interface ReductionOptions {
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}

/** Options of `MultiLabelSoftMarginLoss`. */
export interface MultiLabelSoftMarginLossOptions extends ReductionOptions {
  /** Per-class weight [C] (a buffer named `weight`). */
  weight?: Tensor | null;
}

/** Base of the wave-2 loss modules: validates the options (by key and reduction) and keeps them for forward. */
abstract class OptionsLoss<O extends { reduction?: Reduction }> extends Module {
  /** How per-sample losses are combined: 'mean' (default), 'sum' or 'none'. */
  readonly reduction: Reduction;
  /** @internal The options, passed on to the functional form. */
  protected readonly opts: O;
  constructor(opts: O | undefined, keys: readonly string[]) {
    super();
    const name = new.target.name;
    this.opts = { ...options(name, opts, keys) };
    this.reduction = checkReduction(name, this.opts.reduction);
  }
  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/** Cosine embedding loss (functional: `cosineEmbeddingLoss`). @example new CosineEmbeddingLoss({ margin: 0.2 }).forward(x1, x2, y) */
export class CosineEmbeddingLoss extends OptionsLoss<MarginLossOptions> {
  constructor(opts?: MarginLossOptions) {
    super(opts, ['reduction', 'margin']);
  }
  /** x1, x2 [N, D]; y [N] of 1 / -1. */
  forward(x1: Tensor, x2: Tensor, y: Tensor): Tensor {
    return cosineEmbeddingLoss(x1, x2, y, this.opts);
  }
}

/** Margin ranking loss (functional: `marginRankingLoss`). @example new MarginRankingLoss({ margin: 0.1 }).forward(s1, s2, y) */
export class MarginRankingLoss extends OptionsLoss<MarginLossOptions> {
  constructor(opts?: MarginLossOptions) {
    super(opts, ['reduction', 'margin']);
  }
  /** Scores x1 and x2 and the preferred order y (1: x1 above x2, -1: below), all the same shape. */
  forward(x1: Tensor, x2: Tensor, y: Tensor): Tensor {
    return marginRankingLoss(x1, x2, y, this.opts);
  }
}

/** Triplet margin loss (functional: `tripletMarginLoss`). @example new TripletMarginLoss({ margin: 0.5 }).forward(a, p, n) */
export class TripletMarginLoss extends OptionsLoss<TripletMarginLossOptions> {
  constructor(opts?: TripletMarginLossOptions) {
    super(opts, ['reduction', 'margin', 'p', 'eps', 'swap']);
  }
  /** anchor, positive and negative embeddings [N, D]. */
  forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return tripletMarginLoss(anchor, positive, negative, this.opts);
  }
}

/** Soft margin loss (functional: `softMarginLoss`). @example new SoftMarginLoss().forward(x, y) */
export class SoftMarginLoss extends OptionsLoss<ReductionOptions> {
  constructor(opts?: ReductionOptions) {
    super(opts, ['reduction']);
  }
  /** Scores x and labels y of 1 / -1, the same shape. */
  forward(x: Tensor, y: Tensor): Tensor {
    return softMarginLoss(x, y, this.opts);
  }
}

/**
 * Multi-label soft margin loss (functional: `multilabelSoftMarginLoss`); the class weight is a buffer `weight`.
 * @example new MultiLabelSoftMarginLoss({ weight: tensor([1, 2, 1]) }).forward(logits, targets01)
 */
export class MultiLabelSoftMarginLoss extends OptionsLoss<MultiLabelSoftMarginLossOptions> {
  constructor(opts?: MultiLabelSoftMarginLossOptions) {
    super(opts, ['reduction', 'weight']);
    this.registerBuffer('weight', optionalTensor('MultiLabelSoftMarginLoss', 'weight', opts?.weight) ?? null);
  }
  /** Logits x and 0/1 targets y, [N, C]. */
  forward(x: Tensor, y: Tensor): Tensor {
    return multilabelSoftMarginLoss(x, y, { reduction: this.reduction, weight: this.getBuffer('weight') });
  }
}

/** Multi-label margin loss (functional: `multilabelMarginLoss`). @example new MultiLabelMarginLoss().forward(x, targets) */
export class MultiLabelMarginLoss extends OptionsLoss<ReductionOptions> {
  constructor(opts?: ReductionOptions) {
    super(opts, ['reduction']);
  }
  /** Scores x [N, C] and int32 target class lists y [N, C] ended by -1. */
  forward(x: Tensor, y: Tensor): Tensor {
    return multilabelMarginLoss(x, y, this.opts);
  }
}

/** Poisson negative log-likelihood (functional: `poissonNllLoss`). @example new PoissonNLLLoss({ logInput: false }).forward(rates, counts) */
export class PoissonNLLLoss extends OptionsLoss<PoissonNllLossOptions> {
  constructor(opts?: PoissonNllLossOptions) {
    super(opts, ['reduction', 'logInput', 'full', 'eps']);
  }
  /** Rates (or log-rates) x and counts y, the same shape. */
  forward(x: Tensor, y: Tensor): Tensor {
    return poissonNllLoss(x, y, this.opts);
  }
}

/** Gaussian negative log-likelihood (functional: `gaussianNllLoss`). @example new GaussianNLLLoss().forward(mean, target, variance) */
export class GaussianNLLLoss extends OptionsLoss<GaussianNllLossOptions> {
  constructor(opts?: GaussianNllLossOptions) {
    super(opts, ['reduction', 'full', 'eps']);
  }
  /** Predicted means x, targets y and predicted variances. */
  forward(x: Tensor, y: Tensor, variance: Tensor): Tensor {
    return gaussianNllLoss(x, y, variance, this.opts);
  }
}

/** CTC loss (functional: `ctcLoss`). @example new CTCLoss({ blank: 0, zeroInfinity: true }).forward(logProbs, targets, inLens, tgtLens) */
export class CTCLoss extends OptionsLoss<CTCLossOptions> {
  constructor(opts?: CTCLossOptions) {
    super(opts, ['blank', 'reduction', 'zeroInfinity']);
  }
  /** logProbs [T, N, C], targets, and the input and target lengths per sample. */
  forward(logProbs: Tensor, targets: Tensor, inputLengths: Lengths, targetLengths: Lengths): Tensor {
    return ctcLoss(logProbs, targets, inputLengths, targetLengths, this.opts);
  }
}
