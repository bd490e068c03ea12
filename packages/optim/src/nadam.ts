import type { Tensor } from '@nabla/autograd';
import { lerp, type FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBetas, checkBool, checkEps, checkLr, checkNonNegative } from './validate.js';

/** NAdam options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface NAdamOptions {
  /** Learning rate γ (default 2e-3). */
  lr?: number;
  /** Decay rates [β1, β2] of the moment averages (default [0.9, 0.999]). */
  betas?: [number, number];
  /** Added to the denominator (default 1e-8). */
  eps?: number;
  /** Weight decay λ: L2 in the gradient, or decoupled with decoupledWeightDecay (default 0). */
  weightDecay?: number;
  /** Momentum decay ψ of the momentum schedule μ_t (default 4e-3). */
  momentumDecay?: number;
  /** Decay the weights as AdamW does (NAdamW; default false). */
  decoupledWeightDecay?: boolean;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** NAdam's resolved hyperparameters. */
export type NAdamHyper = Required<NAdamOptions>;

/** PyTorch's NAdam defaults. */
export const NADAM_DEFAULTS: Readonly<NAdamHyper> = {
  lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3, decoupledWeightDecay: false, maximize: false,
};

/** NAdam's state for one parameter: moments and the running product of the μ_i. */
export interface NAdamState {
  /** First moment, the running average of g (`exp_avg`). */
  m: Float64Array;
  /** Second moment, the running average of g² (`exp_avg_sq`). */
  v: Float64Array;
  /** The product of the momentum schedule μ_1 ... μ_t so far (1 before the first step). */
  muProduct: number;
}

/**
 * One NAdam step at step count `t`, in place; returns the new μ-product Π_{i≤t} μ_i. PyTorch's algorithm
 * (https://docs.pytorch.org/docs/stable/generated/torch.optim.NAdam.html), in `_single_tensor_nadam`'s order:
 *   g ← ±∇f(θ);  g ← g + λθ  |  decoupled: θ ← θ(1 − γλ)
 *   μ_t ← β1(1 − ½·0.96^{tψ});   μ_{t+1} ← β1(1 − ½·0.96^{(t+1)ψ});   m ← β1 m + (1 − β1)g;   v ← β2 v + (1 − β2)g²
 *   θ ← θ − γ(1 − μ_t)/(1 − Π_{i≤t}μ_i) · g/d − γμ_{t+1}/(1 − Π_{i≤t+1}μ_i) · m/d,   d = √(v/(1 − β2^t)) + ε
 * @example
 * const p = new Float64Array([1, -2]);
 * const s = { m: new Float64Array(2), v: new Float64Array(2), muProduct: 1 };
 * s.muProduct = nadamUpdate(p, [0.5, -1], s, 1, { ...NADAM_DEFAULTS, lr: 0.1 }); // p ≈ [0.8944, -1.8944]
 */
export function nadamUpdate(p: FloatArray, g: ArrayLike<number>, s: NAdamState, t: number, h: NAdamHyper): number {
  const { lr, eps, weightDecay, momentumDecay, decoupledWeightDecay, maximize } = h;
  const [beta1, beta2] = h.betas;
  const { m, v } = s;
  const bc2 = 1 - beta2 ** t;
  const mu = beta1 * (1 - 0.5 * 0.96 ** (t * momentumDecay));
  const muNext = beta1 * (1 - 0.5 * 0.96 ** ((t + 1) * momentumDecay));
  const muProduct = s.muProduct * mu;
  const muProductNext = muProduct * muNext;
  const gradScale = (-lr * (1 - mu)) / (1 - muProduct);
  const avgScale = (-lr * muNext) / (1 - muProductNext);
  const decay = 1 - lr * weightDecay;
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) {
      if (decoupledWeightDecay) p[i] = p[i]! * decay;
      else d = d + weightDecay * p[i]!;
    }
    m[i] = lerp(m[i]!, d, 1 - beta1);
    v[i] = v[i]! * beta2 + (1 - beta2) * d * d;
    const denom = Math.sqrt(v[i]! / bc2) + eps;
    p[i] = p[i]! + (gradScale * d) / denom;
    p[i] = p[i]! + (avgScale * m[i]!) / denom;
  }
  return muProduct;
}

/**
 * NAdam (Adam with Nesterov momentum and a momentum schedule), exactly as `torch.optim.NAdam`.
 * State per parameter: `expAvg`, `expAvgSq` and the scalar `muProduct`.
 * @example
 * const opt = new NAdam(model.parameters(), { lr: 2e-3 });
 */
export class NAdam extends Optimizer<NAdamHyper> {
  constructor(params: ParamsInput<NAdamHyper>, options: NAdamOptions = {}) {
    super('NAdam', params, mergeOptions('NAdam', options, NADAM_DEFAULTS), { buffers: ['expAvg', 'expAvgSq'], scalars: ['muProduct'] });
  }

  protected override validate(h: NAdamHyper, op: string): void {
    checkLr(op, h.lr);
    checkBetas(op, h.betas);
    checkEps(op, h.eps);
    checkNonNegative(op, 'weightDecay value', h.weightDecay);
    checkNonNegative(op, 'momentumDecay value', h.momentumDecay);
    checkBool(op, 'decoupledWeightDecay', h.decoupledWeightDecay);
    checkBool(op, 'maximize', h.maximize);
  }

  protected override initState(p: Tensor, _group: ParamGroup<NAdamHyper>): ParamState {
    return { step: 0, buffers: { expAvg: new Float64Array(p.size), expAvgSq: new Float64Array(p.size) }, scalars: { muProduct: 1 } };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<NAdamHyper>): void {
    const st = { m: s.buffers.expAvg!, v: s.buffers.expAvgSq!, muProduct: s.scalars.muProduct! };
    s.scalars.muProduct = nadamUpdate(p, g, st, s.step, group);
  }
}
