import type { Tensor } from '@nabla/autograd';
import type { FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBetas, checkBool, checkLr, checkNonNegative } from './validate.js';

/** Lion options, with the defaults of its paper (PyTorch has no Lion). */
export interface LionOptions {
  /** Learning rate γ (default 1e-4; typically 3-10x smaller than AdamW's). */
  lr?: number;
  /** `[β1, β2]`: β1 interpolates the update direction, β2 decays the momentum (default [0.9, 0.99]). */
  betas?: [number, number];
  /** Decoupled weight decay λ (default 0; typically 3-10x larger than AdamW's). */
  weightDecay?: number;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** Lion's resolved hyperparameters. */
export type LionHyper = Required<LionOptions>;

/** The Lion paper's defaults. */
export const LION_DEFAULTS: Readonly<LionHyper> = { lr: 1e-4, betas: [0.9, 0.99], weightDecay: 0, maximize: false };

/**
 * One Lion step, in place. Algorithm 2 of Chen et al., "Symbolic Discovery of Optimization Algorithms"
 * (2023, https://arxiv.org/abs/2302.06675):
 *   g ← ±∇f(θ);   c ← β1 m + (1 − β1)g;   θ ← θ − γ(sign(c) + λθ);   m ← β2 m + (1 − β2)g
 * sign(0) = 0, so a coordinate whose interpolation is exactly 0 only decays.
 * @example
 * const p = new Float64Array([1, -2]);
 * lionUpdate(p, [0.5, -1], new Float64Array(2), { ...LION_DEFAULTS, lr: 0.1 }); // p = [0.9, -1.9]
 */
export function lionUpdate(p: FloatArray, g: ArrayLike<number>, m: Float64Array, h: LionHyper): void {
  const { lr, weightDecay, maximize } = h;
  const [beta1, beta2] = h.betas;
  for (let i = 0; i < p.length; i++) {
    const d = maximize ? -g[i]! : g[i]!;
    const c = beta1 * m[i]! + (1 - beta1) * d;
    p[i] = p[i]! - lr * (Math.sign(c) + weightDecay * p[i]!);
    m[i] = beta2 * m[i]! + (1 - beta2) * d;
  }
}

/**
 * Lion (EvoLved Sign Momentum): updates by the sign of an interpolated momentum, so every coordinate moves
 * by ±γ. State per parameter: `expAvg`.
 * @example
 * const opt = new Lion(model.parameters(), { lr: 1e-4, weightDecay: 1e-2 });
 */
export class Lion extends Optimizer<LionHyper> {
  constructor(params: ParamsInput<LionHyper>, options: LionOptions = {}) {
    super('Lion', params, mergeOptions('Lion', options, LION_DEFAULTS), { buffers: ['expAvg'], scalars: [] });
  }

  protected override validate(h: LionHyper, op: string): void {
    checkLr(op, h.lr);
    checkBetas(op, h.betas);
    checkNonNegative(op, 'weightDecay value', h.weightDecay);
    checkBool(op, 'maximize', h.maximize);
  }

  protected override initState(p: Tensor, _group: ParamGroup<LionHyper>): ParamState {
    return { step: 0, buffers: { expAvg: new Float64Array(p.size) }, scalars: {} };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<LionHyper>): void {
    lionUpdate(p, g, s.buffers.expAvg!, group);
  }
}
