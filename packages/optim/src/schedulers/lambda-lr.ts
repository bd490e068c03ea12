import { ValueError, describe, requireOptions } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** A multiplicative factor of the initial lr as a function of the epoch. */
export type LrLambda = (epoch: number) => number;

/** LambdaLR options. */
export interface LambdaLROptions {
  /** One function for every group, or one per group. */
  lrLambda: LrLambda | LrLambda[];
}

/**
 * Sets lr_t = lr_0 · λ(t) (PyTorch's LambdaLR).
 * @example
 * const sched = new LambdaLR(opt, { lrLambda: (epoch) => 0.95 ** epoch });
 */
export class LambdaLR extends LRScheduler {
  private readonly lambdas: LrLambda[];

  constructor(optimizer: Optimizer, options: LambdaLROptions) {
    super('LambdaLR', optimizer);
    requireOptions('LambdaLR', options, ['lrLambda']);
    checkOptionKeys('LambdaLR', options, keysOf<LambdaLROptions>({ lrLambda: true }));
    const f = options?.lrLambda;
    const n = optimizer.paramGroups.length;
    if (Array.isArray(f)) {
      if (f.length !== n) throw new ValueError(`LambdaLR: expected ${n} lrLambda functions (one per param group), got ${f.length}`);
      this.lambdas = f.slice();
    } else {
      this.lambdas = Array.from({ length: n }, () => f as LrLambda);
    }
    this.lambdas.forEach((fn, i) => {
      if (typeof fn !== 'function') throw new ValueError(`LambdaLR: lrLambda${Array.isArray(f) ? `[${i}]` : ''} must be a function, got ${describe(fn)}`);
    });
    this.initialStep();
  }

  protected override computeLr(): number[] {
    return this.baseLrs.map((lr, i) => {
      const factor = this.lambdas[i]!(this.lastEpoch);
      if (typeof factor !== 'number' || !Number.isFinite(factor)) {
        throw new ValueError(`LambdaLR: lrLambda(${this.lastEpoch}) for param group ${i} returned ${describe(factor)}; expected a finite number`);
      }
      return lr * factor;
    });
  }
}
