import { ValueError, describe, requireOptions } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkFinite, checkPositiveInt } from '../validate.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** CosineAnnealingWarmRestarts options. */
export interface CosineAnnealingWarmRestartsOptions {
  /** Length of the first cycle, in epochs. */
  t0: number;
  /** Each cycle is tMult times longer than the previous one (integer >= 1, default 1). */
  tMult?: number;
  /** Minimum lr (default 0). */
  etaMin?: number;
}

/**
 * SGDR (Loshchilov & Hutter): cosine annealing restarted every cycle, lr = η_min + (lr_0 − η_min)(1 + cos(π T_cur / T_i)) / 2,
 * where T_cur counts epochs since the last restart and the cycle length T_i starts at t0 and is multiplied
 * by tMult at each restart (PyTorch's CosineAnnealingWarmRestarts). `step(epoch)` accepts a fractional epoch
 * for per-batch updates.
 * @example
 * const sched = new CosineAnnealingWarmRestarts(opt, { t0: 10, tMult: 2 });
 * for (let e = 0; e < 70; e++) for (let b = 0; b < nBatches; b++) { trainBatch(); sched.step(e + b / nBatches); }
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** Length of the first cycle, in epochs. */
  readonly t0: number;
  /** Factor by which each cycle is longer than the previous. */
  readonly tMult: number;
  /** The lowest lr. */
  readonly etaMin: number;
  /** Length of the current cycle. */
  tI: number;
  /** Epochs since the last restart (fractional when stepped with fractional epochs). */
  tCur = -1;

  constructor(optimizer: Optimizer, options: CosineAnnealingWarmRestartsOptions) {
    super('CosineAnnealingWarmRestarts', optimizer);
    requireOptions('CosineAnnealingWarmRestarts', options, ['t0']);
    checkOptionKeys('CosineAnnealingWarmRestarts', options, keysOf<CosineAnnealingWarmRestartsOptions>({ t0: true, tMult: true, etaMin: true }));
    const { t0, tMult = 1, etaMin = 0 } = options ?? {};
    checkPositiveInt('CosineAnnealingWarmRestarts', 't0', t0);
    checkPositiveInt('CosineAnnealingWarmRestarts', 'tMult', tMult);
    checkFinite('CosineAnnealingWarmRestarts', 'etaMin', etaMin);
    this.t0 = t0;
    this.tMult = tMult;
    this.etaMin = etaMin;
    this.tI = t0;
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const c = (1 + Math.cos((Math.PI * this.tCur) / this.tI)) / 2;
    return this.baseLrs.map((lr) => this.etaMin + (lr - this.etaMin) * c);
  }

  /** Advances one epoch, or jumps to `epoch` (fractional allowed). */
  override step(epoch?: number): void {
    if (epoch === undefined && this.lastEpoch < 0) epoch = 0;
    if (epoch === undefined) {
      this.lastEpoch += 1;
      this.tCur += 1;
      if (this.tCur >= this.tI) {
        this.tCur -= this.tI;
        this.tI *= this.tMult;
      }
    } else {
      if (typeof epoch !== 'number' || !(epoch >= 0) || !Number.isFinite(epoch)) {
        throw new ValueError(`CosineAnnealingWarmRestarts.step: epoch must be a finite number >= 0, got ${describe(epoch)}`);
      }
      this.jumpTo(epoch);
      this.lastEpoch = Math.floor(epoch);
    }
    this.apply(this.computeLr());
  }

  /** Sets tCur and tI for a given epoch, closed form. */
  private jumpTo(epoch: number): void {
    const { t0, tMult } = this;
    if (epoch < t0) {
      this.tI = t0;
      this.tCur = epoch;
    } else if (tMult === 1) {
      this.tI = t0;
      this.tCur = epoch % t0;
    } else {
      // Cycle n starts at epoch t0 (tMult^n − 1)/(tMult − 1).
      const n = Math.floor(Math.log((epoch / t0) * (tMult - 1) + 1) / Math.log(tMult));
      this.tCur = epoch - (t0 * (tMult ** n - 1)) / (tMult - 1);
      this.tI = t0 * tMult ** n;
    }
  }

  override _restart(): void {
    this.step(0);
  }
}
