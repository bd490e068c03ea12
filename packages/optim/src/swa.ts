import { ShapeError, Tensor, ValueError, describe, fmtShape, noGrad, tensor } from '@nabla/autograd';
import { deepCopy } from './deep-copy.js';
import { mapInto, type AvgFn, type MultiAvgFn } from './swa-avg-fns.js';
import { checkOptionKeys, keysOf } from './options.js';

/**
 * What `AveragedModel` needs of a model (typed structurally so that @nabla/optim does not depend on
 * @nabla/nn; every `Module` fits): its parameters and buffers in a fixed order, train/eval, and forward.
 */
export interface AveragableModel {
  /** The trainable tensors, in a fixed order. */
  parameters(): Tensor[];
  /** The buffers (running statistics and the like) with their names, in a fixed order. */
  namedBuffers(): [string, Tensor][];
  /** True in training mode. */
  training: boolean;
  /** Sets training mode. */
  train(mode?: boolean): unknown;
  /** The computation. */
  forward(...args: never[]): unknown;
  /** Every sub-module, this one first (used by `updateBn`); optional. */
  modules?(): unknown[];
  /** The parameters and persistent buffers by name (used by `AveragedModel.stateDict`); optional. */
  stateDict?(): Record<string, Tensor>;
  /** Loads parameters and buffers by name (used by `AveragedModel.loadStateDict`); optional. */
  loadStateDict?(sd: Record<string, unknown>): unknown;
}

/** AveragedModel options (PyTorch's names in camelCase). */
export interface AveragedModelOptions<M> {
  /** Per-tensor average (default: the equal-weight SWA average). */
  avgFn?: AvgFn | null;
  /** In-place average of all tensors at once (takes precedence over avgFn), e.g. `getEmaMultiAvgFn(0.999)`. */
  multiAvgFn?: MultiAvgFn | null;
  /** Average the buffers too (default false: copy them from the model at every update). */
  useBuffers?: boolean;
  /** How to copy the model (default: `deepCopy`, the analogue of PyTorch's `copy.deepcopy`). */
  copy?: (model: M) => M;
}

/** Writes `values` (one per element) into `t` in place; an int32 target truncates toward zero, as PyTorch's `copy_`. */
const write = (t: Tensor, values: ArrayLike<number>): void => void t.mutate((d) => d.set(values));
const OPTION_KEYS = keysOf<AveragedModelOptions<unknown>>({ avgFn: true, multiAvgFn: true, useBuffers: true, copy: true });

/**
 * A running average of a model's weights (PyTorch's `AveragedModel`), for stochastic weight averaging (SWA)
 * and exponential moving averages (EMA). It holds its own copy of the model (`module`, made by `deepCopy`,
 * the analogue of PyTorch's `copy.deepcopy`; pass `copy` for models that keep state in closures); each
 * `updateParameters(model)` folds the model's current weights into the average (the first call copies them).
 * Without `useBuffers` the buffers (BatchNorm statistics) are copied from the model instead; recompute them
 * with `updateBn` after training. The default average is PyTorch's CPU path, a + (c − a)/(n + 1).
 * @example
 * const swa = new AveragedModel(model);
 * const swaSched = new SWALR(opt, { swaLr: 0.05 });
 * for (let epoch = 0; epoch < 100; epoch++) {
 *   train(model, opt);
 *   if (epoch >= 75) { swa.updateParameters(model); swaSched.step(); }
 * }
 * updateBn(loader, swa);
 * swa.forward(x);
 */
export class AveragedModel<M extends AveragableModel> {
  /** The averaged copy of the model. */
  readonly module: M;
  /** Number of models averaged so far (PyTorch's `n_averaged`). */
  nAveraged = 0;
  private readonly avgFn: AvgFn | null;
  private readonly multiAvgFn: MultiAvgFn | null;
  /** Whether buffers are averaged too. */
  readonly useBuffers: boolean;

  constructor(model: M, options: AveragedModelOptions<M> = {}) {
    const op = 'AveragedModel';
    const o = checkOptionKeys(op, options, OPTION_KEYS);
    checkModel(op, 'model', model);
    const { avgFn = null, multiAvgFn = null, useBuffers = false, copy = deepCopy } = o;
    for (const [k, f] of [['avgFn', avgFn], ['multiAvgFn', multiAvgFn], ['copy', copy]] as const) {
      if (f !== null && typeof f !== 'function') throw new ValueError(`${op}: ${k} must be a function, got ${describe(f)}`);
    }
    if (typeof useBuffers !== 'boolean') throw new ValueError(`${op}: useBuffers must be a boolean, got ${describe(useBuffers)}`);
    this.module = copy(model);
    checkModel(op, 'the copied model', this.module);
    this.avgFn = avgFn;
    this.multiAvgFn = multiAvgFn;
    this.useBuffers = useBuffers;
  }

  /** Runs the averaged model. */
  forward(...args: Parameters<M['forward']>): ReturnType<M['forward']> {
    return (this.module.forward as (...a: unknown[]) => ReturnType<M['forward']>)(...args);
  }

  /** The averaged model's parameters. */
  parameters(): Tensor[] {
    return this.module.parameters();
  }

  /** The averaged model's buffers. */
  namedBuffers(): [string, Tensor][] {
    return this.module.namedBuffers();
  }

  /** The averaged model and its sub-modules (for `updateBn`). */
  modules(): unknown[] {
    return [this, ...(this.module.modules?.() ?? [this.module])];
  }

  /** True in training mode (the averaged model's). */
  get training(): boolean {
    return this.module.training;
  }

