import { ValueError, describe } from '@nabla/autograd';
import { Optimizer } from '../optimizer.js';
import { checkScheduledLrs } from '../validate.js';

/**
 * Base class of the epoch-indexed learning-rate schedulers, with PyTorch's semantics: the constructor
 * records each group's `initialLr` (once; later schedulers on the same optimizer reuse it) and applies the
 * lr of step 0; `step()` advances `lastEpoch` by one and writes each group's `lr`; `getLastLr()` returns
 * the lrs last written.
 *
 * Subclasses implement `computeLr()` (the lrs at `lastEpoch`, chained from the current group lrs where
 * PyTorch chains, so schedulers stacked on one optimizer compose) and, where it differs, `closedFormLr()`
 * (from `baseLrs` alone), which `SequentialLR` uses when it restarts a scheduler at a milestone. Each
 * subclass constructor ends with `this.initialStep()`.
 *
 * Nothing is written into the optimizer before the options are validated: the constructor only reads,
 * and `initialStep()` (after the subclass's checks) records `initialLr` and applies step 0. `step()` is
 * atomic too: if computing the new lrs throws (a `LambdaLR` lambda returning NaN) or gives an invalid lr,
 * neither `lastEpoch` nor any group changes.
 */
export abstract class LRScheduler {
  /** The optimizer whose param groups' `lr` this scheduler writes. */
  readonly optimizer: Optimizer;
  /** Each group's starting lr (its `initialLr`). */
  baseLrs: number[];
  /** Number of `step()` calls since construction (0 right after it). */
  lastEpoch = -1;
  private lastLr: number[] = [];

  protected constructor(name: string, optimizer: Optimizer) {
    if (!(optimizer instanceof Optimizer)) throw new ValueError(`${name}: expected an Optimizer, got ${describe(optimizer)}`);
    this.optimizer = optimizer;
    // Read only: the groups' initialLr is recorded by initialStep(), once the subclass has validated its options.
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr ?? g.lr);
  }

  /** The lrs for `lastEpoch` (PyTorch's `get_lr`). */
  protected abstract computeLr(): number[];

  /** The lrs for `lastEpoch` from `baseLrs` alone (PyTorch's `_get_closed_form_lr`). */
  protected closedFormLr(): number[] {
    return this.computeLr();
  }

  /** Applies the lr of step 0; the last line of every subclass constructor. */
  protected initialStep(): void {
    this.optimizer.paramGroups.forEach((g, i) => (g.initialLr ??= this.baseLrs[i]!));
    this.step();
  }

  /** Advances one epoch (or batch, for per-batch schedules) and writes the new lrs into the param groups. */
  step(): void {
    this.lastEpoch += 1;
    let lrs: number[];
    try {
      lrs = this.computeLr();
      checkScheduledLrs(this.constructor.name, this.lastEpoch, lrs);
    } catch (e) {
      this.lastEpoch -= 1;
      throw e;
    }
    this.apply(lrs);
  }

  /** The lr of each param group as last set by this scheduler. */
  getLastLr(): number[] {
    return this.lastLr.slice();
  }

  /** @internal Restarts at epoch 0 from the closed form (SequentialLR at a milestone; PyTorch's `step(0)`). */
  _restart(): void {
    this.lastEpoch = 0;
    this.apply(this.closedFormLr());
  }

  /** @internal Undoes the epoch counted by the constructor's step (SequentialLR takes over the first step). */
  _rewind(): void {
    this.lastEpoch -= 1;
  }

  /** @internal Writes `lrs` into the groups and remembers them. */
  protected apply(lrs: number[]): void {
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = lrs[i]!));
    this.lastLr = lrs.slice();
  }

  /** The current lr of every group. */
  protected groupLrs(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }
}
