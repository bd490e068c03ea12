import { ValueError, describe, type Tensor } from '@nabla/autograd';
import type { FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkBool, checkLr } from './validate.js';

/** Rprop options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface RpropOptions {
  /** Learning rate: the starting step size of every element (default 1e-2). */
  lr?: number;
  /** The factors η− and η+ that shrink and grow a step size, 0 < η− < 1 < η+ (default [0.5, 1.2]). */
  etas?: [number, number];
  /** The bounds Γmin and Γmax of the step sizes (default [1e-6, 50]). */
  stepSizes?: [number, number];
  /** Ascend the objective instead of descending (default false). */
  maximize?: boolean;
}
/** Rprop's resolved hyperparameters. */
export type RpropHyper = Required<RpropOptions>;

/** PyTorch's Rprop defaults. */
export const RPROP_DEFAULTS: Readonly<RpropHyper> = { lr: 1e-2, etas: [0.5, 1.2], stepSizes: [1e-6, 50], maximize: false };

/**
 * One Rprop step, in place. PyTorch's algorithm (https://docs.pytorch.org/docs/stable/generated/torch.optim.Rprop.html),
 * per element, with `prev` the gradient remembered from the last step and `eta` the element's step size:
 *   g ← ±∇f(θ);   s ← sign(g · prev)
 *   s > 0: eta ← min(eta η+, Γmax);   s < 0: eta ← max(eta η−, Γmin) and g ← 0;   s = 0: eta unchanged
 *   θ ← θ − eta · sign(g);   prev ← g
 * (A sign change skips the element's move and forgets its gradient, so the next step neither grows nor shrinks.)
 * @example
 * const p = new Float64Array([1, -2]);
 * rpropUpdate(p, [0.5, -1], new Float64Array(2), new Float64Array([0.1, 0.1]), RPROP_DEFAULTS); // p = [0.9, -1.9]
 */
export function rpropUpdate(p: FloatArray, g: ArrayLike<number>, prev: Float64Array, eta: Float64Array, h: RpropHyper): void {
  const [etaMinus, etaPlus] = h.etas;
  const [minStep, maxStep] = h.stepSizes;
  for (let i = 0; i < p.length; i++) {
    let d = h.maximize ? -g[i]! : g[i]!;
    const s = d * prev[i]!;
    const factor = s > 0 ? etaPlus : s < 0 ? etaMinus : 1;
    eta[i] = Math.min(Math.max(eta[i]! * factor, minStep), maxStep);
    if (s < 0) d = 0;
    p[i] = p[i]! - Math.sign(d) * eta[i]!;
    prev[i] = d;
  }
}

const isPair = (x: unknown): x is [number, number] => Array.isArray(x) && x.length === 2 && x.every((v) => typeof v === 'number');

/** Validates Rprop hyperparameters (throws ValueError naming the value). */
export function validateRprop(h: RpropHyper, op: string): void {
  checkLr(op, h.lr);
  if (!isPair(h.etas)) throw new ValueError(`${op}: etas must be a pair [etaMinus, etaPlus], got ${describe(h.etas)}`);
  const [em, ep] = h.etas;
  if (!(em > 0 && em < 1 && ep > 1 && Number.isFinite(ep))) {
    throw new ValueError(`${op}: invalid eta values: ${em}, ${ep} (expected 0 < etaMinus < 1 < etaPlus)`);
  }
  if (!isPair(h.stepSizes)) throw new ValueError(`${op}: stepSizes must be a pair [min, max], got ${describe(h.stepSizes)}`);
  const [lo, hi] = h.stepSizes;
  if (!(lo >= 0 && hi >= lo && Number.isFinite(hi))) {
    throw new ValueError(`${op}: invalid step sizes: ${lo}, ${hi} (expected 0 <= min <= max, finite)`);
  }
  checkBool(op, 'maximize', h.maximize);
}

/**
 * Resilient backpropagation, exactly as `torch.optim.Rprop`: each element keeps its own step size, grown
 * while its gradient keeps its sign and shrunk when it flips; only the gradient's sign is used. Meant for
 * full-batch training. State per parameter: `prev` (last gradient) and `stepSize` (starts at lr).
 * @example
 * const opt = new Rprop(model.parameters(), { lr: 0.01, etas: [0.5, 1.2], stepSizes: [1e-6, 50] });
 */
export class Rprop extends Optimizer<RpropHyper> {
  constructor(params: ParamsInput<RpropHyper>, options: RpropOptions = {}) {
    super('Rprop', params, mergeOptions('Rprop', options, RPROP_DEFAULTS), { buffers: ['prev', 'stepSize'], scalars: [] });
  }

  protected override validate(h: RpropHyper, op: string): void {
    validateRprop(h, op);
  }

  protected override initState(p: Tensor, group: ParamGroup<RpropHyper>): ParamState {
    return { step: 0, buffers: { prev: new Float64Array(p.size), stepSize: new Float64Array(p.size).fill(group.lr) }, scalars: {} };
  }

  protected override update(p: FloatArray, g: FloatArray, s: ParamState, group: ParamGroup<RpropHyper>): void {
    rpropUpdate(p, g, s.buffers.prev!, s.buffers.stepSize!, group);
  }
}
