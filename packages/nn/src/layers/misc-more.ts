import type { Generator, Tensor } from '@nabla/autograd';
import { boolArg, generatorArg, intArg, numArg, options } from '../check.js';
import { pairwiseDistance, type PairwiseDistanceOptions } from '../functional/distance.js';
import { checkDropoutP } from '../functional/dropout.js';
import { alphaDropoutNamed, channelDropout } from '../functional/dropout-more.js';
import { localResponseNorm, type LocalResponseNormOptions } from '../functional/pixel.js';
import { Module } from '../module.js';
import { named } from './pooling-more.js';

/**
 * Local response normalisation across channels (PyTorch's nn.LocalResponseNorm). No parameters.
 * @example new LocalResponseNorm(5, { alpha: 1e-4, beta: 0.75, k: 2 }).forward(x) // same shape
 */
export class LocalResponseNorm extends Module {
  /** Channels in each window. */
  readonly size: number;
  /** Scale of the windowed sum of squares. */
  readonly alpha: number;
  /** Exponent of the divisor. */
  readonly beta: number;
  /** Additive constant of the divisor. */
  readonly k: number;
  constructor(size: number, opts?: LocalResponseNormOptions) {
    super();
    const o = options('LocalResponseNorm', opts, ['alpha', 'beta', 'k']);
    this.size = intArg('LocalResponseNorm', 'size', size, 1);
    this.alpha = numArg('LocalResponseNorm', 'alpha', o.alpha, 1e-4);
    this.beta = numArg('LocalResponseNorm', 'beta', o.beta, 0.75);
    this.k = numArg('LocalResponseNorm', 'k', o.k, 1);
  }
  /** x [N, C, ...] -> the same shape. */
  forward(x: Tensor): Tensor {
    return named(`LocalResponseNorm(${this.size})`, () => localResponseNorm(x, this.size, { alpha: this.alpha, beta: this.beta, k: this.k }));
  }
  override extraRepr(): string {
    return `${this.size}, alpha=${this.alpha}, beta=${this.beta}, k=${this.k}`;
  }
}

/**
 * p-norm distance along the last axis (PyTorch's nn.PairwiseDistance; functional: `pairwiseDistance`).
 * @example new PairwiseDistance({ p: 1 }).forward(a, b) // [N]
 */
export class PairwiseDistance extends Module {
  /** The norm degree. */
  readonly p: number;
  /** Added to the difference before the norm. */
  readonly eps: number;
  /** Keep the reduced axis. */
  readonly keepdim: boolean;
  constructor(opts?: PairwiseDistanceOptions) {
    super();
    const o = options('PairwiseDistance', opts, ['p', 'eps', 'keepdim']);
    this.p = o.p === Infinity ? Infinity : numArg('PairwiseDistance', 'p', o.p, 2, { min: 0 });
    this.eps = numArg('PairwiseDistance', 'eps', o.eps, 1e-6);
    this.keepdim = boolArg('PairwiseDistance', 'keepdim', o.keepdim, false);
  }
  /** x1 and x2 broadcasting to [..., D] -> [...]. */
  forward(x1: Tensor, x2: Tensor): Tensor {
    return named('PairwiseDistance', () => pairwiseDistance(x1, x2, { p: this.p, eps: this.eps, keepdim: this.keepdim }));
  }
  override extraRepr(): string {
    return `p=${this.p}, eps=${this.eps}, keepdim=${this.keepdim}`;
  }
}

type DropoutArg = number | { /** Drop probability (default 0.5). */ p?: number; /** Random source. */ generator?: Generator };

/** Shared body of the channel and alpha dropouts: p and the generator, identity in eval mode. */
abstract class DropoutLike extends Module {
  /** Probability of dropping (a channel, or an element for AlphaDropout) during training. */
  readonly p: number;
  /** @internal The random source (the global generator when undefined). */
  protected readonly generator: Generator | undefined;
  constructor(p: DropoutArg | undefined) {
    super();
    const name = new.target.name;
    const o = typeof p === 'object' ? options(name, p, ['p', 'generator']) : { p };
    this.p = checkDropoutP(name, o.p);
    this.generator = generatorArg(name, 'generator' in o ? o.generator : undefined);
  }
  override extraRepr(): string {
    return `p=${this.p}`;
  }
}

/**
 * Zeroes whole channels of [N, C, L] (or [C, L]) with probability p in training, scaling the rest by
 * 1 / (1 - p) (PyTorch's nn.Dropout1d); the identity after `eval()`.
 * @example new Dropout1d(0.2).forward(zeros([4, 8, 16]))
 */
export class Dropout1d extends DropoutLike {
  constructor(p: DropoutArg = 0.5) {
    super(p);
  }
  /** x [N, C, L] (or [C, L]), the same shape out. */
  forward(x: Tensor): Tensor {
    return channelDropout(`Dropout1d(p=${this.p})`, 1, x, { p: this.p, training: this.training, generator: this.generator });
  }
}

/**
 * Zeroes whole channels of [N, C, H, W] (or [C, H, W]) with probability p in training, scaling the rest by
 * 1 / (1 - p) (PyTorch's nn.Dropout2d); the identity after `eval()`. A 3-D input is one unbatched image
 * [C, H, W] (PyTorch 1.13 still reads it as [N, C, L] with a deprecation warning; use Dropout1d for that).
 * @example new Dropout2d(0.1).forward(zeros([4, 8, 5, 5]))
 */
export class Dropout2d extends DropoutLike {
  constructor(p: DropoutArg = 0.5) {
    super(p);
  }
  /** x [N, C, H, W] (or [C, H, W]), the same shape out. */
  forward(x: Tensor): Tensor {
    return channelDropout(`Dropout2d(p=${this.p})`, 2, x, { p: this.p, training: this.training, generator: this.generator });
  }
}

/**
 * Alpha dropout for self-normalising (SELU) networks (PyTorch's nn.AlphaDropout): keeps mean 0 and
 * variance 1; the identity after `eval()`.
 * @example new AlphaDropout(0.1).forward(x)
 */
export class AlphaDropout extends DropoutLike {
  constructor(p: DropoutArg = 0.5) {
    super(p);
  }
  /** x of any shape, the same shape out. */
  forward(x: Tensor): Tensor {
    return alphaDropoutNamed(`AlphaDropout(p=${this.p})`, x, { p: this.p, training: this.training, generator: this.generator });
  }
}
