import { ValueError, describe } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkOptionKeys, keysOf } from '../options.js';
import { checkOptimizer } from './scheduler-args.js';

/** ChainedScheduler options. */
export interface ChainedSchedulerOptions {
  /** The optimizer the schedulers drive (default: the first scheduler's); every scheduler must use it. */
  optimizer?: Optimizer;
}

/**
 * Steps several schedulers together, every step (PyTorch's ChainedScheduler): their chained forms compose,
 * so the lr is the product of their factors. Construct the schedulers first.
 * @example
 * const sched = new ChainedScheduler([new ConstantLR(opt, { factor: 0.1, totalIters: 2 }), new ExponentialLR(opt, { gamma: 0.9 })]);
 */
export class ChainedScheduler extends LRScheduler {
  /** The schedulers, stepped in order. */
  readonly schedulers: LRScheduler[];

  constructor(schedulers: LRScheduler[], options: ChainedSchedulerOptions = {}) {
    const op = 'ChainedScheduler';
    const o = checkOptionKeys(op, options, keysOf<ChainedSchedulerOptions>({ optimizer: true }));
    if (!Array.isArray(schedulers) || schedulers.length === 0) {
      throw new ValueError(`${op}: expected a non-empty array of schedulers, got ${describe(schedulers)}`);
    }
    schedulers.forEach((s, i) => {
      if (!(s instanceof LRScheduler)) throw new ValueError(`${op}: schedulers[${i}] is not an LRScheduler (ReduceLROnPlateau cannot be chained): got ${describe(s)}`);
    });
    const optimizer = checkOptimizer(op, o.optimizer ?? schedulers[0]!.optimizer);
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) throw new ValueError(`${op}: schedulers[${i}] was built on a different optimizer than ${o.optimizer ? 'the one given' : 'schedulers[0]'}`);
    });
    super(op, optimizer);
    this.schedulers = schedulers.slice();
    this.lastEpoch = 0;
    this.apply(this.groupLrs());
  }

  protected override computeLr(): number[] {
    return this.groupLrs();
  }

  /** Steps every scheduler in order; the lr left by the last is this scheduler's. */
  override step(): void {
    for (const s of this.schedulers) s.step();
    this.lastEpoch += 1;
    this.apply(this.groupLrs());
  }
}
