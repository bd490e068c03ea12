import { ValueError, describe, enableGrad, noGrad, type Tensor } from '@nabla/autograd';
import { checkLoss, flatGrad, readParams, writeParams, addDirection, type LBFGSClosure } from './lbfgs-params.js';
import { loadLBFGSState, saveLBFGSState, type LBFGSStateDict, type SavedLBFGSState } from './lbfgs-state.js';
import { twoLoopRecursion, updateHistory, type LBFGSHistory } from './lbfgs-math.js';
import { dot, maxAbs, strongWolfe } from './line-search.js';
import type { FloatArray } from './math.js';
import { Optimizer } from './optimizer.js';
import { mergeOptions, type ParamGroup, type ParamGroupInput, type ParamsInput } from './param-groups.js';
import type { ParamState } from './state-dict.js';
import { checkGroupsAtStep, checkLr, checkNonNegative, checkPositiveInt } from './validate.js';

export type { LBFGSClosure } from './lbfgs-params.js';

/** LBFGS options: PyTorch's names in camelCase, PyTorch's defaults. */
export interface LBFGSOptions {
  /** Learning rate: the first trial step length of every iteration after the first (default 1). */
  lr?: number;
  /** Maximum number of iterations per `step()` (default 20). */
  maxIter?: number;
  /** Maximum number of closure evaluations per `step()` (default ⌊maxIter · 5/4⌋). */
  maxEval?: number;
  /** Stop when max |g| is at most this (first-order optimality; default 1e-7). */
  toleranceGrad?: number;
  /** Stop when the step, the loss change or the directional derivative is below this (default 1e-9). */
  toleranceChange?: number;
  /** Number of curvature pairs kept (default 100). */
  historySize?: number;
  /** 'strongWolfe' for the strong-Wolfe line search, or null for fixed steps of length lr (default null). */
  lineSearchFn?: 'strongWolfe' | null;
}
/** LBFGS's resolved hyperparameters. */
export type LBFGSHyper = Required<LBFGSOptions>;

/** PyTorch's LBFGS defaults (maxEval follows maxIter when not given). */
export const LBFGS_DEFAULTS: Readonly<LBFGSHyper> = {
  lr: 1, maxIter: 20, maxEval: 25, toleranceGrad: 1e-7, toleranceChange: 1e-9, historySize: 100, lineSearchFn: null,
};

/** The state LBFGS carries between `step()` calls (PyTorch keeps it on the first parameter). */
export interface LBFGSState extends LBFGSHistory {
  /** Closure evaluations so far. */
  funcEvals: number;
  /** Iterations so far. */
  nIter: number;
  /** The last search direction. */
  d: Float64Array | null;
  /** The last step length. */
  t: number | null;
  /** The flat gradient at the last iterate. */
  prevFlatGrad: Float64Array | null;
  /** The loss at the last iterate. */
  prevLoss: number | null;
}

/** Validates LBFGS hyperparameters (throws ValueError naming the value). */
export function validateLBFGS(h: LBFGSHyper, op: string): void {
  checkLr(op, h.lr);
  checkPositiveInt(op, 'maxIter', h.maxIter);
  checkPositiveInt(op, 'maxEval', h.maxEval);
  checkNonNegative(op, 'toleranceGrad', h.toleranceGrad);
  checkNonNegative(op, 'toleranceChange', h.toleranceChange);
  checkPositiveInt(op, 'historySize', h.historySize);
  if (h.lineSearchFn !== null && h.lineSearchFn !== 'strongWolfe') {
    throw new ValueError(`${op}: lineSearchFn must be 'strongWolfe' or null, got ${describe(h.lineSearchFn)}`);
  }
}

const freshState = (): LBFGSState => ({
  funcEvals: 0, nIter: 0, d: null, t: null, oldDirs: [], oldStps: [], ro: [], hDiag: 1, prevFlatGrad: null, prevLoss: null,
});

