import { describe, expect, it } from 'vitest';
import { ValueError, tensor } from '@nabla/autograd';
import { Adagrad } from '../adagrad.js';
import { Adam } from '../adam.js';
import { SGD } from '../sgd.js';
import { CosineAnnealingLR } from './cosine-annealing-lr.js';
import { CosineAnnealingWarmRestarts } from './cosine-annealing-warm-restarts.js';
import { ExponentialLR } from './exponential-lr.js';
import { LinearLR } from './linear-lr.js';
import { OneCycleLR } from './one-cycle-lr.js';
import { SequentialLR } from './sequential-lr.js';
import { StepLR } from './step-lr.js';

const w = () => tensor([1], { requiresGrad: true });
const sgd = (lr = 1) => new SGD([w()], { lr, momentum: 0.9 });
const close = (got: number, want: number) => expect(Math.abs(got - want)).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(want), 1e-300));
const cosine = (lo: number, hi: number, x: number) => lo + ((hi - lo) * (1 + Math.cos(Math.PI * x))) / 2;

/** The lr after construction and after each of `n` steps. */
function lrs(s: { step(): void; getLastLr(): number[] }, n = 30): number[] {
  const out = [s.getLastLr()[0]!];
  for (let t = 0; t < n; t++) {
    s.step();
    out.push(s.getLastLr()[0]!);
  }
  return out;
}

describe('CosineAnnealingWarmRestarts', () => {
  it('restarts every t0 epochs with tMult = 1', () => {
    lrs(new CosineAnnealingWarmRestarts(sgd(0.1), { t0: 5, etaMin: 0.01 })).forEach((lr, t) => close(lr, cosine(0.01, 0.1, (t % 5) / 5)));
  });

  it('lengthens the cycles by tMult (3, 6, 12, ... epochs)', () => {
    const want: number[] = [];
    for (let t = 0, start = 0, len = 3; t <= 30; t++) {
      if (t - start >= len) [start, len] = [start + len, len * 2];
      want.push(cosine(0, 1, (t - start) / len));
    }
    lrs(new CosineAnnealingWarmRestarts(sgd(), { t0: 3, tMult: 2 })).forEach((lr, t) => close(lr, want[t]!));
  });

  it('accepts fractional epochs in step(epoch), closed form', () => {
    const s = new CosineAnnealingWarmRestarts(sgd(), { t0: 3, tMult: 2 });
    s.step(10.5); // cycles [0, 3), [3, 9), [9, 21): T_cur = 1.5 of T_i = 12
    close(s.getLastLr()[0]!, cosine(0, 1, 1.5 / 12));
    expect([s.tCur, s.tI, s.lastEpoch]).toEqual([1.5, 12, 10]);
    expect(() => s.step(-1)).toThrow(ValueError);
  });
});

