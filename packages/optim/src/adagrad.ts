import type { Tensor } from '@nabla/autograd';
import type { FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBool, checkEps, checkLr, checkNonNegative } from './validate.js';

/** Adagrad options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface AdagradOptions {
  /** Learning rate γ (default 1e-2). */
  lr?: number;
  /** Learning-rate decay η: step t uses γ / (1 + (t − 1)η) (default 0). */
  lrDecay?: number;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue?: number;
  /** Added to the denominator (default 1e-10). */
  eps?: number;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** Adagrad's resolved hyperparameters. */
export type AdagradHyper = Required<AdagradOptions>;

/** PyTorch's Adagrad defaults. */
export const ADAGRAD_DEFAULTS: Readonly<AdagradHyper> = { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false };

/**
 * One Adagrad step at step count `t`, in place. PyTorch's algorithm
 * (https://docs.pytorch.org/docs/stable/generated/torch.optim.Adagrad.html):
 *   g ← ±∇f(θ) + λθ;   γ̃ ← γ / (1 + (t − 1)η);   s ← s + g²;   θ ← θ − γ̃ g / (√s + ε)
 * @example
 * const p = new Float64Array([1, -2]);
 * adagradUpdate(p, [0.5, -1], new Float64Array(2), 1, { ...ADAGRAD_DEFAULTS, lr: 0.1 }); // p ≈ [0.9, -1.9]
 */
export function adagradUpdate(p: FloatArray, g: ArrayLike<number>, sum: Float64Array, t: number, h: AdagradHyper): void {
  const { lr, lrDecay, weightDecay, eps, maximize } = h;
  const clr = lr / (1 + (t - 1) * lrDecay);
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) d = d + weightDecay * p[i]!;
    sum[i] = sum[i]! + d * d;
    p[i] = p[i]! + (-clr * d) / (Math.sqrt(sum[i]!) + eps);
  }
}

/**
 * Adagrad, exactly as `torch.optim.Adagrad`. State per parameter: `sum` (starts at initialAccumulatorValue).
 * @example
 * const opt = new Adagrad(model.parameters(), { lr: 0.1 });
 */
export class Adagrad extends Optimizer<AdagradHyper> {
  constructor(params: ParamsInput<AdagradHyper>, options: AdagradOptions = {}) {
    super('Adagrad', params, mergeOptions('Adagrad', options, ADAGRAD_DEFAULTS), { buffers: ['sum'], scalars: [] });
  }

  protected override validate(h: AdagradHyper, op: string): void {
    checkLr(op, h.lr);
    checkNonNegative(op, 'lrDecay value', h.lrDecay);
    checkNonNegative(op, 'weightDecay value', h.weightDecay);
    checkNonNegative(op, 'initialAccumulatorValue', h.initialAccumulatorValue);
    checkEps(op, h.eps);
    checkBool(op, 'maximize', h.maximize);
  }

  protected override initState(p: Tensor, group: ParamGroup<AdagradHyper>): ParamState {
    return { step: 0, buffers: { sum: new Float64Array(p.size).fill(group.initialAccumulatorValue) }, scalars: {} };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<AdagradHyper>): void {
    adagradUpdate(p, g, s.buffers.sum!, s.step, group);
  }
}
