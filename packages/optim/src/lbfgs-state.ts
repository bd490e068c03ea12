import { ValueError, describe } from '@nabla/autograd';
import type { LBFGSHyper, LBFGSState } from './lbfgs.js';
import type { OptimizerStateDict } from './state-dict.js';

/** LBFGS's global state as plain numbers (vectors are flat, over all parameters in order). */
export interface SavedLBFGSState {
  /** Closure evaluations so far. */
  funcEvals: number;
  /** Iterations so far. */
  nIter: number;
  /** The last search direction (null before the first iteration). */
  d: number[] | null;
  /** The last step length. */
  t: number | null;
  /** Gradient differences y_k, oldest first. */
  oldDirs: number[][];
  /** Steps s_k, oldest first. */
  oldStps: number[][];
  /** 1 / (y_k · s_k). */
  ro: number[];
  /** Scale of the initial inverse Hessian. */
  hDiag: number;
  /** The flat gradient at the last iterate. */
  prevFlatGrad: number[] | null;
  /** The loss at the last iterate. */
  prevLoss: number | null;
}

/** LBFGS's state dict: the usual groups (its per-parameter `state` stays empty) plus the global `lbfgs` state. */
export interface LBFGSStateDict extends OptimizerStateDict<LBFGSHyper> {
  /** The history, last direction and step, and counters. */
  lbfgs: SavedLBFGSState;
}

const vec = (a: Float64Array | null): number[] | null => (a === null ? null : Array.from(a));

/** A deep, JSON-safe copy of the state. */
export function saveLBFGSState(s: LBFGSState): SavedLBFGSState {
  return {
    funcEvals: s.funcEvals, nIter: s.nIter, d: vec(s.d), t: s.t,
    oldDirs: s.oldDirs.map((v) => Array.from(v)), oldStps: s.oldStps.map((v) => Array.from(v)), ro: s.ro.slice(),
    hDiag: s.hDiag, prevFlatGrad: vec(s.prevFlatGrad), prevLoss: s.prevLoss,
  };
}

/** Checks a saved state against `numel` parameters and converts it; one ValueError lists every problem. */
export function loadLBFGSState(op: string, raw: unknown, numel: number): LBFGSState {
  const problems: string[] = [];
  const fail = (): never => {
    throw new ValueError(`${op}.loadStateDict: the state dict does not fit this optimizer; nothing was loaded:\n  - ${problems.join('\n  - ')}`);
  };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push(`expected the LBFGS state under 'lbfgs', got ${describe(raw)}`);
    return fail();
  }
  const r = raw as Record<string, unknown>;
  const num = (k: string, nullable = false): number | null => {
    const v = r[k];
    if (nullable && v === null) return null;
    if (typeof v !== 'number' || Number.isNaN(v)) problems.push(`lbfgs.${k} must be a number${nullable ? ' or null' : ''}, got ${describe(v)}`);
    return v as number;
  };
  const vector = (name: string, v: unknown, nullable = false): Float64Array | null => {
    if (nullable && v === null) return null;
    if (!Array.isArray(v) || v.length !== numel || v.some((x) => typeof x !== 'number')) {
      problems.push(`${name} must be an array of ${numel} numbers (one per parameter element)${nullable ? ' or null' : ''}, got ${describe(v)}`);
      return null;
    }
    return Float64Array.from(v as number[]);
  };
  const list = (k: string): unknown[] => {
    if (Array.isArray(r[k])) return r[k] as unknown[];
    problems.push(`lbfgs.${k} must be an array, got ${describe(r[k])}`);
    return [];
  };
  const out: LBFGSState = {
    funcEvals: num('funcEvals')!, nIter: num('nIter')!, t: num('t', true), hDiag: num('hDiag')!, prevLoss: num('prevLoss', true),
    d: vector('lbfgs.d', r.d, true), prevFlatGrad: vector('lbfgs.prevFlatGrad', r.prevFlatGrad, true),
    oldDirs: list('oldDirs').map((v, i) => vector(`lbfgs.oldDirs[${i}]`, v)!),
    oldStps: list('oldStps').map((v, i) => vector(`lbfgs.oldStps[${i}]`, v)!),
    ro: list('ro') as number[],
  };
  if (out.ro.some((x) => typeof x !== 'number')) problems.push('lbfgs.ro must hold numbers');
  if (out.oldDirs.length !== out.oldStps.length || out.ro.length !== out.oldDirs.length) {
    problems.push(`lbfgs.oldDirs, oldStps and ro must have one entry per stored pair, got ${out.oldDirs.length}, ${out.oldStps.length} and ${out.ro.length}`);
  }
  if (out.nIter > 0 && (out.d === null || out.t === null || out.prevFlatGrad === null)) {
    problems.push(`lbfgs.d, t and prevFlatGrad are required once nIter > 0 (nIter is ${out.nIter})`);
  }
  if (problems.length) fail();
  out.ro = out.ro.slice();
  return out;
}
