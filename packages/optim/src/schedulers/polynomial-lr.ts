import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkOptionKeys, keysOf } from '../options.js';
import { checkOptimizer } from './scheduler-args.js';
import { checkNonNegative, checkPositiveInt } from '../validate.js';

/** PolynomialLR options. */
export interface PolynomialLROptions {
  /** Steps over which the lr decays to 0 (default 5). */
  totalIters?: number;
  /** Power of the polynomial (default 1: linear decay). */
  power?: number;
}

/**
 * Decays the lr polynomially to 0 over totalIters steps, then keeps it there (PyTorch's PolynomialLR,
 * chained by the ratio of consecutive factors): lr_t = lr_0 · (1 − min(t, T)/T)^power.
 * @example
 * const sched = new PolynomialLR(opt, { totalIters: 100, power: 2 });
 */
export class PolynomialLR extends LRScheduler {
  /** Steps over which the lr decays. */
  readonly totalIters: number;
  /** Power of the polynomial. */
  readonly power: number;

  constructor(optimizer: Optimizer, options: PolynomialLROptions = {}) {
    const op = 'PolynomialLR';
    const { totalIters = 5, power = 1 } = checkOptionKeys(op, options, keysOf<PolynomialLROptions>({ totalIters: true, power: true }));
    checkPositiveInt(op, 'totalIters', totalIters);
    checkNonNegative(op, 'power', power);
    super(op, checkOptimizer(op, optimizer));
    this.totalIters = totalIters;
    this.power = power;
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const { totalIters: n, power, lastEpoch: t } = this;
    if (t === 0 || t > n) return this.groupLrs();
    const factor = ((1 - t / n) / (1 - (t - 1) / n)) ** power;
    return this.groupLrs().map((lr) => lr * factor);
  }

  protected override closedFormLr(): number[] {
    const { totalIters: n, power, lastEpoch: t } = this;
    return this.baseLrs.map((lr) => lr * (1 - Math.min(n, t) / n) ** power);
  }
}
