import type { Tensor } from '@nabla/autograd';
import { options, optionalTensor } from '../check.js';
import { binaryCrossEntropy, bceWithLogits } from '../functional/bce.js';
import { crossEntropy, nllLoss } from '../functional/cross-entropy.js';
import { cosineSimilarity, hingeEmbeddingLoss, klDiv, multiMarginLoss, type KLDivOptions } from '../functional/other-losses.js';
import { checkReduction, type Reduction } from '../functional/reduction.js';
import { huberLoss, l1Loss, mseLoss, smoothL1Loss } from '../functional/regression-losses.js';
import { Module } from '../module.js';

/**
 * Base of the loss modules: holds the options and calls the functional form in `forward(input, target)`.
 * Class weights are buffers named as in PyTorch (`weight`, `pos_weight`), so they follow `to()` and state dicts.
 */
abstract class Loss<O extends { reduction?: Reduction }> extends Module {
  /** How per-element losses are combined: 'mean' (default), 'sum' or 'none'. */
  readonly reduction: Reduction;
  /** @internal The options, passed on to the functional form. */
  protected readonly opts: O;
  constructor(opts?: O, weights: Record<string, unknown> = {}) {
    super();
    const name = new.target.name;
    this.opts = { ...options(name, opts, this.optionKeys) };
    this.reduction = checkReduction(name, this.opts.reduction);
    for (const [key, w] of Object.entries(weights ?? {})) this.registerBuffer(key, optionalTensor(name, key, w) ?? null);
  }
  /** The option names this loss accepts; an unknown key is an error naming them (a prototype getter, so the base constructor can read it). */
  protected get optionKeys(): readonly string[] {
    return ['reduction'];
  }
  /** The loss of `input` (predictions, logits or log-probabilities) against `target`. */
  abstract override forward(input: Tensor, target: Tensor): Tensor;
  override extraRepr(): string {
    return `reduction='${this.reduction}'`;
  }
}

/** Mean squared error (functional: `mseLoss`). @example new MSELoss().forward(pred, target) */
export class MSELoss extends Loss<{
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}> {
  forward(input: Tensor, target: Tensor): Tensor {
    return mseLoss(input, target, this.opts);
  }
}

/** Mean absolute error (functional: `l1Loss`). @example new L1Loss({ reduction: 'sum' }) */
export class L1Loss extends Loss<{
  /** 'mean' (default), 'sum' or 'none'. */
  reduction?: Reduction;
}> {
  forward(input: Tensor, target: Tensor): Tensor {
    return l1Loss(input, target, this.opts);
  }
}

/** Smooth L1 with threshold beta (functional: `smoothL1Loss`). @example new SmoothL1Loss({ beta: 0.5 }) */
export class SmoothL1Loss extends Loss<{
  /** 'mean' (default), 'sum' or 'none'. */ reduction?: Reduction;
  /** Where the loss turns from quadratic to linear (default 1). */
  beta?: number;
}> {
  protected override get optionKeys(): readonly string[] {
    return ['reduction', 'beta'];
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return smoothL1Loss(input, target, this.opts);
  }
}

/** Huber loss with threshold delta (functional: `huberLoss`). @example new HuberLoss({ delta: 2 }) */
export class HuberLoss extends Loss<{
  /** 'mean' (default), 'sum' or 'none'. */ reduction?: Reduction;
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}> {
  protected override get optionKeys(): readonly string[] {
    return ['reduction', 'delta'];
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return huberLoss(input, target, this.opts);
  }
}

/** Binary cross-entropy on probabilities (functional: `binaryCrossEntropy`). @example new BCELoss() */
export class BCELoss extends Loss<{
  /** 'mean' (default), 'sum' or 'none'. */ reduction?: Reduction;
  /** Per-element weight, broadcast onto the input. */
  weight?: Tensor | null;
}> {
  protected override get optionKeys(): readonly string[] {
    return ['reduction', 'weight'];
  }
  constructor(opts?: { reduction?: Reduction; weight?: Tensor | null }) {
    super(opts, { weight: opts?.weight });
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return binaryCrossEntropy(input, target, { reduction: this.reduction, weight: this.getBuffer('weight') });
  }
}

