import type { Tensor } from '@nabla/autograd';
import type { FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBool, checkFinite, checkLr, checkNonNegative } from './validate.js';

/** ASGD options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface ASGDOptions {
  /** Learning rate γ (default 1e-2). */
  lr?: number;
  /** Decay term λ: shrinks θ by (1 − λη) each step and slows the decay of η (default 1e-4). */
  lambd?: number;
  /** Power α of the step-size decay η_t = γ / (1 + λγt)^α (default 0.75). */
  alpha?: number;
  /** Step after which averaging starts (default 1e6). */
  t0?: number;
  /** L2 penalty added to the gradient (default 0). */
  weightDecay?: number;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** ASGD's resolved hyperparameters. */
export type ASGDHyper = Required<ASGDOptions>;

/** PyTorch's ASGD defaults. */
export const ASGD_DEFAULTS: Readonly<ASGDHyper> = { lr: 1e-2, lambd: 1e-4, alpha: 0.75, t0: 1e6, weightDecay: 0, maximize: false };

/** ASGD's per-parameter state: the average `ax`, and the current step size η and averaging weight μ. */
export interface ASGDState {
  /** The running average of θ (`ax`). */
  ax: Float64Array;
  /** Step size η of this step (starts at lr). */
  eta: number;
  /** Averaging weight μ of this step (starts at 1). */
  mu: number;
}

/**
 * One ASGD step at step count `t` (1-based), in place; returns the η and μ of the next step. PyTorch's current
 * algorithm (https://docs.pytorch.org/docs/stable/generated/torch.optim.ASGD.html, `_single_tensor_asgd`):
 *   g ← ±∇f(θ) + wd·θ;   θ ← θ(1 − λη);   θ ← θ − η g
 *   ax ← θ if μ = 1, else ax + μ(θ − ax)
 *   η ← γ / (1 + λγt)^α;   μ ← 1 / max(1, t − t0)
 * @example
 * const p = new Float64Array([1]);
 * const s = { ax: new Float64Array(1), eta: 0.1, mu: 1 };
 * asgdUpdate(p, [1], s, 1, { ...ASGD_DEFAULTS, lr: 0.1, lambd: 0 }); // p = [0.9], s.ax = [0.9]
 */
export function asgdUpdate(p: FloatArray, g: ArrayLike<number>, s: ASGDState, t: number, h: ASGDHyper): void {
  const { lr, lambd, alpha, t0, weightDecay, maximize } = h;
  const { ax, eta, mu } = s;
  const decay = 1 - lambd * eta;
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) d = d + weightDecay * p[i]!;
    const shrunk = p[i]! * decay;
    p[i] = shrunk + -eta * d;
    ax[i] = mu !== 1 ? ax[i]! + (p[i]! - ax[i]!) * mu : p[i]!;
  }
  s.eta = lr / (1 + lambd * lr * t) ** alpha;
  s.mu = 1 / Math.max(1, t - t0);
}

/**
 * Averaged stochastic gradient descent (Polyak & Juditsky), exactly as `torch.optim.ASGD`: SGD with a
 * decaying step size, plus a running average `ax` of the iterates from step t0 on (read it from
 * `opt.state.get(p).buffers.ax` to evaluate the averaged model). State per parameter: `ax`, and the
 * scalars `eta` and `mu`, kept in float64 (PyTorch keeps them as tensors of the default dtype: the same
 * numbers when that is float64, rounded to float32 otherwise).
 * @example
 * const opt = new ASGD(model.parameters(), { lr: 0.01, t0: 100 });
 */
export class ASGD extends Optimizer<ASGDHyper> {
  constructor(params: ParamsInput<ASGDHyper>, options: ASGDOptions = {}) {
    super('ASGD', params, mergeOptions('ASGD', options, ASGD_DEFAULTS), { buffers: ['ax'], scalars: ['eta', 'mu'] });
  }

  protected override validate(h: ASGDHyper, op: string): void {
    checkLr(op, h.lr);
    checkNonNegative(op, 'lambd value', h.lambd);
    checkFinite(op, 'alpha value', h.alpha);
    checkNonNegative(op, 't0 value', h.t0);
    checkNonNegative(op, 'weightDecay value', h.weightDecay);
    checkBool(op, 'maximize', h.maximize);
  }

  protected override initState(p: Tensor, group: ParamGroup<ASGDHyper>): ParamState {
    return { step: 0, buffers: { ax: new Float64Array(p.size) }, scalars: { eta: group.lr, mu: 1 } };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<ASGDHyper>): void {
    const st: ASGDState = { ax: s.buffers.ax!, eta: s.scalars.eta!, mu: s.scalars.mu! };
    asgdUpdate(p, g, st, s.step, group);
    s.scalars.eta = st.eta;
    s.scalars.mu = st.mu;
  }
}
