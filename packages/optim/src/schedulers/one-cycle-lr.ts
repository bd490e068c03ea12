import { ValueError, describe, requireOptions } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkFinite, checkPositiveInt, checkUnit } from '../validate.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** OneCycleLR options (PyTorch's names in camelCase and its defaults). */
export interface OneCycleLROptions {
  /** Peak lr, for every group or one per group. */
  maxLr: number | number[];
  /** Number of `step()` calls in the whole cycle. */
  totalSteps: number;
  /** Fraction of the cycle spent increasing the lr (default 0.3). */
  pctStart?: number;
  /** 'cos' (default) or 'linear' interpolation inside each phase. */
  annealStrategy?: 'cos' | 'linear';
  /** Cycle the momentum (SGD/RMSprop `momentum`, or `betas[0]` of Adam-like optimizers) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** Momentum at the lr peak (default 0.85). */
  baseMomentum?: number | number[];
  /** Momentum at the start and end (default 0.95). */
  maxMomentum?: number | number[];
  /** Initial lr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** Minimum lr = initial lr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, back down to the initial lr, then annihilate) instead of two (default false). */
  threePhase?: boolean;
}

interface Phase {
  end: number;
  lr: [number[], number[]];
  mom: [number[], number[]];
}

/** Cosine (from `start` at pct 0 to `end` at pct 1) or linear interpolation, as PyTorch's `_annealing_*`. */
const anneal = (cos: boolean, start: number, end: number, pct: number): number =>
  cos ? end + ((start - end) / 2) * (Math.cos(Math.PI * pct) + 1) : (end - start) * pct + start;

const OPTION_KEYS = keysOf<OneCycleLROptions>({
  maxLr: true, totalSteps: true, pctStart: true, annealStrategy: true, cycleMomentum: true,
  baseMomentum: true, maxMomentum: true, divFactor: true, finalDivFactor: true, threePhase: true,
});

/**
 * The 1cycle policy (Smith & Topin), PyTorch's OneCycleLR: the lr rises from maxLr/divFactor to maxLr over
 * the first pctStart of totalSteps, then falls to maxLr/(divFactor·finalDivFactor); with threePhase it first
 * returns to the initial lr. The momentum moves the opposite way between maxMomentum and baseMomentum.
 * Step it after every batch; stepping more than totalSteps times throws.
 * @example
 * const sched = new OneCycleLR(opt, { maxLr: 0.1, totalSteps: epochs * batchesPerEpoch });
 */
export class OneCycleLR extends LRScheduler {
  /** Number of steps in the cycle (step() may not be called more often). */
  readonly totalSteps: number;
  private readonly phases: Phase[];
  private readonly cos: boolean;
  private readonly momentumKey: 'momentum' | 'betas' | null;

  constructor(optimizer: Optimizer, options: OneCycleLROptions) {
    super('OneCycleLR', optimizer);
    requireOptions('OneCycleLR', options, ['maxLr', 'totalSteps']);
    checkOptionKeys('OneCycleLR', options, OPTION_KEYS);
    const op = 'OneCycleLR';
    const o = options ?? ({} as OneCycleLROptions);
    const { totalSteps, pctStart = 0.3, annealStrategy = 'cos', cycleMomentum = true, divFactor = 25, finalDivFactor = 1e4, threePhase = false } = o;
    checkPositiveInt(op, 'totalSteps', totalSteps);
    checkUnit(op, 'pctStart', pctStart, true);
    if (annealStrategy !== 'cos' && annealStrategy !== 'linear') throw new ValueError(`${op}: annealStrategy must be 'cos' or 'linear', got ${describe(annealStrategy)}`);
    checkFinite(op, 'divFactor', divFactor, 0);
    checkFinite(op, 'finalDivFactor', finalDivFactor, 0);
    const n = optimizer.paramGroups.length;
    const perGroup = (name: string, v: unknown): number[] => {
      const list = Array.isArray(v) ? v : Array.from({ length: n }, () => v);
      if (list.length !== n) throw new ValueError(`${op}: expected ${n} values of ${name} (one per param group), got ${list.length}`);
      list.forEach((x: unknown) => checkFinite(op, name, x, name === 'maxLr' ? 0 : undefined));
      return list as number[];
    };
    const maxLr = perGroup('maxLr', o.maxLr);
    const initial = maxLr.map((m) => m / divFactor);
    const min = initial.map((i) => i / finalDivFactor);
    this.totalSteps = totalSteps;
    this.cos = annealStrategy === 'cos';
    this.baseLrs = initial;

    const defaults = optimizer.defaults as object;
    this.momentumKey = !cycleMomentum ? null : 'betas' in defaults ? 'betas' : 'momentum' in defaults ? 'momentum' : null;
    if (cycleMomentum && this.momentumKey === null) {
      throw new ValueError(`${op}: optimizer ${optimizer.name} has neither momentum nor betas; pass cycleMomentum: false`);
    }
    const baseM = perGroup('baseMomentum', o.baseMomentum ?? 0.85);
    const maxM = perGroup('maxMomentum', o.maxMomentum ?? 0.95);
    const pct = pctStart * totalSteps;
    this.phases = threePhase
      ? [
          { end: pct - 1, lr: [initial, maxLr], mom: [maxM, baseM] },
          { end: 2 * pct - 2, lr: [maxLr, initial], mom: [baseM, maxM] },
          { end: totalSteps - 1, lr: [initial, min], mom: [maxM, maxM] },
        ]
      : [
          { end: pct - 1, lr: [initial, maxLr], mom: [maxM, baseM] },
          { end: totalSteps - 1, lr: [maxLr, min], mom: [baseM, maxM] },
        ];
    // Every option is valid: only now write into the optimizer.
    optimizer.paramGroups.forEach((g, i) => (g.initialLr = initial[i]!));
    this.setMomentum(maxM);
    this.initialStep();
  }

  /** Advances one batch; throws (changing nothing) past totalSteps. */
  override step(): void {
    if (this.lastEpoch + 1 > this.totalSteps) {
      throw new ValueError(`OneCycleLR: tried to step ${this.lastEpoch + 1} times; the specified number of total steps is ${this.totalSteps}`);
    }
    super.step();
  }

  protected override computeLr(): number[] {
    const t = this.lastEpoch;
    let start = 0;
    for (let k = 0; k < this.phases.length; k++) {
      const ph = this.phases[k]!;
      if (t <= ph.end || k === this.phases.length - 1) {
        const pct = (t - start) / (ph.end - start);
        const at = ([a, b]: [number[], number[]]) => a.map((x, i) => anneal(this.cos, x, b[i]!, pct));
        this.setMomentum(at(ph.mom));
        return at(ph.lr);
      }
      start = ph.end;
    }
    return this.groupLrs(); // unreachable: the last phase always matches
  }

  private setMomentum(values: number[]): void {
    if (this.momentumKey === null) return;
    this.optimizer.paramGroups.forEach((g, i) => {
      const group = g as { momentum?: number; betas?: [number, number] };
      if (this.momentumKey === 'betas') group.betas = [values[i]!, group.betas![1]];
      else group.momentum = values[i]!;
    });
  }
}