/** Binary cross-entropy on logits (functional: `bceWithLogits`). @example new BCEWithLogitsLoss({ posWeight }) */
export class BCEWithLogitsLoss extends Loss<{
  /** 'mean' (default), 'sum' or 'none'. */ reduction?: Reduction;
  /** Per-element weight, broadcast onto the input. */
  weight?: Tensor | null;
  /** Weight of the positive term per class, e.g. negatives / positives. */
  posWeight?: Tensor | null;
}> {
  protected override get optionKeys(): readonly string[] {
    return ['reduction', 'weight', 'posWeight'];
  }
  constructor(opts?: { reduction?: Reduction; weight?: Tensor | null; posWeight?: Tensor | null }) {
    super(opts, { weight: opts?.weight, pos_weight: opts?.posWeight });
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return bceWithLogits(input, target, { reduction: this.reduction, weight: this.getBuffer('weight'), posWeight: this.getBuffer('pos_weight') });
  }
}

type CEOpts = { reduction?: Reduction; weight?: Tensor | null; ignoreIndex?: number; labelSmoothing?: number };

/** Cross-entropy of logits (functional: `crossEntropy`). @example new CrossEntropyLoss({ labelSmoothing: 0.1 }) */
export class CrossEntropyLoss extends Loss<CEOpts> {
  protected override get optionKeys(): readonly string[] {
    return ['reduction', 'weight', 'ignoreIndex', 'labelSmoothing'];
  }
  constructor(opts?: CEOpts) {
    super(opts, { weight: opts?.weight });
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return crossEntropy(input, target, { ...this.opts, weight: this.getBuffer('weight') });
  }
}

/** Negative log-likelihood of log-probabilities (functional: `nllLoss`). @example new NLLLoss({ ignoreIndex: 0 }) */
export class NLLLoss extends Loss<Omit<CEOpts, 'labelSmoothing'>> {
  protected override get optionKeys(): readonly string[] {
    return ['reduction', 'weight', 'ignoreIndex'];
  }
  constructor(opts?: Omit<CEOpts, 'labelSmoothing'>) {
    super(opts, { weight: opts?.weight });
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return nllLoss(input, target, { ...this.opts, weight: this.getBuffer('weight') });
  }
}

/** KL divergence with log-probability input (functional: `klDiv`). @example new KLDivLoss({ reduction: 'batchmean' }) */
export class KLDivLoss extends Module {
  private readonly opts: KLDivOptions;
  constructor(opts?: KLDivOptions) {
    super();
    this.opts = { ...options('KLDivLoss', opts, ['reduction', 'logTarget']) };
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return klDiv(input, target, this.opts);
  }
}

/** Hinge embedding loss for labels in {1, -1} (functional: `hingeEmbeddingLoss`). @example new HingeEmbeddingLoss({ margin: 2 }) */
export class HingeEmbeddingLoss extends Loss<{
  /** 'mean' (default), 'sum' or 'none'. */ reduction?: Reduction;
  /** The margin for targets of -1 (default 1). */
  margin?: number;
}> {
  protected override get optionKeys(): readonly string[] {
    return ['reduction', 'margin'];
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return hingeEmbeddingLoss(input, target, this.opts);
  }
}

type MMOpts = { reduction?: Reduction; p?: 1 | 2; margin?: number; weight?: Tensor | null };

/** Multi-class hinge loss (functional: `multiMarginLoss`). @example new MultiMarginLoss({ p: 2 }) */
export class MultiMarginLoss extends Loss<MMOpts> {
  protected override get optionKeys(): readonly string[] {
    return ['reduction', 'p', 'margin', 'weight'];
  }
  constructor(opts?: MMOpts) {
    super(opts, { weight: opts?.weight });
  }
  forward(input: Tensor, target: Tensor): Tensor {
    return multiMarginLoss(input, target, { ...this.opts, weight: this.getBuffer('weight') });
  }
}

/** Cosine similarity along `axis` (functional: `cosineSimilarity`). @example new CosineSimilarity({ axis: -1 }).forward(a, b) */
export class CosineSimilarity extends Module {
  private readonly opts: { axis?: number; eps?: number };
  constructor(opts?: { axis?: number; eps?: number }) {
    super();
    this.opts = { ...options('CosineSimilarity', opts, ['axis', 'eps']) };
  }
  forward(a: Tensor, b: Tensor): Tensor {
    return cosineSimilarity(a, b, this.opts);
  }
}
