import { Tensor, ValueError, describe } from '@nabla/autograd';
import { Optimizer } from '../optimizer.js';
import { checkFinite, checkNonNegative } from '../validate.js';
import { checkOptionKeys, keysOf } from '../options.js';

/** ReduceLROnPlateau options (PyTorch's names in camelCase and its defaults). */
export interface ReduceLROnPlateauOptions {
  /** 'min' (default): the metric should decrease; 'max': it should increase. */
  mode?: 'min' | 'max';
  /** lr ← lr · factor on a plateau; must be < 1 (default 0.1). */
  factor?: number;
  /** Number of non-improving epochs tolerated before reducing (default 10). */
  patience?: number;
  /** Minimum change that counts as improvement (default 1e-4). */
  threshold?: number;
  /** 'rel' (default): relative to the best value; 'abs': absolute. */
  thresholdMode?: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** Lower bound of the lr, for every group or one per group (default 0). */
  minLr?: number | number[];
  /** Reductions smaller than eps are skipped (default 1e-8). */
  eps?: number;
}

const OPTION_KEYS = keysOf<ReduceLROnPlateauOptions>({
  mode: true, factor: true, patience: true, threshold: true, thresholdMode: true, cooldown: true, minLr: true,
  eps: true,
});

/**
 * Reduces the lr by `factor` when a metric has stopped improving for more than `patience` epochs
 * (PyTorch's ReduceLROnPlateau). Call `step(metric)` once per epoch, e.g. with the validation loss.
 * A NaN metric never counts as an improvement.
 * @example
 * const sched = new ReduceLROnPlateau(opt, { patience: 5 });
 * for (...) { const val = validate(); sched.step(val); }
 */
export class ReduceLROnPlateau {
  /** The optimizer whose param groups it adjusts. */
  readonly optimizer: Optimizer;
  /** 'min' when the metric should fall (a loss), 'max' when it should rise (an accuracy). */
  readonly mode: 'min' | 'max';
  /** Factor by which the lr is reduced (new lr = lr * factor). */
  readonly factor: number;
  /** Epochs without improvement tolerated before reducing. */
  readonly patience: number;
  /** Minimum change that counts as an improvement. */
  readonly threshold: number;
  /** Whether threshold is relative to the best value ('rel') or absolute ('abs'). */
  readonly thresholdMode: 'rel' | 'abs';
  /** Epochs to wait after a reduction before counting bad epochs again. */
  readonly cooldown: number;
  /** Lower bound of the lr, per param group. */
  readonly minLrs: number[];
  /** Reductions smaller than this are skipped. */
  readonly eps: number;
  /** Best metric seen so far. */
  best: number;
  /** Consecutive epochs without improvement. */
  numBadEpochs = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  /** Number of `step` calls. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: Optimizer, options: ReduceLROnPlateauOptions = {}) {
    const op = 'ReduceLROnPlateau';
    if (!(optimizer instanceof Optimizer)) throw new ValueError(`${op}: expected an Optimizer, got ${describe(optimizer)}`);
    checkOptionKeys('ReduceLROnPlateau', options, OPTION_KEYS);
    const { mode = 'min', factor = 0.1, patience = 10, threshold = 1e-4, thresholdMode = 'rel', cooldown = 0, minLr = 0, eps = 1e-8 } = options;
    if (mode !== 'min' && mode !== 'max') throw new ValueError(`${op}: mode must be 'min' or 'max', got ${describe(mode)}`);
    if (thresholdMode !== 'rel' && thresholdMode !== 'abs') throw new ValueError(`${op}: thresholdMode must be 'rel' or 'abs', got ${describe(thresholdMode)}`);
    if (typeof factor !== 'number' || !(factor >= 0 && factor < 1)) throw new ValueError(`${op}: factor should be < 1.0 (and >= 0), got ${describe(factor)}`);
    checkNonNegative(op, 'patience', patience);
    checkNonNegative(op, 'threshold', threshold);
    checkNonNegative(op, 'cooldown', cooldown);
    checkFinite(op, 'eps', eps);
    const n = optimizer.paramGroups.length;
    if (Array.isArray(minLr) && minLr.length !== n) throw new ValueError(`${op}: expected ${n} values of minLr (one per param group), got ${minLr.length}`);
    const minLrs = Array.isArray(minLr) ? minLr.slice() : Array.from({ length: n }, () => minLr);
    minLrs.forEach((m) => checkNonNegative(op, 'minLr', m));
    this.optimizer = optimizer;
    this.mode = mode;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.thresholdMode = thresholdMode;
    this.cooldown = cooldown;
    this.minLrs = minLrs;
    this.eps = eps;
    this.best = mode === 'min' ? Infinity : -Infinity;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /** Records this epoch's metric (a number or a one-element Tensor) and reduces the lr on a plateau. */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : metric;
    if (typeof current !== 'number') throw new ValueError(`ReduceLROnPlateau.step: metric must be a number or a one-element Tensor, got ${describe(metric)}`);
    this.lastEpoch += 1;
    if (this.isBetter(current)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]!);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The lr of each param group after the last step. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  private isBetter(a: number): boolean {
    const { best, threshold } = this;
    if (this.mode === 'min') return this.thresholdMode === 'rel' ? a < best * (1 - threshold) : a < best - threshold;
    return this.thresholdMode === 'rel' ? a > best * (threshold + 1) : a > best + threshold;
  }
}
