import { requireOptions } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkFinite, checkPositiveInt } from '../validate.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** StepLR options. */
export interface StepLROptions {
  /** Epochs between decays. */
  stepSize: number;
  /** Multiplicative factor of each decay (default 0.1). */
  gamma?: number;
}

/**
 * Multiplies the lr by `gamma` every `stepSize` epochs: lr_t = lr_0 · γ^⌊t / stepSize⌋ (PyTorch's StepLR,
 * chained: at a multiple of stepSize the current lr is multiplied by γ).
 * @example
 * const sched = new StepLR(opt, { stepSize: 30, gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); sched.step(); }
 */
export class StepLR extends LRScheduler {
  /** Epochs between decays. */
  readonly stepSize: number;
  /** Multiplicative factor of each decay. */
  readonly gamma: number;

  constructor(optimizer: Optimizer, options: StepLROptions) {
    super('StepLR', optimizer);
    requireOptions('StepLR', options, ['stepSize']);
    checkOptionKeys('StepLR', options, keysOf<StepLROptions>({ stepSize: true, gamma: true }));
    const { stepSize, gamma = 0.1 } = options ?? {};
    checkPositiveInt('StepLR', 'stepSize', stepSize);
    checkFinite('StepLR', 'gamma', gamma, 0);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const decay = this.lastEpoch !== 0 && this.lastEpoch % this.stepSize === 0;
    return this.groupLrs().map((lr) => (decay ? lr * this.gamma : lr));
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}