describe('OneCycleLR', () => {
  const total = 30;
  const maxLr = 0.5;
  const initial = maxLr / 25;
  const minLr = initial / 1e4;
  const upEnd = 0.3 * total - 1; // 8

  it('two cosine phases for the lr, and the momentum cycled the opposite way', () => {
    const opt = sgd();
    const s = new OneCycleLR(opt, { maxLr, totalSteps: total });
    const moms = [opt.paramGroups[0]!.momentum];
    const got = [s.getLastLr()[0]!];
    for (let t = 1; t < total; t++) {
      s.step();
      got.push(s.getLastLr()[0]!);
      moms.push(opt.paramGroups[0]!.momentum);
    }
    got.forEach((lr, t) => {
      const up = t <= upEnd;
      const x = up ? t / upEnd : (t - upEnd) / (total - 1 - upEnd);
      close(lr, up ? cosine(maxLr, initial, x) : cosine(minLr, maxLr, x));
      close(moms[t]!, up ? cosine(0.85, 0.95, x) : cosine(0.95, 0.85, x));
    });
    expect(got[upEnd]).toBeCloseTo(maxLr, 15);
    expect(got[total - 1]).toBeCloseTo(minLr, 15);
  });

  it('linear annealing in three phases, cycling betas[0] of Adam', () => {
    const opt = new Adam([w()], { betas: [0.5, 0.99] });
    const s = new OneCycleLR(opt, { maxLr, totalSteps: total, annealStrategy: 'linear', threePhase: true, baseMomentum: 0.8, maxMomentum: 0.9 });
    const lin = (a: number, b: number, x: number) => (b - a) * x + a;
    const ends = [upEnd, 2 * 0.3 * total - 2, total - 1];
    for (let t = 0; t < total; t++) {
      if (t > 0) s.step();
      const k = t <= ends[0]! ? 0 : t <= ends[1]! ? 1 : 2;
      const start = k === 0 ? 0 : ends[k - 1]!;
      const x = (t - start) / (ends[k]! - start);
      const [a, b] = [[initial, maxLr], [maxLr, initial], [initial, minLr]][k]!;
      const [ma, mb] = [[0.9, 0.8], [0.8, 0.9], [0.9, 0.9]][k]!;
      close(s.getLastLr()[0]!, lin(a!, b!, x));
      close(opt.paramGroups[0]!.betas[0], lin(ma!, mb!, x));
      expect(opt.paramGroups[0]!.betas[1]).toBe(0.99);
    }
  });

  it('throws when stepped past totalSteps, and without momentum to cycle', () => {
    const s = new OneCycleLR(sgd(), { maxLr, totalSteps: 3 });
    for (let t = 0; t < 3; t++) s.step();
    expect(() => s.step()).toThrow('OneCycleLR: tried to step 4 times; the specified number of total steps is 3');
    expect(s.lastEpoch).toBe(3);
    expect(() => new OneCycleLR(new Adagrad([w()]), { maxLr, totalSteps: 3 })).toThrow('OneCycleLR: optimizer Adagrad has neither momentum nor betas; pass cycleMomentum: false');
    expect(new OneCycleLR(new Adagrad([w()]), { maxLr, totalSteps: 10, cycleMomentum: false }).getLastLr()[0]).toBeCloseTo(initial, 15);
    expect(() => new OneCycleLR(sgd(), { maxLr: [1, 2], totalSteps: 3 })).toThrow('OneCycleLR: expected 1 values of maxLr (one per param group), got 2');
  });
});

describe('SequentialLR', () => {
  it('warmup then exponential decay, restarting the second scheduler at its epoch 0', () => {
    const opt = sgd(1);
    const warm = new LinearLR(opt, { startFactor: 0.1, totalIters: 4 });
    const decay = new ExponentialLR(opt, { gamma: 0.9 });
    const s = new SequentialLR(opt, { schedulers: [warm, decay], milestones: [4] });
    lrs(s).forEach((lr, t) => close(lr, t < 4 ? 0.1 + (0.9 * t) / 4 : 0.9 ** (t - 4)));
  });

  it('three schedulers with two milestones', () => {
    const opt = sgd(1);
    const a = new LinearLR(opt, { startFactor: 0.5, totalIters: 2 });
    const b = new StepLR(opt, { stepSize: 3, gamma: 0.5 });
    const c = new CosineAnnealingLR(opt, { tMax: 10 });
    const s = new SequentialLR(opt, { schedulers: [a, b, c], milestones: [5, 15] });
    const want = (t: number) => (t < 5 ? 0.5 + (0.5 * Math.min(t, 2)) / 2 : t < 15 ? 0.5 ** Math.floor((t - 5) / 3) : cosine(0, 1, (t - 15) / 10));
    lrs(s).forEach((lr, t) => close(lr, want(t)));
  });

  it('rejects mismatched milestones and schedulers of another optimizer', () => {
    const opt = sgd();
    const a = new LinearLR(opt);
    expect(() => new SequentialLR(opt, { schedulers: [a, new StepLR(opt, { stepSize: 2 })], milestones: [] })).toThrow('SequentialLR: expected 1 milestones for 2 schedulers, got an array of length 0');
    expect(() => new SequentialLR(opt, { schedulers: [a, new StepLR(sgd(), { stepSize: 2 })], milestones: [3] })).toThrow('SequentialLR: schedulers[1] was built on a different optimizer than the one given');
    expect(() => new SequentialLR(opt, { schedulers: [a, a, a], milestones: [3, 3] })).toThrow('SequentialLR: milestones must be increasing integers >= 0, got [3, 3]');
  });
});
