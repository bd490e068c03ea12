import type { Tensor } from '@nabla/autograd';
import type { FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBool, checkEps, checkLr, checkNonNegative, checkUnit } from './validate.js';

/** Adadelta options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface AdadeltaOptions {
  /** Scale γ of the delta (default 1). */
  lr?: number;
  /** Decay ρ of the running averages (default 0.9). */
  rho?: number;
  /** Added inside both square roots (default 1e-6). */
  eps?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** Adadelta's resolved hyperparameters. */
export type AdadeltaHyper = Required<AdadeltaOptions>;

/** PyTorch's Adadelta defaults. */
export const ADADELTA_DEFAULTS: Readonly<AdadeltaHyper> = { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false };

/**
 * One Adadelta step, in place. PyTorch's algorithm (https://docs.pytorch.org/docs/stable/generated/torch.optim.Adadelta.html):
 *   g ← ±∇f(θ) + λθ;   v ← ρv + (1 − ρ)g²;   Δ ← √(u + ε) / √(v + ε) · g;   u ← ρu + (1 − ρ)Δ²;   θ ← θ − γΔ
 * @example
 * const p = new Float64Array([1, -2]);
 * adadeltaUpdate(p, [0.5, -1], new Float64Array(2), new Float64Array(2), ADADELTA_DEFAULTS); // p ≈ [0.99684, -1.99684]
 */
export function adadeltaUpdate(p: FloatArray, g: ArrayLike<number>, v: Float64Array, u: Float64Array, h: AdadeltaHyper): void {
  const { lr, rho, eps, weightDecay, maximize } = h;
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) d = d + weightDecay * p[i]!;
    v[i] = v[i]! * rho + (1 - rho) * d * d;
    const delta = (Math.sqrt(u[i]! + eps) / Math.sqrt(v[i]! + eps)) * d;
    u[i] = u[i]! * rho + (1 - rho) * delta * delta;
    p[i] = p[i]! + -lr * delta;
  }
}

/**
 * Adadelta, exactly as `torch.optim.Adadelta`. State per parameter: `squareAvg` (v) and `accDelta` (u).
 * @example
 * const opt = new Adadelta(model.parameters());
 */
export class Adadelta extends Optimizer<AdadeltaHyper> {
  constructor(params: ParamsInput<AdadeltaHyper>, options: AdadeltaOptions = {}) {
    super('Adadelta', params, mergeOptions('Adadelta', options, ADADELTA_DEFAULTS), { buffers: ['squareAvg', 'accDelta'], scalars: [] });
  }

  protected override validate(h: AdadeltaHyper, op: string): void {
    checkLr(op, h.lr);
    checkUnit(op, 'rho', h.rho, true);
    checkEps(op, h.eps);
    checkNonNegative(op, 'weightDecay value', h.weightDecay);
    checkBool(op, 'maximize', h.maximize);
  }

  protected override initState(p: Tensor, _group: ParamGroup<AdadeltaHyper>): ParamState {
    return { step: 0, buffers: { squareAvg: new Float64Array(p.size), accDelta: new Float64Array(p.size) }, scalars: {} };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<AdadeltaHyper>): void {
    adadeltaUpdate(p, g, s.buffers.squareAvg!, s.buffers.accDelta!, group);
  }
}
