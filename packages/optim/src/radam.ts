import type { Tensor } from '@nabla/autograd';
import { lerp, type FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBetas, checkBool, checkEps, checkLr, checkNonNegative } from './validate.js';

/** RAdam options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface RAdamOptions {
  /** Learning rate γ (default 1e-3). */
  lr?: number;
  /** Decay rates [β1, β2] of the moment averages (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Weight decay λ: L2 in the gradient, or decoupled with decoupledWeightDecay (default 0). */
  weightDecay?: number;
  /** Decay the weights as AdamW does (default false). */
  decoupledWeightDecay?: boolean;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** RAdam's resolved hyperparameters. */
export type RAdamHyper = Required<RAdamOptions>;

/** PyTorch's RAdam defaults. */
export const RADAM_DEFAULTS: Readonly<RAdamHyper> = { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, decoupledWeightDecay: false, maximize: false };

/**
 * One RAdam step at step count `t`, in place. PyTorch's algorithm
 * (https://docs.pytorch.org/docs/stable/generated/torch.optim.RAdam.html):
 *   g ← ±∇f(θ);  g ← g + λθ  |  decoupled: θ ← θ(1 − γλ);   m ← β1 m + (1 − β1)g;   v ← β2 v + (1 − β2)g²
 *   m̂ ← m/(1 − β1^t);   ρ∞ ← 2/(1 − β2) − 1;   ρ_t ← ρ∞ − 2tβ2^t/(1 − β2^t)
 *   ρ_t > 5: r ← √((ρ_t − 4)(ρ_t − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρ_t)),  θ ← θ − γ m̂ · √(1 − β2^t)/(√v + ε) · r
 *   else (variance not yet tractable): θ ← θ − γ m̂
 * @example
 * const p = new Float64Array([1, -2]);
 * radamUpdate(p, [0.5, -1], new Float64Array(2), new Float64Array(2), 1, { ...RADAM_DEFAULTS, lr: 0.1 }); // p = [0.95, -1.9] (ρ_1 = 1: SGD step)
 */
export function radamUpdate(p: FloatArray, g: ArrayLike<number>, m: Float64Array, v: Float64Array, t: number, h: RAdamHyper): void {
  const { lr, eps, weightDecay, decoupledWeightDecay, maximize } = h;
  const [beta1, beta2] = h.betas;
  const bc1 = 1 - beta1 ** t;
  const bc2 = 1 - beta2 ** t;
  const rhoInf = 2 / (1 - beta2) - 1;
  const rhoT = rhoInf - (2 * t * beta2 ** t) / bc2;
  const rect = rhoT > 5 ? Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT)) : 0;
  const bc2Sqrt = Math.sqrt(bc2);
  const decay = 1 - lr * weightDecay;
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) p[i] = p[i]! * decay;
      else d = d + weightDecay * p[i]!;
    }
    m[i] = lerp(m[i]!, d, 1 - beta1);
    v[i] = v[i]! * beta2 + (1 - beta2) * d * d;
    const mHat = m[i]! / bc1;
    p[i] = rhoT > 5 ? p[i]! - mHat * lr * (bc2Sqrt / (Math.sqrt(v[i]!) + eps)) * rect : p[i]! - mHat * lr;
  }
}

/**
 * RAdam (Adam with a rectified adaptive learning rate), exactly as `torch.optim.RAdam`.
 * State per parameter: `expAvg`, `expAvgSq`.
 * @example
 * const opt = new RAdam(model.parameters());
 */
export class RAdam extends Optimizer<RAdamHyper> {
  constructor(params: ParamsInput<RAdamHyper>, options: RAdamOptions = {}) {
    super('RAdam', params, mergeOptions('RAdam', options, RADAM_DEFAULTS), { buffers: ['expAvg', 'expAvgSq'], scalars: [] });
  }

  protected override validate(h: RAdamHyper, op: string): void {
    checkLr(op, h.lr);
    checkBetas(op, h.betas);
    checkEps(op, h.eps);
    checkNonNegative(op, 'weightDecay value', h.weightDecay);
    checkBool(op, 'decoupledWeightDecay', h.decoupledWeightDecay);
    checkBool(op, 'maximize', h.maximize);
  }

  protected override initState(p: Tensor, _group: ParamGroup<RAdamHyper>): ParamState {
    return { step: 0, buffers: { expAvg: new Float64Array(p.size), expAvgSq: new Float64Array(p.size) }, scalars: {} };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<RAdamHyper>): void {
    radamUpdate(p, g, s.buffers.expAvg!, s.buffers.expAvgSq!, s.step, group);
  }
}
