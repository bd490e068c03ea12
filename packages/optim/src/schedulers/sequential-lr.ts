import { ValueError, describe, requireOptions } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** SequentialLR options. */
export interface SequentialLROptions {
  /** The schedulers to run one after another, all built on the same optimizer. */
  schedulers: LRScheduler[];
  /** Epochs at which the next scheduler takes over (one fewer than schedulers, increasing). */
  milestones: number[];
}

/**
 * Runs schedulers one after another (PyTorch's SequentialLR): scheduler k drives the lr from milestone
 * k−1 on, restarted at its epoch 0 when it takes over. Construct the children first; this resets the lr to
 * the groups' initialLr and re-applies the first child's step 0.
 * @example
 * const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new CosineAnnealingLR(opt, { tMax: 95 });
 * const sched = new SequentialLR(opt, { schedulers: [warmup, decay], milestones: [5] });
 */
export class SequentialLR extends LRScheduler {
  /** The schedulers, run one after another. */
  readonly schedulers: LRScheduler[];
  /** The steps at which the next scheduler takes over. */
  readonly milestones: number[];

  constructor(optimizer: Optimizer, options: SequentialLROptions) {
    super('SequentialLR', optimizer);
    requireOptions('SequentialLR', options, ['schedulers', 'milestones']);
    checkOptionKeys('SequentialLR', options, keysOf<SequentialLROptions>({ schedulers: true, milestones: true }));
    const op = 'SequentialLR';
    const { schedulers, milestones } = options ?? ({} as SequentialLROptions);
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new ValueError(`${op}: schedulers must be a non-empty array, got ${describe(schedulers)}`);
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new ValueError(`${op}: schedulers[${i}] is not an LRScheduler (ReduceLROnPlateau cannot be chained): got ${describe(s)}`);
      if (s.optimizer !== optimizer) throw new ValueError(`${op}: schedulers[${i}] was built on a different optimizer than the one given`);
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new ValueError(`${op}: expected ${schedulers.length - 1} milestones for ${schedulers.length} schedulers, got ${describe(milestones)}`);
    }
    milestones.forEach((m, i) => {
      if (typeof m !== 'number' || !Number.isInteger(m) || m < 0 || (i > 0 && m <= milestones[i - 1]!)) {
        throw new ValueError(`${op}: milestones must be increasing integers >= 0, got [${milestones.join(', ')}]`);
      }
    });
    this.schedulers = schedulers.slice();
    this.milestones = milestones.slice();
    this.lastEpoch = 0;
    optimizer.paramGroups.forEach((g) => (g.lr = g.initialLr!));
    for (const s of schedulers) s._rewind();
    schedulers[0]!.step();
    this.apply(schedulers[0]!.getLastLr());
  }

  protected override computeLr(): number[] {
    return this.groupLrs();
  }

  override step(): void {
    this.lastEpoch += 1;
    const idx = this.milestones.filter((m) => m <= this.lastEpoch).length;
    const s = this.schedulers[idx]!;
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) s._restart();
    else s.step();
    this.apply(s.getLastLr());
  }
}
