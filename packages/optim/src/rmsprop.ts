import type { Tensor } from '@nabla/autograd';
import { lerp, type FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBool, checkEps, checkLr, checkNonNegative, checkUnit } from './validate.js';

/** RMSprop options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface RMSpropOptions {
  /** Learning rate γ (default 1e-2). */
  lr?: number;
  /** Smoothing constant α of the squared-gradient average (default 0.99). */
  alpha?: number;
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Momentum factor μ (default 0). */
  momentum?: number;
  /** Normalise by an estimate of the gradient's variance instead of its second moment (default false). */
  centered?: boolean;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** RMSprop's resolved hyperparameters. */
export type RMSpropHyper = Required<RMSpropOptions>;

/** PyTorch's RMSprop defaults. */
export const RMSPROP_DEFAULTS: Readonly<RMSpropHyper> = { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false };

/** RMSprop's buffers for one parameter (`gAvg` only when centered, `buf` only with momentum). */
export interface RMSpropBuffers {
  /** Running average of g² (PyTorch `square_avg`). */
  v: Float64Array;
  /** Running average of g when centered (`grad_avg`), else null. */
  gAvg: Float64Array | null;
  /** Momentum buffer when momentum > 0, else null. */
  buf: Float64Array | null;
}

/**
 * One RMSprop step, in place. PyTorch's algorithm (https://docs.pytorch.org/docs/stable/generated/torch.optim.RMSprop.html):
 *   g ← ±∇f(θ) + λθ;   v ← αv + (1 − α)g²;   centered: ḡ ← αḡ + (1 − α)g, ṽ ← v − ḡ², else ṽ ← v
 *   momentum: b ← μb + g/(√ṽ + ε), θ ← θ − γb;   else θ ← θ − γ g/(√ṽ + ε)
 * ṽ is clamped at 0 before the square root: rounding can make v − ḡ² slightly negative, where PyTorch gives NaN.
 * @example
 * const p = new Float64Array([1, -2]);
 * rmspropUpdate(p, [0.5, -1], { v: new Float64Array(2), gAvg: null, buf: null }, RMSPROP_DEFAULTS); // p ≈ [0.9, -1.9]
 */
export function rmspropUpdate(p: FloatArray, g: ArrayLike<number>, s: RMSpropBuffers, h: RMSpropHyper): void {
  const { lr, alpha, eps, weightDecay, momentum, maximize } = h;
  const { v, gAvg, buf } = s;
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) d = d + weightDecay * p[i]!;
    v[i] = v[i]! * alpha + (1 - alpha) * d * d;
    let vt = v[i]!;
    if (gAvg !== null) {
      gAvg[i] = lerp(gAvg[i]!, d, 1 - alpha);
      vt = Math.max(0, vt + -1 * gAvg[i]! * gAvg[i]!);
    }
    const avg = Math.sqrt(vt) + eps;
    if (buf !== null) {
      buf[i] = buf[i]! * momentum + d / avg;
      p[i] = p[i]! + -lr * buf[i]!;
    } else {
      p[i] = p[i]! + (-lr * d) / avg;
    }
  }
}

/**
 * RMSprop, exactly as `torch.optim.RMSprop`. State per parameter: `squareAvg`, plus `gradAvg` (centered)
 * and `momentumBuffer` (momentum > 0).
 * @example
 * const opt = new RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9 });
 */
export class RMSprop extends Optimizer<RMSpropHyper> {
  constructor(params: ParamsInput<RMSpropHyper>, options: RMSpropOptions = {}) {
    super('RMSprop', params, mergeOptions('RMSprop', options, RMSPROP_DEFAULTS), {
      buffers: ['squareAvg', 'gradAvg', 'momentumBuffer'],
      scalars: [],
    });
  }

  protected override validate(h: RMSpropHyper, op: string): void {
    checkLr(op, h.lr);
    checkUnit(op, 'alpha', h.alpha, true);
    checkEps(op, h.eps);
    checkNonNegative(op, 'weightDecay value', h.weightDecay);
    checkNonNegative(op, 'momentum value', h.momentum);
    checkBool(op, 'centered', h.centered);
    checkBool(op, 'maximize', h.maximize);
  }

  protected override initState(p: Tensor, group: ParamGroup<RMSpropHyper>): ParamState {
    const buffers: Record<string, Float64Array> = { squareAvg: new Float64Array(p.size) };
    if (group.momentum > 0) buffers.momentumBuffer = new Float64Array(p.size);
    if (group.centered) buffers.gradAvg = new Float64Array(p.size);
    return { step: 0, buffers, scalars: {} };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<RMSpropHyper>): void {
    const n = p.length;
    const gAvg = group.centered ? this.buffer(s, 'gradAvg', n) : null;
    const buf = group.momentum > 0 ? this.buffer(s, 'momentumBuffer', n) : null;
    rmspropUpdate(p, g, { v: s.buffers.squareAvg!, gAvg, buf }, group);
  }
}
