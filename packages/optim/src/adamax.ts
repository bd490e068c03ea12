import type { Tensor } from '@nabla/autograd';
import { lerp, type FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBetas, checkBool, checkEps, checkLr, checkNonNegative } from './validate.js';

/** Adamax options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface AdamaxOptions {
  /** Learning rate γ (default 2e-3). */
  lr?: number;
  /** Decay rates [β1, β2] of the first moment and the infinity norm (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to |g| inside the max (default 1e-8). */
  eps?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** Adamax's resolved hyperparameters. */
export type AdamaxHyper = Required<AdamaxOptions>;

/** PyTorch's Adamax defaults. */
export const ADAMAX_DEFAULTS: Readonly<AdamaxHyper> = { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false };

/**
 * One Adamax step at step count `t`, in place. PyTorch's algorithm
 * (https://docs.pytorch.org/docs/stable/generated/torch.optim.Adamax.html):
 *   g ← ±∇f(θ) + λθ;   m ← β1 m + (1 − β1)g;   u ← max(β2 u, |g| + ε);   θ ← θ − γ/(1 − β1^t) · m/u
 * @example
 * const p = new Float64Array([1, -2]);
 * adamaxUpdate(p, [0.5, -1], new Float64Array(2), new Float64Array(2), 1, { ...ADAMAX_DEFAULTS, lr: 0.1 }); // p ≈ [0.9, -1.9]
 */
export function adamaxUpdate(p: FloatArray, g: ArrayLike<number>, m: Float64Array, u: Float64Array, t: number, h: AdamaxHyper): void {
  const { lr, eps, weightDecay, maximize } = h;
  const [beta1, beta2] = h.betas;
  const clr = lr / (1 - beta1 ** t);
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) d = d + weightDecay * p[i]!;
    m[i] = lerp(m[i]!, d, 1 - beta1);
    u[i] = Math.max(u[i]! * beta2, Math.abs(d) + eps);
    p[i] = p[i]! + (-clr * m[i]!) / u[i]!;
  }
}

/**
 * Adamax (Adam with the infinity norm), exactly as `torch.optim.Adamax`. State per parameter: `expAvg`, `expInf`.
 * @example
 * const opt = new Adamax(model.parameters());
 */
export class Adamax extends Optimizer<AdamaxHyper> {
  constructor(params: ParamsInput<AdamaxHyper>, options: AdamaxOptions = {}) {
    super('Adamax', params, mergeOptions('Adamax', options, ADAMAX_DEFAULTS), { buffers: ['expAvg', 'expInf'], scalars: [] });
  }

  protected override validate(h: AdamaxHyper, op: string): void {
    checkLr(op, h.lr);
    checkBetas(op, h.betas);
    checkEps(op, h.eps);
    checkNonNegative(op, 'weightDecay value', h.weightDecay);
    checkBool(op, 'maximize', h.maximize);
  }

  protected override initState(p: Tensor, _group: ParamGroup<AdamaxHyper>): ParamState {
    return { step: 0, buffers: { expAvg: new Float64Array(p.size), expInf: new Float64Array(p.size) }, scalars: {} };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<AdamaxHyper>): void {
    adamaxUpdate(p, g, s.buffers.expAvg!, s.buffers.expInf!, s.step, group);
  }
}
