import { describe, expect, it } from 'vitest';
import { ValueError, tensor } from '@nabla/autograd';
import { SGD } from '../sgd.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { ExponentialLR } from './exponential-lr.js';
import { LambdaLR } from './lambda-lr.js';
import { LinearLR } from './linear-lr.js';
import type { LRScheduler } from './lr-scheduler.js';
import { MultiStepLR } from './multi-step-lr.js';
import { StepLR } from './step-lr.js';

const BASE = [0.1, 0.05];
/** An SGD optimizer with two param groups whose lrs are BASE. */
const twoGroups = () =>
  new SGD([{ params: [tensor([1], { requiresGrad: true })], lr: BASE[0] }, { params: [tensor([2], { requiresGrad: true })], lr: BASE[1] }], { momentum: 0.9 });

/** getLastLr() after construction and after each of `n` steps; also checks the groups hold those lrs. */
function trace(s: { step(): void; getLastLr(): number[]; optimizer: { paramGroups: { lr: number }[] } }, n = 30): number[][] {
  const out = [s.getLastLr()];
  for (let t = 0; t < n; t++) {
    s.step();
    out.push(s.getLastLr());
  }
  expect(s.optimizer.paramGroups.map((g) => g.lr)).toEqual(out[n]);
  return out;
}
/** Asserts each lr matches `want(base, t)` to 1e-12 relative (chained forms round differently). */
function expectSchedule(got: number[][], want: (base: number, t: number, group: number) => number): void {
  got.forEach((lrs, t) => lrs.forEach((lr, i) => {
    const w = want(BASE[i]!, t, i);
    expect(Math.abs(lr - w)).toBeLessThanOrEqual(1e-12 * Math.abs(w));
  }));
}
const make = <T extends LRScheduler>(fn: (opt: ReturnType<typeof twoGroups>) => T) => fn(twoGroups());

describe('epoch schedulers over 30 steps against their closed forms', () => {
  it('StepLR: lr0 · γ^⌊t/stepSize⌋', () => {
    expectSchedule(trace(make((o) => new StepLR(o, { stepSize: 4, gamma: 0.5 }))), (b, t) => b * 0.5 ** Math.floor(t / 4));
    expectSchedule(trace(make((o) => new StepLR(o, { stepSize: 7 }))), (b, t) => b * 0.1 ** Math.floor(t / 7));
  });

  it('MultiStepLR: lr0 · γ^(milestones ≤ t), a repeated milestone counting twice', () => {
    const ms = [20, 3, 7, 7];
    expectSchedule(trace(make((o) => new MultiStepLR(o, { milestones: ms, gamma: 0.5 }))), (b, t) => b * 0.5 ** ms.filter((m) => m <= t).length);
  });

  it('ExponentialLR: lr0 · γ^t', () => {
    expectSchedule(trace(make((o) => new ExponentialLR(o, { gamma: 0.9 }))), (b, t) => b * 0.9 ** t);
  });

  it('CosineAnnealingLR: η_min + (lr0 − η_min)(1 + cos(πt/T_max))/2, continuing past T_max', () => {
    const eta = 0.001;
    expectSchedule(trace(make((o) => new CosineAnnealingLR(o, { tMax: 10, etaMin: eta }))), (b, t) => eta + ((b - eta) * (1 + Math.cos((Math.PI * t) / 10))) / 2);
  });

  it('LinearLR: lr0 · (s + (e − s) min(t, T)/T)', () => {
    expectSchedule(trace(make((o) => new LinearLR(o, { startFactor: 0.25, endFactor: 0.75, totalIters: 8 }))), (b, t) => b * (0.25 + (0.5 * Math.min(t, 8)) / 8));
    expectSchedule(trace(make((o) => new LinearLR(o))), (b, t) => b * (1 / 3 + ((2 / 3) * Math.min(t, 5)) / 5));
  });

  it('LambdaLR: lr0 · λ(t), one function or one per group', () => {
    expectSchedule(trace(make((o) => new LambdaLR(o, { lrLambda: (t) => 1 / (1 + t) }))), (b, t) => b / (1 + t));
    const fs = [(t: number) => 0.95 ** t, (t: number) => (t < 10 ? 1 : 0.5)];
    expectSchedule(trace(make((o) => new LambdaLR(o, { lrLambda: fs }))), (b, t, i) => b * fs[i]!(t));
  });

  it('chained schedulers on one optimizer compose, as in PyTorch (StepLR then ExponentialLR)', () => {
    const opt = twoGroups();
    const a = new StepLR(opt, { stepSize: 3, gamma: 0.5 });
    const b = new ExponentialLR(opt, { gamma: 0.9 });
    for (let t = 1; t <= 10; t++) {
      a.step();
      b.step();
      expect(opt.paramGroups[0]!.lr).toBeCloseTo(0.1 * 0.5 ** Math.floor(t / 3) * 0.9 ** t, 15);
    }
  });

  it('records initialLr once and reads baseLrs from it', () => {
    const opt = twoGroups();
    new ExponentialLR(opt, { gamma: 0.5 }).step();
    const later = new StepLR(opt, { stepSize: 2 });
    expect(later.baseLrs).toEqual(BASE);
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual(BASE);
  });

  it('rejects bad options with the value in the message', () => {
    const bad = (fn: () => unknown, msg: string) => expect(fn).toThrow(expect.objectContaining({ constructor: ValueError, message: msg }));
    bad(() => new StepLR(twoGroups(), { stepSize: 0 }), 'StepLR: stepSize must be a positive integer, got 0');
    bad(() => new StepLR(twoGroups(), { stepSize: 2, gamma: -1 }), 'StepLR: invalid gamma: -1 (expected a finite number > 0)');
    bad(() => new MultiStepLR(twoGroups(), { milestones: [2, -1] }), 'MultiStepLR: milestones must be an array of integers >= 0, got an array of length 2');
    bad(() => new ExponentialLR(twoGroups(), { gamma: NaN }), 'ExponentialLR: invalid gamma: NaN (expected a finite number > 0)');
    bad(() => new CosineAnnealingLR(twoGroups(), { tMax: 2.5 }), 'CosineAnnealingLR: tMax must be a positive integer, got 2.5');
    bad(() => new LinearLR(twoGroups(), { startFactor: 0 }), 'LinearLR: startFactor must be in (0, 1], got 0');
    bad(() => new LambdaLR(twoGroups(), { lrLambda: [(t) => t] }), 'LambdaLR: expected 2 lrLambda functions (one per param group), got 1');
    bad(() => new LambdaLR(twoGroups(), { lrLambda: () => NaN }), 'LambdaLR: lrLambda(0) for param group 0 returned number NaN; expected a finite number');
    bad(() => new StepLR({} as never, { stepSize: 1 }), 'StepLR: expected an Optimizer, got an object (Object)');
  });
});
