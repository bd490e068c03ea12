import type { Tensor } from '@nabla/autograd';
import { lerp, type FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState, StateSchema } from './state-dict.js';
import { checkBetas, checkBool, checkEps, checkLr, checkNonNegative } from './validate.js';

/** Adam options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface AdamOptions {
  /** Learning rate γ (default 1e-3). */
  lr?: number;
  /** Decay rates [β1, β2] of the first and second moment averages (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator after bias correction (default 1e-8). */
  eps?: number;
  /** L2 penalty λ added to the gradient (default 0; AdamW decouples it instead). */
  weightDecay?: number;
  /** Use the running maximum of the second moment (AMSGrad; default false). */
  amsgrad?: boolean;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** Adam's resolved hyperparameters. */
export type AdamHyper = Required<AdamOptions>;

/** PyTorch's Adam defaults. */
export const ADAM_DEFAULTS: Readonly<AdamHyper> = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false };

/** The moment buffers of one parameter (`vMax` only with amsgrad). */
export interface AdamMoments {
  /** First moment, the running average of g (`exp_avg`). */
  m: Float64Array;
  /** Second moment, the running average of g² (`exp_avg_sq`). */
  v: Float64Array;
  /** Running maximum of v with amsgrad (`max_exp_avg_sq`), else null. */
  vMax: Float64Array | null;
}

/**
 * One Adam (or, with `decoupled`, AdamW) step at step count `t` (1-based), in place. PyTorch's algorithm
 * (https://docs.pytorch.org/docs/stable/generated/torch.optim.Adam.html and .../torch.optim.AdamW.html),
 * in `_single_tensor_adam`'s order:
 *   g ← ±∇f(θ);  Adam: g ← g + λθ  |  AdamW: θ ← θ(1 − γλ)
 *   m ← β1 m + (1 − β1) g;   v ← β2 v + (1 − β2) g²;   amsgrad: vMax ← max(vMax, v)   (max of the raw v)
 *   θ ← θ − γ/(1 − β1^t) · m / (√v̂ /√(1 − β2^t) + ε)        (v̂ = vMax or v; ε added after bias correction)
 * AMSGrad keeps the max of the raw v and bias-corrects afterwards, as the implementation does (older docs
 * showed the max of the corrected v̂; pytorch/pytorch#142323).
 * @example
 * const p = new Float64Array([1, -2]);
 * const s = { m: new Float64Array(2), v: new Float64Array(2), vMax: null };
 * adamUpdate(p, [0.5, -1], s, 1, { ...ADAM_DEFAULTS, lr: 0.1 }); // p ≈ [0.9, -1.9]: the first step is lr·sign(g)
 */
export function adamUpdate(p: FloatArray, g: ArrayLike<number>, s: AdamMoments, t: number, h: AdamHyper, decoupled = false): void {
  const { lr, eps, weightDecay, maximize } = h;
  const [beta1, beta2] = h.betas;
  const { m, v, vMax } = s;
  const stepSize = lr / (1 - beta1 ** t);
  const bc2Sqrt = Math.sqrt(1 - beta2 ** t);
  const decay = 1 - lr * weightDecay;
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) {
      if (decoupled) p[i] = p[i]! * decay;
      else d = d + weightDecay * p[i]!;
    }
    m[i] = lerp(m[i]!, d, 1 - beta1);
    v[i] = v[i]! * beta2 + (1 - beta2) * d * d;
    let vHat = v[i]!;
    if (vMax !== null) vHat = vMax[i] = Math.max(vMax[i]!, vHat);
    const denom = Math.sqrt(vHat) / bc2Sqrt + eps;
    p[i] = p[i]! + (-stepSize * m[i]!) / denom;
  }
}

/** Validates Adam/AdamW hyperparameters (throws ValueError naming the value). */
export function validateAdam(h: AdamHyper, op: string): void {
  checkLr(op, h.lr);
  checkBetas(op, h.betas);
  checkEps(op, h.eps);
  checkNonNegative(op, 'weightDecay value', h.weightDecay);
  checkBool(op, 'amsgrad', h.amsgrad);
  checkBool(op, 'maximize', h.maximize);
}

/** State names of Adam and AdamW. */
export const ADAM_SCHEMA: StateSchema = { buffers: ['expAvg', 'expAvgSq', 'maxExpAvgSq'], scalars: [] };

/** Fresh Adam/AdamW state: zero moments (and a zero running max with amsgrad). */
export function initAdamState(p: Tensor, group: ParamGroup<AdamHyper>): ParamState {
  const buffers: Record<string, Float64Array> = { expAvg: new Float64Array(p.size), expAvgSq: new Float64Array(p.size) };
  if (group.amsgrad) buffers.maxExpAvgSq = new Float64Array(p.size);
  return { step: 0, buffers, scalars: {} };
}

/** The moment buffers of `s` for `adamUpdate` (the running max is created if amsgrad was switched on later). */
export function adamMoments(s: ParamState, group: ParamGroup<AdamHyper>, size: number): AdamMoments {
  const vMax = group.amsgrad ? (s.buffers.maxExpAvgSq ??= new Float64Array(size)) : null;
  return { m: s.buffers.expAvg!, v: s.buffers.expAvgSq!, vMax };
}

/**
 * Adam, exactly as `torch.optim.Adam`: L2 weight decay folded into the gradient, optional AMSGrad.
 * State per parameter: `expAvg`, `expAvgSq` (and `maxExpAvgSq` with amsgrad).
 * @example
 * const opt = new Adam(model.parameters(), { lr: 1e-3 });
 */
export class Adam extends Optimizer<AdamHyper> {
  constructor(params: ParamsInput<AdamHyper>, options: AdamOptions = {}) {
    super('Adam', params, mergeOptions('Adam', options, ADAM_DEFAULTS), ADAM_SCHEMA);
  }

  protected override validate(h: AdamHyper, op: string): void {
    validateAdam(h, op);
  }

  protected override initState(p: Tensor, group: ParamGroup<AdamHyper>): ParamState {
    return initAdamState(p, group);
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<AdamHyper>): void {
    adamUpdate(p, g, adamMoments(s, group, p.length), s.step, group);
  }
}