  /** Sets training mode on the averaged model. */
  train(mode = true): this {
    this.module.train(mode);
    return this;
  }

  /** Evaluation mode. */
  eval(): this {
    return this.train(false);
  }

  /**
   * PyTorch's state-dict layout: `n_averaged` (an int32 scalar) and the module's entries under `module.`, so a
   * PyTorch SWA checkpoint's keys line up. Needs the model to have `stateDict()`.
   */
  stateDict(): Record<string, Tensor> {
    if (typeof this.module.stateDict !== 'function') throw new ValueError('AveragedModel.stateDict: the model has no stateDict() method');
    const out: Record<string, Tensor> = { n_averaged: tensor(this.nAveraged, { dtype: 'int32' }) };
    for (const [k, v] of Object.entries(this.module.stateDict())) out[`module.${k}`] = v;
    return out;
  }

  /**
   * Loads a state dict in `stateDict()`'s layout (a PyTorch SWA checkpoint's keys): `n_averaged` and the
   * `module.*` entries, which go to the model's `loadStateDict` (an nn Module checks every key and shape
   * before writing any). `n_averaged` must be a one-element tensor holding an integer >= 0.
   */
  loadStateDict(sd: Record<string, unknown>): void {
    const op = 'AveragedModel.loadStateDict';
    if (typeof this.module.loadStateDict !== 'function') throw new ValueError(`${op}: the model has no loadStateDict() method`);
    if (sd === null || typeof sd !== 'object') throw new ValueError(`${op}: expected a state dict object, got ${describe(sd)}`);
    const n = sd.n_averaged;
    const count = n instanceof Tensor && n.size === 1 ? n.item() : NaN;
    if (!(Number.isInteger(count) && count >= 0)) {
      throw new ValueError(`${op}: n_averaged must be a one-element tensor holding an integer >= 0, got ${n instanceof Tensor ? (n.size === 1 ? count : `a Tensor of shape ${fmtShape(n.shape)}`) : describe(n)}`);
    }
    const inner: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(sd)) if (k !== 'n_averaged') inner[k.startsWith('module.') ? k.slice(7) : k] = v;
    this.module.loadStateDict(inner);
    this.nAveraged = count;
  }

  /** Folds `model`'s current parameters (and buffers, with useBuffers) into the average. */
  updateParameters(model: M): void {
    const op = 'AveragedModel.updateParameters';
    checkModel(op, 'model', model);
    const buffers = (m: AveragableModel) => m.namedBuffers().map(([, b]) => b);
    const [mine, theirs] = [this.module, model].map((m) => (this.useBuffers ? [...m.parameters(), ...buffers(m)] : m.parameters())) as [Tensor[], Tensor[]];
    checkPairs(op, this.useBuffers ? 'parameters and buffers' : 'parameters', mine, theirs);
    const [myBuffers, theirBuffers] = [buffers(this.module), buffers(model)];
    if (!this.useBuffers) checkPairs(op, 'buffers', myBuffers, theirBuffers);
    const n = this.nAveraged;
    const touched = [...mine, ...(this.useBuffers ? [] : myBuffers)];
    const saved = touched.map((t) => t.data());
    noGrad(() => {
      try {
        if (n === 0) mine.forEach((a, i) => write(a, theirs[i]!._contiguousData()));
        else if (this.multiAvgFn) this.multiAvgFn(mine, theirs, n);
        else if (this.avgFn) {
          const avg = mine.map((a, i) => checkResult(op, this.avgFn!(a.detach(), theirs[i]!.detach(), n), a));
          mine.forEach((a, i) => write(a, avg[i]!._contiguousData()));
        } else mine.forEach((a, i) => mapInto(a, theirs[i]!, (x, y) => x + (y - x) / (n + 1)));
        if (!this.useBuffers) myBuffers.forEach((b, i) => write(b, theirBuffers[i]!._contiguousData()));
      } catch (e) {
        // A user averaging function that throws part-way leaves the average as it was.
        touched.forEach((t, i) => write(t, saved[i]!));
        throw e;
      }
    });
    this.nAveraged = n + 1;
  }
}

function checkModel(op: string, what: string, m: unknown): void {
  const ok = m !== null && typeof m === 'object' && ['parameters', 'namedBuffers', 'train', 'forward'].every((k) => typeof (m as Record<string, unknown>)[k] === 'function');
  if (!ok) throw new ValueError(`${op}: ${what} must be a model with parameters(), namedBuffers(), train() and forward() (a Module), got ${describe(m)}`);
}

/** The averaged model and the model must line up tensor for tensor (PyTorch zips them silently). */
function checkPairs(op: string, what: string, mine: Tensor[], theirs: Tensor[]): void {
  if (mine.length !== theirs.length) {
    throw new ValueError(`${op}: the model has ${theirs.length} ${what} but the averaged model has ${mine.length}; pass a model of the same architecture`);
  }
  mine.forEach((a, i) => {
    if (!a.sameShape(theirs[i]!)) {
      throw new ShapeError(`${op}: ${what} ${i} has shape ${fmtShape(theirs[i]!.shape)} in the model but ${fmtShape(a.shape)} in the averaged model`);
    }
  });
}

function checkResult(op: string, r: unknown, like: Tensor): Tensor {
  if (!(r instanceof Tensor) || !r.sameShape(like)) {
    const got = r instanceof Tensor ? `a Tensor of shape ${fmtShape(r.shape)}` : describe(r);
    throw new ValueError(`${op}: avgFn must return a Tensor of shape ${fmtShape(like.shape)}, got ${got}`);
  }
  return r;
}
