import { requireOptions } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkFinite } from '../validate.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** ExponentialLR options. */
export interface ExponentialLROptions {
  /** Multiplicative factor per epoch. */
  gamma: number;
}

/**
 * Multiplies the lr by `gamma` every epoch: lr_t = lr_0 · γ^t (PyTorch's ExponentialLR, chained).
 * @example
 * const sched = new ExponentialLR(opt, { gamma: 0.95 });
 */
export class ExponentialLR extends LRScheduler {
  /** Factor applied to the lr at every step. */
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: ExponentialLROptions) {
    super('ExponentialLR', optimizer);
    requireOptions('ExponentialLR', options, ['gamma']);
    checkOptionKeys('ExponentialLR', options, keysOf<ExponentialLROptions>({ gamma: true }));
    checkFinite('ExponentialLR', 'gamma', options?.gamma, 0);
    this.gamma = options.gamma;
    this.initialStep();
  }

  protected override computeLr(): number[] {
    return this.groupLrs().map((lr) => (this.lastEpoch === 0 ? lr : lr * this.gamma));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }
}
