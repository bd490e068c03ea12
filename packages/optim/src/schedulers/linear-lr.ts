import { ValueError } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkPositiveInt } from '../validate.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** LinearLR options. */
export interface LinearLROptions {
  /** Factor applied to the lr at epoch 0, in (0, 1] (default 1/3). */
  startFactor?: number;
  /** Factor reached at totalIters, in [0, 1] (default 1). */
  endFactor?: number;
  /** Epochs over which the factor moves linearly (default 5). */
  totalIters?: number;
}

/**
 * Scales the lr by a factor moving linearly from startFactor to endFactor over totalIters epochs, then
 * constant: lr_t = lr_0 (s + (e − s) min(t, T) / T) (PyTorch's LinearLR, chained by the ratio of
 * consecutive factors). Typical use: warmup.
 * @example
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 10 });
 */
export class LinearLR extends LRScheduler {
  /** Factor multiplying the lr at the first step. */
  readonly startFactor: number;
  /** Factor reached after totalIters steps. */
  readonly endFactor: number;
  /** Steps over which the factor moves linearly. */
  readonly totalIters: number;

  constructor(optimizer: Optimizer, options: LinearLROptions = {}) {
    super('LinearLR', optimizer);
    checkOptionKeys('LinearLR', options, keysOf<LinearLROptions>({ startFactor: true, endFactor: true, totalIters: true }));
    const { startFactor = 1 / 3, endFactor = 1, totalIters = 5 } = options;
    if (typeof startFactor !== 'number' || !(startFactor > 0 && startFactor <= 1)) {
      throw new ValueError(`LinearLR: startFactor must be in (0, 1], got ${startFactor}`);
    }
    if (typeof endFactor !== 'number' || !(endFactor >= 0 && endFactor <= 1)) {
      throw new ValueError(`LinearLR: endFactor must be in [0, 1], got ${endFactor}`);
    }
    checkPositiveInt('LinearLR', 'totalIters', totalIters);
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    if (t === 0) return this.groupLrs().map((lr) => lr * s);
    if (t > n) return this.groupLrs();
    const ratio = 1 + (e - s) / (n * s + (t - 1) * (e - s));
    return this.groupLrs().map((lr) => lr * ratio);
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n, lastEpoch: t } = this;
    return this.baseLrs.map((lr) => lr * (s + ((e - s) * Math.min(n, t)) / n));
  }
}
