import { ShapeError, ValueError, fmtShape, getBackend, noGrad, zerosLike, type Tensor } from '@nabla/autograd';
import type { FloatArray } from './math.js';
import {
  checkGroupParams, normalizeParams, resolveGroup, type Hyperparams, type ParamGroup, type ParamGroupInput, type ParamsInput,
} from './param-groups.js';
import { planLoad, saveState, type OptimizerStateDict, type ParamState, type StateSchema } from './state-dict.js';
import { checkGradKind, checkGroupsAtStep } from './validate.js';

/**
 * Base class of every optimizer: holds the param groups and per-parameter state and runs the update.
 * Subclasses supply three small pieces: `validate` (hyperparameter checks), `initState` (fresh state for
 * one parameter) and `update`, which calls the optimizer's pure update function on typed arrays.
 *
 * `step()` first checks every group's hyperparameters (they may have been changed since construction: an
 * `lr` of NaN is a ValueError) and every gradient (a Tensor of the parameter's shape, with no NaN or
 * Infinity: a bad gradient throws a ValueError naming the group, parameter and shape) before any
 * parameter or state changes, then updates each
 * parameter that has a gradient in place via `Tensor.mutate` under `noGrad`. Parameters whose `grad` is
 * null, or that do not require grad (frozen), are skipped and their state does not advance.
 *
 * @example
 * const w = tensor([1, 2], { requiresGrad: true });
 * const opt = new SGD([w], { lr: 0.1 });
 * w.mul(w).sum().backward();
 * opt.step();      // w = [0.8, 1.6]
 * opt.zeroGrad();
 */
export abstract class Optimizer<H extends Hyperparams = Hyperparams> {
  /** The optimizer's name, used in error messages. */
  readonly name: string;
  /** The hyperparameters a param group gets unless it overrides them. */
  readonly defaults: Readonly<H>;
  /** The param groups; schedulers and users may change hyperparameters such as `lr` between steps. */
  readonly paramGroups: ParamGroup<H>[] = [];
  /** Per-parameter state, created at a parameter's first update. */
  readonly state = new Map<Tensor, ParamState>();
  private readonly schema: StateSchema;

  protected constructor(name: string, params: ParamsInput<H>, defaults: H, schema: StateSchema) {
    this.name = name;
    this.schema = schema;
    this.validate(defaults, name);
    this.defaults = defaults;
    for (const raw of normalizeParams(name, params)) this.addParamGroup(raw as ParamGroupInput<H>);
    if (this.paramGroups.every((g) => g.params.length === 0)) throw new ValueError(`${name}: optimizer got an empty parameter list`);
  }

  /** Throws a ValueError if any hyperparameter of `h` is invalid; `op` prefixes the message. */
  protected abstract validate(h: H, op: string): void;
  /** The state of a parameter before its first update (buffers it always needs, as zeros or their start values). */
  protected abstract initState(p: Tensor, group: ParamGroup<H>): ParamState;
  /** Updates `p` (the parameter's storage) and `state` in place from gradient `g`; `state.step` is already advanced. */
  protected abstract update(p: FloatArray, g: FloatArray, state: ParamState, group: ParamGroup<H>): void;

  /** Adds a param group (tensors plus option overrides), e.g. when unfreezing layers during fine-tuning. */
  addParamGroup(group: ParamGroupInput<H>): void {
    const gi = this.paramGroups.length;
    const op = `${this.name} (param group ${gi})`;
    const resolved = resolveGroup(op, group, this.defaults);
    this.validate(resolved, op);
    checkGroupParams(this.name, gi, resolved.params, this.paramGroups);
    this.paramGroups.push(resolved);
  }

  /** Performs one update of every parameter that has a gradient. */
  step(): void {
    checkGroupsAtStep(this.name, this.paramGroups, (g, op) => this.validate(g, op));
    const work = this.checkedGradients();
    noGrad(() => {
      for (const { p, g, group } of work) {
        let s = this.state.get(p);
        if (!s) this.state.set(p, (s = this.initState(p, group)));
        s.step += 1;
        const st = s;
        p.mutate((data) => this.update(data as FloatArray, g, st, group));
      }
    });
  }

  /** Every parameter with a gradient, checked (shape; no NaN or Infinity) before anything is updated. */
  private checkedGradients(): { p: Tensor; g: FloatArray; group: ParamGroup<H> }[] {
    const work: { p: Tensor; g: FloatArray; group: ParamGroup<H> }[] = [];
    this.paramGroups.forEach((group, gi) => {
      group.params.forEach((p, pi) => {
        const grad = p.grad;
        // Frozen parameters are skipped even if they still hold a gradient from before they were frozen.
        if (grad === null || !p.requiresGrad) return;
        const where = `${this.name}.step: gradient of param ${pi} in group ${gi}`;
        checkGradKind(where, p, grad);
        if (!p.sameShape(grad)) {
          throw new ShapeError(`${where} has shape ${fmtShape(grad.shape)} but the parameter has shape ${fmtShape(p.shape)}`);
        }
        const g = grad._contiguousData() as FloatArray;
        // One pass on the backend (SIMD on wasm), then, only when something is not finite, a search for it.
        const bad = getBackend().allFinite(g) ? -1 : g.findIndex((v) => v - v !== 0);
        if (bad >= 0) {
          throw new ValueError(
            `${where} (shape ${fmtShape(p.shape)}) contains ${g[bad]} at flat index ${bad}; ` +
              'no parameter or optimizer state was changed. Skip this batch or lower the learning rate.',
          );
        }
        work.push({ p, g, group });
      });
    });
    return work;
  }

  /** Clears the gradients: sets them to null (PyTorch's default), or to fresh zeros with `setToNone = false`. */
  zeroGrad(setToNone = true): void {
    for (const group of this.paramGroups) {
      for (const p of group.params) if (p.grad !== null) p.grad = setToNone ? null : zerosLike(p.grad);
    }
  }

  /** A deep copy of the hyperparameters and state as plain data (see `OptimizerStateDict`). */
  stateDict(): OptimizerStateDict<H> {
    return saveState(this.paramGroups, this.state);
  }

  /**
   * Replaces the hyperparameters and state with those of `sd` (deep copies). Everything is checked first
   * (group and parameter counts, option names and values, buffer names and shapes); on any mismatch one
   * ValueError lists every problem and nothing changes. Parameters themselves are not part of the dict.
   */
  loadStateDict(sd: OptimizerStateDict<H>): void {
    const plan = planLoad(this.name, sd, this.paramGroups, {
      defaults: this.defaults as H,
      schema: this.schema,
      validate: (h, op) => this.validate(h, `${this.name} (${op})`),
      initState: (p, g) => this.initState(p, g),
    });
    this.paramGroups.forEach((g, i) => {
      delete g.initialLr;
      Object.assign(g, plan.hypers[i]);
    });
    this.state.clear();
    for (const [p, s] of plan.state) this.state.set(p, s);
  }

  /** The named buffer of `state`, created (filled with `fill`) if the state does not hold it yet. */
  protected buffer(state: ParamState, name: string, size: number, fill = 0): Float64Array {
    return (state.buffers[name] ??= new Float64Array(size).fill(fill));
  }
}