/**
 * L-BFGS, exactly as `torch.optim.LBFGS` (after minFunc): each `step(closure)` runs up to `maxIter`
 * quasi-Newton iterations, re-evaluating the model through `closure`, and returns the closure's first result
 * (the loss before the step). The closure must clear the gradients, compute the loss, call `backward()` and
 * return the loss; it runs with gradient recording on even inside `noGrad`. All parameters form one flat
 * vector, so LBFGS takes a single param group. Parameters with `requiresGrad` false (or no gradient) count as
 * a zero gradient and are never moved.
 *
 * If an iteration drives a parameter to NaN or ±Infinity, the parameters and state are restored to where the
 * step began and a ValueError is thrown (PyTorch would leave NaN parameters); a non-finite gradient at the
 * start throws before anything changes.
 * @example
 * const opt = new LBFGS([w], { lineSearchFn: 'strongWolfe' });
 * const loss = opt.step(() => {
 *   opt.zeroGrad();
 *   const l = w.sub(target).square().sum();
 *   l.backward();
 *   return l;
 * });
 */
export class LBFGS extends Optimizer<LBFGSHyper> {
  private lbfgs: LBFGSState = freshState();

  constructor(params: ParamsInput<LBFGSHyper>, options: LBFGSOptions = {}) {
    const merged = mergeOptions<LBFGSHyper>('LBFGS', options, LBFGS_DEFAULTS);
    if (options?.maxEval === undefined && typeof merged.maxIter === 'number') merged.maxEval = Math.floor((merged.maxIter * 5) / 4);
    super('LBFGS', params, merged, { buffers: [], scalars: [] });
  }

  /** LBFGS's global state (history, last direction and step); read-only use. */
  get lbfgsState(): Readonly<LBFGSState> {
    return this.lbfgs;
  }

  /** Rejects a second param group: LBFGS optimizes one flat vector with one set of options. */
  override addParamGroup(group: ParamGroupInput<LBFGSHyper>): void {
    if (this.paramGroups.length > 0) throw new ValueError("LBFGS doesn't support per-parameter options (parameter groups): pass one list of tensors");
    super.addParamGroup(group);
  }

  protected override validate(h: LBFGSHyper, op: string): void {
    validateLBFGS(h, op);
  }

  protected override initState(_p: Tensor, _group: ParamGroup<LBFGSHyper>): ParamState {
    return { step: 0, buffers: {}, scalars: {} };
  }

  protected override update(_p: FloatArray, _g: FloatArray, _s: ParamState, _group: ParamGroup<LBFGSHyper>): void {
    // Never called: step(closure) moves all parameters together along one flat direction.
    throw new ValueError('LBFGS: parameters are updated jointly by step(closure)');
  }

  /**
   * Runs up to `maxIter` L-BFGS iterations, calling `closure` to re-evaluate the loss and gradients, and
   * returns the closure's first result (the loss at the starting point), as PyTorch does.
   */
  override step<L extends Tensor | number>(closure?: LBFGSClosure<L>): L {
    if (typeof closure !== 'function') throw new ValueError(`LBFGS.step: expected a closure that computes the loss, calls backward() and returns the loss; got ${describe(closure)}`);
    checkGroupsAtStep(this.name, this.paramGroups, (g, op) => this.validate(g, op));
    const group = this.paramGroups[0]!;
    const params = group.params;
    const x0 = readParams(params);
    const saved = snapshot(this.lbfgs);
    const first = enableGrad(closure);
    const origLoss = checkLoss(first);
    const g0 = flatGrad('LBFGS.step', params, true);
    let evals = 1; // closure evaluations in this step
    const evaluate = (): number => {
      evals++;
      return checkLoss(enableGrad(closure));
    };
    try {
      this.iterate(group, origLoss, g0, evaluate, () => evals);
    } catch (e) {
      this.restore(params, x0, saved);
      throw e;
    }
    const bad = readParams(params).findIndex((xs) => xs.some((v) => !Number.isFinite(v)));
    if (bad >= 0) {
      this.restore(params, x0, saved);
      throw new ValueError(
        `LBFGS.step: the step made param ${bad} non-finite (NaN or Infinity); the parameters and state were restored. ` +
          "Lower lr or use lineSearchFn: 'strongWolfe'.",
      );
    }
    return first;
  }

