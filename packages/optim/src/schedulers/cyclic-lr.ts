import { ValueError, describe } from '@nabla/autograd';
import { LRScheduler } from './lr-scheduler.js';
import type { Optimizer } from '../optimizer.js';
import { checkOptionKeys, keysOf, perGroup } from '../options.js';
import { checkOptimizer } from './scheduler-args.js';
import { checkBool, checkFinite, checkNonNegative } from '../validate.js';

/** CyclicLR options (PyTorch's names in camelCase and its defaults). */
export interface CyclicLROptions {
  /** Lower lr boundary of the cycle, for every group or one per group. */
  baseLr: number | number[];
  /** Upper lr boundary, for every group or one per group (reached only if the scale factor is 1). */
  maxLr: number | number[];
  /** Steps in the increasing half of a cycle (default 2000). */
  stepSizeUp?: number;
  /** Steps in the decreasing half (default: stepSizeUp). */
  stepSizeDown?: number | null;
  /** 'triangular' (default), 'triangular2' (amplitude halved every cycle) or 'exp_range' (scaled by gamma^step). */
  mode?: 'triangular' | 'triangular2' | 'exp_range';
  /** Base of 'exp_range' scaling (default 1). */
  gamma?: number;
  /** A custom amplitude scale (replaces mode); 0 <= scaleFn(x) <= 1 for all x >= 0. */
  scaleFn?: ((x: number) => number) | null;
  /** What the custom scaleFn is evaluated at: the cycle number ('cycle', default) or the step ('iterations'). */
  scaleMode?: 'cycle' | 'iterations';
  /** Cycle the momentum (or Adam-like `betas[0]`) inversely to the lr (default true). */
  cycleMomentum?: boolean;
  /** Momentum at the lr peak (default 0.8). */
  baseMomentum?: number | number[];
  /** Momentum at the lr trough (default 0.9). */
  maxMomentum?: number | number[];
}

const KEYS = keysOf<CyclicLROptions>({
  baseLr: true, maxLr: true, stepSizeUp: true, stepSizeDown: true, mode: true, gamma: true, scaleFn: true, scaleMode: true,
  cycleMomentum: true, baseMomentum: true, maxMomentum: true,
});
const MODES = ['triangular', 'triangular2', 'exp_range'];

/**
 * Cyclical learning rates (Smith, 2017), PyTorch's CyclicLR: the lr moves linearly from baseLr up to maxLr
 * over stepSizeUp steps and back over stepSizeDown, its amplitude scaled per mode; the momentum moves the
 * opposite way between maxMomentum and baseMomentum. Step it after every batch. With c = ⌊1 + t/T⌋ and
 * x = 1 + t/T − c (T = up + down, r = up/T), the height is x/r on the way up and (x − 1)/(r − 1) down, and
 *   lr_t = baseLr + (maxLr − baseLr) · height · scale,   scale = 1 | 1/2^(c−1) | γ^t.
 * The construction sets each group's lr to baseLr (and momentum to maxMomentum).
 * @example
 * const sched = new CyclicLR(opt, { baseLr: 0.001, maxLr: 0.1, stepSizeUp: 200, mode: 'triangular2' });
 */
export class CyclicLR extends LRScheduler {
  /** Upper lr boundary of each group. */
  readonly maxLrs: number[];
  /** Steps in one whole cycle. */
  readonly totalSize: number;
  /** Fraction of the cycle spent increasing. */
  readonly stepRatio: number;
  /** Momentum of each group at the lr peak (null without cycleMomentum). */
  readonly baseMomentums: number[] | null;
  /** Momentum of each group at the lr trough (null without cycleMomentum). */
  readonly maxMomentums: number[] | null;
  private readonly scale: (x: number) => number;
  private readonly byCycle: boolean;
  private readonly momentumKey: 'momentum' | 'betas' | null;
  private pendingMomentum: number[] | null = null;

