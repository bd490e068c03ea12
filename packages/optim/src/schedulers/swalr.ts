import { ValueError, describe } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkOptionKeys, keysOf, perGroup } from '../options.js';
import { checkOptimizer } from './scheduler-args.js';
import { checkNonNegative } from '../validate.js';

/** SWALR options (PyTorch's names in camelCase and its defaults). */
export interface SWALROptions {
  /** The constant SWA lr the schedule anneals to, for every group or one per group. */
  swaLr: number | number[];
  /** Epochs of annealing (an integer >= 0; default 10). */
  annealEpochs?: number;
  /** 'cos' (default) or 'linear' annealing. */
  annealStrategy?: 'cos' | 'linear';
}

/**
 * The lr schedule of stochastic weight averaging (PyTorch's SWALR): anneals each group's lr from its current
 * value to swaLr over annealEpochs epochs, then holds it. With α(t) = (1 − cos(π t/E))/2 ('cos') or t/E
 * ('linear'), clipped to [0, 1], each step recovers the pre-annealing lr from the group's lr and the previous
 * α, then sets lr = swaLr · α + lr_pre · (1 − α), so other changes to the group's lr carry through.
 * Use it with `AveragedModel` once averaging starts.
 * @example
 * const swaSched = new SWALR(opt, { swaLr: 0.05, annealEpochs: 5 });
 */
export class SWALR extends LRScheduler {
  /** The SWA lr of each group (PyTorch keeps it in the param group as `swa_lr`). */
  readonly swaLrs: number[];
  /** Epochs of annealing. */
  readonly annealEpochs: number;
  private readonly anneal: (t: number) => number;

  constructor(optimizer: Optimizer, options: SWALROptions) {
    const op = 'SWALR';
    const o = checkOptionKeys(op, options, keysOf<SWALROptions>({ swaLr: true, annealEpochs: true, annealStrategy: true }));
    const opt = checkOptimizer(op, optimizer);
    const swaLrs = perGroup(op, 'swaLr', o.swaLr, opt.paramGroups.length, (x, what) => checkNonNegative(op, what, x));
    const { annealEpochs = 10, annealStrategy = 'cos' } = o;
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') {
      throw new ValueError(`${op}: annealStrategy must be 'cos' or 'linear', got ${describe(annealStrategy)}`);
    }
    if (typeof annealEpochs !== 'number' || !Number.isInteger(annealEpochs) || annealEpochs < 0) {
      throw new ValueError(`${op}: annealEpochs must be an integer >= 0, got ${typeof annealEpochs === 'number' ? annealEpochs : describe(annealEpochs)}`);
    }
    super(op, opt);
    this.swaLrs = swaLrs;
    this.annealEpochs = annealEpochs;
    this.anneal = annealStrategy === 'cos' ? (t) => (1 - Math.cos(Math.PI * t)) / 2 : (t) => t;
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const epochs = this.annealEpochs;
    const step = epochs === 0 ? Math.max(1, this.lastEpoch) : this.lastEpoch;
    const clip = (x: number) => Math.max(0, Math.min(1, x));
    const prevAlpha = this.anneal(clip((step - 1) / Math.max(1, epochs)));
    const alpha = this.anneal(clip(step / Math.max(1, epochs)));
    return this.groupLrs().map((lr, i) => {
      const swa = this.swaLrs[i]!;
      // The lr before annealing, recovered from the previous step's mix.
      const pre = prevAlpha === 1 ? swa : (lr - prevAlpha * swa) / (1 - prevAlpha);
      return swa * alpha + pre * (1 - alpha);
    });
  }
}