  /** The iterations of one step, PyTorch's loop (state in `this.lbfgs`). */
  private iterate(group: ParamGroup<LBFGSHyper>, loss0: number, g0: Float64Array, evaluate: () => number, evalCount: () => number): void {
    const { lr, maxIter, maxEval, toleranceGrad, toleranceChange, lineSearchFn, historySize } = group;
    const params = group.params;
    const s = this.lbfgs;
    s.funcEvals += 1;
    let loss = loss0;
    let g = g0;
    if (maxAbs(g) <= toleranceGrad) return;
    let d = s.d;
    let t = s.t ?? lr;
    for (let nIter = 1; nIter <= maxIter; nIter++) {
      s.nIter += 1;
      if (s.nIter === 1) {
        d = g.map((v) => -v);
        Object.assign(s, { oldDirs: [], oldStps: [], ro: [], hDiag: 1 });
      } else {
        const y = g.map((v, i) => v - s.prevFlatGrad![i]!);
        updateHistory(s, y, d!.map((v) => v * t), historySize);
        d = twoLoopRecursion(g, s);
      }
      s.prevFlatGrad = g.slice();
      s.prevLoss = loss;
      let sumAbs = 0;
      for (const v of g) sumAbs += Math.abs(v);
      t = s.nIter === 1 ? Math.min(1, 1 / sumAbs) * lr : lr;
      const gtd = dot(g, d!);
      if (gtd > -toleranceChange) break; // not a descent direction (to tolerance)
      const before = evalCount();
      if (lineSearchFn === 'strongWolfe') {
        const x = readParams(params);
        const dir = d!;
        const res = strongWolfe((tt, dd) => {
          noGrad(() => addDirection(params, tt, dd));
          const f = evaluate();
          const gr = flatGrad('LBFGS.step', params, false);
          noGrad(() => writeParams(params, x));
          return { loss: f, grad: gr };
        }, t, dir, loss, g, gtd);
        ({ loss, grad: g, t } = res);
        noGrad(() => addDirection(params, t, dir));
      } else {
        noGrad(() => addDirection(params, t, d!));
        // The last iteration skips the re-evaluation (in a stochastic setting it would be wasted).
        if (nIter !== maxIter) {
          loss = evaluate();
          g = flatGrad('LBFGS.step', params, false);
        }
      }
      s.funcEvals += evalCount() - before;
      if (nIter === maxIter || evalCount() >= maxEval) break;
      if (maxAbs(g) <= toleranceGrad) break;
      if (maxAbs(d!) * Math.abs(t) <= toleranceChange) break; // lack of progress: the step is tiny
      if (Math.abs(loss - s.prevLoss) < toleranceChange) break;
    }
    s.d = d;
    s.t = t;
  }

  private restore(params: Tensor[], x0: Float64Array[], saved: LBFGSState): void {
    noGrad(() => writeParams(params, x0));
    this.lbfgs = saved;
  }

  /** Hyperparameters plus LBFGS's history (as plain numbers, JSON-safe) under `lbfgs`. */
  override stateDict(): LBFGSStateDict {
    return { ...super.stateDict(), lbfgs: saveLBFGSState(this.lbfgs) };
  }

  /** Loads hyperparameters and history; everything is checked first and nothing changes on a mismatch. */
  override loadStateDict(sd: LBFGSStateDict): void {
    const numel = this.paramGroups[0]!.params.reduce((n, p) => n + p.size, 0);
    const state = loadLBFGSState('LBFGS', (sd as { lbfgs?: SavedLBFGSState } | null)?.lbfgs, numel);
    super.loadStateDict(sd);
    this.lbfgs = state;
  }
}

/** A copy of the state that survives the in-place updates of one step (the history arrays are never mutated). */
function snapshot(s: LBFGSState): LBFGSState {
  return { ...s, oldDirs: s.oldDirs.slice(), oldStps: s.oldStps.slice(), ro: s.ro.slice(), prevFlatGrad: s.prevFlatGrad?.slice() ?? null };
}
