import { ValueError, describe, requireOptions } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkFinite } from '../validate.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** MultiStepLR options. */
export interface MultiStepLROptions {
  /** Epochs at which the lr decays (a milestone listed k times decays by γ^k). */
  milestones: number[];
  /** Multiplicative factor of each decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies the lr by `gamma` at each milestone: lr_t = lr_0 · γ^(number of milestones ≤ t)
 * (PyTorch's MultiStepLR, chained).
 * @example
 * const sched = new MultiStepLR(opt, { milestones: [30, 80], gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  /** The milestones, sorted. */
  readonly milestones: number[];
  /** Multiplicative factor of each decay. */
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: MultiStepLROptions) {
    super('MultiStepLR', optimizer);
    requireOptions('MultiStepLR', options, ['milestones']);
    checkOptionKeys('MultiStepLR', options, keysOf<MultiStepLROptions>({ milestones: true, gamma: true }));
    const { milestones, gamma = 0.1 } = options ?? {};
    if (!Array.isArray(milestones) || milestones.some((m) => typeof m !== 'number' || !Number.isInteger(m) || m < 0)) {
      throw new ValueError(`MultiStepLR: milestones must be an array of integers >= 0, got ${describe(milestones)}`);
    }
    checkFinite('MultiStepLR', 'gamma', gamma, 0);
    this.milestones = milestones.slice().sort((a, b) => a - b);
    this.gamma = gamma;
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const hits = this.milestones.filter((m) => m === this.lastEpoch).length;
    return this.groupLrs().map((lr) => (hits === 0 ? lr : lr * this.gamma ** hits));
  }

  protected override closedFormLr(): number[] {
    const passed = this.milestones.filter((m) => m <= this.lastEpoch).length;
    return this.baseLrs.map((lr) => lr * this.gamma ** passed);
  }
}
