import { requireOptions } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkFinite, checkPositiveInt } from '../validate.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** CosineAnnealingLR options. */
export interface CosineAnnealingLROptions {
  /** Half-period of the cosine, in epochs: the lr reaches etaMin at t = tMax. */
  tMax: number;
  /** Minimum lr (default 0). */
  etaMin?: number;
}

/**
 * Anneals the lr along a cosine: lr_t = η_min + (lr_0 − η_min)(1 + cos(π t / T_max)) / 2 (PyTorch's
 * CosineAnnealingLR). We always use this closed form; PyTorch steps a recursive form equal to it in exact
 * arithmetic (so ours does not compose with another scheduler writing the same groups' lr).
 * @example
 * const sched = new CosineAnnealingLR(opt, { tMax: 100, etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  /** Steps of the half cosine from the initial lr down to etaMin. */
  readonly tMax: number;
  /** The lowest lr. */
  readonly etaMin: number;

  constructor(optimizer: Optimizer, options: CosineAnnealingLROptions) {
    super('CosineAnnealingLR', optimizer);
    requireOptions('CosineAnnealingLR', options, ['tMax']);
    checkOptionKeys('CosineAnnealingLR', options, keysOf<CosineAnnealingLROptions>({ tMax: true, etaMin: true }));
    const { tMax, etaMin = 0 } = options ?? {};
    checkPositiveInt('CosineAnnealingLR', 'tMax', tMax);
    checkFinite('CosineAnnealingLR', 'etaMin', etaMin);
    this.tMax = tMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const c = (1 + Math.cos((Math.PI * this.lastEpoch) / this.tMax)) / 2;
    return this.baseLrs.map((lr) => this.etaMin + (lr - this.etaMin) * c);
  }
}
