import { ValueError, getBackend, type Tensor } from '@nabla/autograd';
import type { FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBool, checkLr, checkNonNegative } from './validate.js';

/** SGD options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface SGDOptions {
  /** Learning rate γ (default 1e-3). */
  lr?: number;
  /** Momentum factor μ (default 0). */
  momentum?: number;
  /** Dampening τ of the momentum (default 0). */
  dampening?: number;
  /** Nesterov momentum; needs momentum > 0 and dampening 0 (default false). */
  nesterov?: boolean;
  /** L2 penalty λ added to the gradient (default 0). */
  weightDecay?: number;
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** SGD's resolved hyperparameters (every option set). */
export type SGDHyper = Required<SGDOptions>;

/** PyTorch's SGD defaults. */
export const SGD_DEFAULTS: Readonly<SGDHyper> = { lr: 1e-3, momentum: 0, dampening: 0, nesterov: false, weightDecay: 0, maximize: false };

/**
 * One SGD step on one parameter, in place. PyTorch's algorithm
 * (https://docs.pytorch.org/docs/stable/generated/torch.optim.SGD.html), with `maximize` negating the gradient
 * first as `_single_tensor_sgd` does:
 *   g ← ±∇f(θ) + λθ;   b ← g at the first step (no dampening), else μb + (1 − τ)g;
 *   g ← g + μb (nesterov) or b;   θ ← θ − γg
 * `buf` is the momentum buffer (null when μ = 0); `first` means it holds no history yet.
 * @example
 * const p = new Float64Array([1, -2]);
 * sgdUpdate(p, [0.5, -1], null, false, { ...SGD_DEFAULTS, lr: 0.1 }); // p = [0.95, -1.9]
 */
export function sgdUpdate(p: FloatArray, g: ArrayLike<number>, buf: Float64Array | null, first: boolean, h: SGDHyper): void {
  const { lr, momentum, dampening, nesterov, weightDecay, maximize } = h;
  if (buf === null && weightDecay === 0 && !maximize) {
    // Plain SGD, the common case: p + (-lr) g, the same arithmetic as the general loop below; on a gradient of
    // the parameter's own array type the backend's axpy does it (SIMD lanes on the wasm backend).
    const a = -lr;
    if (g.constructor === p.constructor && g.length === p.length) return getBackend().axpy(p, a, g as FloatArray);
    for (let i = 0; i < p.length; i++) p[i] = p[i]! + a * g[i]!;
    return;
  }
  for (let i = 0; i < p.length; i++) {
    let d = maximize ? -g[i]! : g[i]!;
    if (weightDecay !== 0) d = d + weightDecay * p[i]!;
    if (buf !== null) {
      const b = first ? d : momentum * buf[i]! + (1 - dampening) * d;
      buf[i] = b;
      d = nesterov ? d + momentum * b : b;
    }
    p[i] = p[i]! + -lr * d;
  }
}

/** Validates SGD hyperparameters (throws ValueError naming the value). */
export function validateSGD(h: SGDHyper, op: string): void {
  checkLr(op, h.lr);
  checkNonNegative(op, 'momentum value', h.momentum);
  checkNonNegative(op, 'dampening value', h.dampening);
  checkNonNegative(op, 'weightDecay value', h.weightDecay);
  checkBool(op, 'nesterov', h.nesterov);
  checkBool(op, 'maximize', h.maximize);
  if (h.nesterov && (h.momentum <= 0 || h.dampening !== 0)) {
    throw new ValueError(`${op}: Nesterov momentum requires a momentum > 0 and zero dampening, got momentum ${h.momentum} and dampening ${h.dampening}`);
  }
}

/**
 * Stochastic gradient descent, optionally with (Nesterov) momentum, exactly as `torch.optim.SGD`.
 * State per parameter: `momentumBuffer` (created at the first step with momentum > 0).
 * @example
 * const opt = new SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * loss.backward(); opt.step(); opt.zeroGrad();
 */
export class SGD extends Optimizer<SGDHyper> {
  constructor(params: ParamsInput<SGDHyper>, options: SGDOptions = {}) {
    super('SGD', params, mergeOptions('SGD', options, SGD_DEFAULTS), { buffers: ['momentumBuffer'], scalars: [] });
  }

  protected override validate(h: SGDHyper, op: string): void {
    validateSGD(h, op);
  }

  protected override initState(_p: Tensor, _group: ParamGroup<SGDHyper>): ParamState {
    return { step: 0, buffers: {}, scalars: {} };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<SGDHyper>): void {
    if (group.momentum === 0) return sgdUpdate(p, g, null, false, group);
    const first = s.buffers.momentumBuffer === undefined;
    sgdUpdate(p, g, this.buffer(s, 'momentumBuffer', p.length), first, group);
  }
}
