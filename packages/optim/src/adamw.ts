import type { Tensor } from '@nabla/autograd';
import { ADAM_DEFAULTS, ADAM_SCHEMA, adamMoments, adamUpdate, initAdamState, validateAdam, type AdamHyper, type AdamOptions } from './adam.js';
import type { FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';

/** AdamW options: Adam's, with weightDecay defaulting to 1e-2 and applied decoupled. */
export type AdamWOptions = AdamOptions;
/** AdamW's resolved hyperparameters. */
export type AdamWHyper = AdamHyper;

/** PyTorch's AdamW defaults. */
export const ADAMW_DEFAULTS: Readonly<AdamWHyper> = { ...ADAM_DEFAULTS, betas: [0.9, 0.999], weightDecay: 1e-2 };

/**
 * One AdamW step (https://docs.pytorch.org/docs/stable/generated/torch.optim.AdamW.html): the weights decay
 * before the Adam update and outside the moments, θ ← θ(1 − γλ), then Adam with λ = 0 (see `adamUpdate`).
 * @example
 * const p = new Float64Array([1, -2]);
 * adamwUpdate(p, [0.5, -1], { m: new Float64Array(2), v: new Float64Array(2), vMax: null }, 1, { ...ADAMW_DEFAULTS, lr: 0.1 });
 * // p ≈ [0.899, -1.898]: decayed by 1 − 0.1·0.01, then moved by lr·sign(g)
 */
export const adamwUpdate = (p: FloatArray, g: ArrayLike<number>, s: Parameters<typeof adamUpdate>[2], t: number, h: AdamWHyper): void =>
  adamUpdate(p, g, s, t, h, true);

/**
 * AdamW (Adam with decoupled weight decay), exactly as `torch.optim.AdamW`.
 * State per parameter: `expAvg`, `expAvgSq` (and `maxExpAvgSq` with amsgrad).
 * @example
 * const opt = new AdamW(model.parameters(), { lr: 3e-4, weightDecay: 0.1 });
 */
export class AdamW extends Optimizer<AdamWHyper> {
  constructor(params: ParamsInput<AdamWHyper>, options: AdamWOptions = {}) {
    super('AdamW', params, mergeOptions('AdamW', options, ADAMW_DEFAULTS), ADAM_SCHEMA);
  }

  protected override validate(h: AdamWHyper, op: string): void {
    validateAdam(h, op);
  }

  protected override initState(p: Tensor, group: ParamGroup<AdamWHyper>): ParamState {
    return initAdamState(p, group);
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<AdamWHyper>): void {
    adamwUpdate(p, g, adamMoments(s, group, p.length), s.step, group);
  }
}