  constructor(optimizer: Optimizer, options: CyclicLROptions) {
    const op = 'CyclicLR';
    const o = checkOptionKeys(op, options, KEYS);
    const opt = checkOptimizer(op, optimizer);
    const n = opt.paramGroups.length;
    const nonNeg = (x: unknown, what: string) => checkNonNegative(op, what, x);
    const baseLrs = perGroup(op, 'baseLr', o.baseLr, n, nonNeg);
    const maxLrs = perGroup(op, 'maxLr', o.maxLr, n, nonNeg);
    const { stepSizeUp = 2000, stepSizeDown = null, mode = 'triangular', gamma = 1, scaleFn = null, scaleMode = 'cycle', cycleMomentum = true } = o;
    checkFinite(op, 'stepSizeUp', stepSizeUp, 0);
    if (stepSizeDown !== null) checkFinite(op, 'stepSizeDown', stepSizeDown, 0);
    if (scaleFn !== null && typeof scaleFn !== 'function') throw new ValueError(`${op}: scaleFn must be a function or null, got ${describe(scaleFn)}`);
    if (scaleFn === null && !MODES.includes(mode)) throw new ValueError(`${op}: mode must be one of ${MODES.join(', ')} (or pass scaleFn), got ${describe(mode)}`);
    if (scaleMode !== 'cycle' && scaleMode !== 'iterations') throw new ValueError(`${op}: scaleMode must be 'cycle' or 'iterations', got ${describe(scaleMode)}`);
    checkFinite(op, 'gamma', gamma, 0);
    checkBool(op, 'cycleMomentum', cycleMomentum);
    const defaults = opt.defaults as object;
    const momentumKey = !cycleMomentum ? null : 'betas' in defaults ? 'betas' : 'momentum' in defaults ? 'momentum' : null;
    if (cycleMomentum && momentumKey === null) {
      throw new ValueError(`${op}: optimizer ${opt.name} has neither momentum nor betas; pass cycleMomentum: false`);
    }
    const unit = (x: unknown, what: string) => checkFinite(op, what, x);
    const baseM = cycleMomentum ? perGroup(op, 'baseMomentum', o.baseMomentum ?? 0.8, n, unit) : null;
    const maxM = cycleMomentum ? perGroup(op, 'maxMomentum', o.maxMomentum ?? 0.9, n, unit) : null;

    const fresh = opt.paramGroups.map((g) => g.initialLr === undefined);
    super(op, opt);
    opt.paramGroups.forEach((g, i) => {
      g.lr = baseLrs[i]!;
      if (fresh[i]) g.initialLr = baseLrs[i]!;
    });
    this.baseLrs = baseLrs;
    this.maxLrs = maxLrs;
    const down = stepSizeDown ?? stepSizeUp;
    this.totalSize = stepSizeUp + down;
    this.stepRatio = stepSizeUp / this.totalSize;
    this.scale = scaleFn ?? (mode === 'triangular' ? () => 1 : mode === 'triangular2' ? (x) => 1 / 2 ** (x - 1) : (x) => gamma ** x);
    this.byCycle = scaleFn !== null ? scaleMode === 'cycle' : mode !== 'exp_range';
    this.momentumKey = momentumKey;
    this.baseMomentums = baseM;
    this.maxMomentums = maxM;
    if (maxM) this.setMomentum(maxM);
    this.initialStep();
  }

  protected override computeLr(): number[] {
    const t = this.lastEpoch;
    const cycle = Math.floor(1 + t / this.totalSize);
    const x = 1 + t / this.totalSize - cycle;
    const height = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const s = this.scale(this.byCycle ? cycle : t);
    if (this.baseMomentums && this.maxMomentums) {
      const mb = this.baseMomentums;
      this.pendingMomentum = this.maxMomentums.map((m, i) => m - (m - mb[i]!) * height * s);
    }
    return this.baseLrs.map((b, i) => b + (this.maxLrs[i]! - b) * height * s);
  }

  /** Writes the lrs and, with them, the momentum computed for the same step (never one without the other). */
  protected override apply(lrs: number[]): void {
    if (this.pendingMomentum) this.setMomentum(this.pendingMomentum);
    this.pendingMomentum = null;
    super.apply(lrs);
  }

  private setMomentum(values: number[]): void {
    this.optimizer.paramGroups.forEach((g, i) => {
      const group = g as { momentum?: number; betas?: [number, number] };
      if (this.momentumKey === 'betas') group.betas = [values[i]!, group.betas![1]];
      else group.momentum = values[i]!;
    });
  }
}
