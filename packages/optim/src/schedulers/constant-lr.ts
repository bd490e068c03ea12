import { ValueError, describe } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkOptionKeys, keysOf } from '../options.js';
import { checkOptimizer } from './scheduler-args.js';
import { checkPositiveInt } from '../validate.js';

/** ConstantLR options. */
export interface ConstantLROptions {
  /** Factor multiplying the lr until totalIters, in [0, 1] (default 1/3). */
  factor?: number;
  /** Number of steps the factor applies for (default 5). */
  totalIters?: number;
}

/**
 * Multiplies the lr by a constant factor for the first totalIters steps, then restores it (PyTorch's
 * ConstantLR, chained: × factor at step 0, ÷ factor at step totalIters): lr_t = lr_0 · (t < T ? factor : 1).
 * With factor 0, where PyTorch divides by zero at step totalIters, the lr returns to lr_0 (its closed form).
 * @example
 * const warmup = new ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 */
export class ConstantLR extends LRScheduler {
  /** Factor applied until totalIters. */
  readonly factor: number;
  /** Number of steps the factor applies for. */
  readonly totalIters: number;

  constructor(optimizer: Optimizer, options: ConstantLROptions = {}) {
    const op = 'ConstantLR';
    const { factor = 1 / 3, totalIters = 5 } = checkOptionKeys(op, options, keysOf<ConstantLROptions>({ factor: true, totalIters: true }));
    if (typeof factor !== 'number' || !(factor >= 0 && factor <= 1)) {
      throw new ValueError(`${op}: factor must be in [0, 1] (a constant multiplicative factor), got ${typeof factor === 'number' ? factor : describe(factor)}`);
    }
    checkPositiveInt(op, 'totalIters', totalIters);
    super(op, checkOptimizer(op, optimizer));
    this.factor = factor;
    this.totalIters = totalIters;
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const { factor, totalIters, lastEpoch: t } = this;
    if (t === 0) return this.groupLrs().map((lr) => lr * factor);
    if (t !== totalIters) return this.groupLrs();
    if (factor === 0) return this.closedFormLr();
    return this.groupLrs().map((lr) => lr * (1 / factor));
  }

  protected override closedFormLr(): number[] {
    const on = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((lr) => lr * (this.factor + on * (1 - this.factor)));
  }
}
