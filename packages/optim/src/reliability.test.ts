import { NablaError, ValueError, tensor, type Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../test-support/snapshot.js';
import { Adagrad } from './adagrad.js';
import { Adam } from './adam.js';
import type { Optimizer } from './optimizer.js';
import {
  ConstantLR, CosineAnnealingLR, CosineAnnealingWarmRestarts, CyclicLR, ExponentialLR, LambdaLR, LinearLR, MultiStepLR, OneCycleLR,
  PolynomialLR, ReduceLROnPlateau, SequentialLR, StepLR, SWALR,
} from './schedulers/index.js';
import { SGD } from './sgd.js';
import { clipGradNorm, clipGradValue } from './clip.js';

/** Runs `fn`, expecting a ValueError whose message matches, with every object in `owned` unchanged. */
function expectRejected(fn: () => unknown, message: RegExp, ...owned: unknown[]): void {
  const before = snapshot(...owned);
  let thrown: unknown;
  try {
    fn();
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ValueError);
  expect(thrown).toBeInstanceOf(NablaError);
  expect((thrown as Error).message).toMatch(message);
  expect(snapshot(...owned)).toEqual(before);
}

function setup(): { p: Tensor; q: Tensor; opt: SGD } {
  const p = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
  const q = tensor([0.5], { dtype: 'float64', requiresGrad: true });
  const opt = new SGD([{ params: [p] }, { params: [q], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
  return { p, q, opt };
}

const badSchedulers: [string, (opt: Optimizer) => unknown, RegExp][] = [
  ['StepLR', (o) => new StepLR(o, { stepSize: 0 }), /^StepLR: stepSize must be a positive integer, got 0$/],
  ['MultiStepLR', (o) => new MultiStepLR(o, { milestones: [3, -1] }), /^MultiStepLR: milestones must be an array of integers >= 0, got an array of length 2$/],
  ['ExponentialLR', (o) => new ExponentialLR(o, { gamma: NaN }), /^ExponentialLR: invalid gamma: NaN/],
  ['CosineAnnealingLR', (o) => new CosineAnnealingLR(o, { tMax: 0 }), /^CosineAnnealingLR: tMax must be a positive integer, got 0$/],
  ['CosineAnnealingWarmRestarts', (o) => new CosineAnnealingWarmRestarts(o, { t0: 2, tMult: 0.5 }), /^CosineAnnealingWarmRestarts: tMult must be a positive integer, got 0\.5$/],
  ['OneCycleLR (divFactor)', (o) => new OneCycleLR(o, { maxLr: 1, totalSteps: 10, divFactor: -1 }), /^OneCycleLR: invalid divFactor: -1/],
  ['OneCycleLR (maxMomentum, checked last)', (o) => new OneCycleLR(o, { maxLr: [1, 2], totalSteps: 10, maxMomentum: 'x' as never }), /^OneCycleLR: invalid maxMomentum: the string "x"/],
  ['OneCycleLR (maxLr per group)', (o) => new OneCycleLR(o, { maxLr: [1, 2, 3], totalSteps: 10 }), /^OneCycleLR: expected 2 values of maxLr \(one per param group\), got 3$/],
  ['LinearLR', (o) => new LinearLR(o, { startFactor: 0 }), /^LinearLR: startFactor must be in \(0, 1\], got 0$/],
  ['LambdaLR', (o) => new LambdaLR(o, { lrLambda: 5 as never }), /^LambdaLR: lrLambda must be a function, got number 5$/],
  ['SequentialLR', (o) => new SequentialLR(o, { schedulers: [], milestones: [] }), /^SequentialLR: schedulers must be a non-empty array, got an array of length 0$/],
  ['ReduceLROnPlateau', (o) => new ReduceLROnPlateau(o, { factor: 2 }), /^ReduceLROnPlateau: factor should be < 1\.0 \(and >= 0\), got number 2$/],
  ['CyclicLR', (o) => new CyclicLR(o, { baseLr: 0.1, maxLr: 1, stepSizeUp: 0 }), /^CyclicLR: invalid stepSizeUp: 0 \(expected a finite number > 0\)$/],
  ['CyclicLR (mode)', (o) => new CyclicLR(o, { baseLr: 0.1, maxLr: 1, mode: 'sine' as never }), /^CyclicLR: mode must be one of triangular, triangular2, exp_range \(or pass scaleFn\), got the string "sine"$/],
  ['ConstantLR', (o) => new ConstantLR(o, { factor: 2 }), /^ConstantLR: factor must be in \[0, 1\] \(a constant multiplicative factor\), got 2$/],
  ['PolynomialLR', (o) => new PolynomialLR(o, { totalIters: -1 }), /^PolynomialLR: totalIters must be a positive integer, got -1$/],
  ['SWALR', (o) => new SWALR(o, { swaLr: 0.1, annealStrategy: 'x' as never }), /^SWALR: annealStrategy must be 'cos' or 'linear', got the string "x"$/],
];

describe('schedulers validate before touching the optimizer (issue 20 item 2)', () => {
  for (const [name, make, message] of badSchedulers) {
    it(`${name}: a bad option throws and leaves the optimizer exactly as it was`, () => {
      const { p, q, opt } = setup();
      expectRejected(() => make(opt), message, opt, p, q);
      expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([undefined, undefined]);
      // A later valid scheduler starts from the groups' own lrs, not from a stale initialLr.
      opt.paramGroups[0]!.lr = 0.2;
      const s = new StepLR(opt, { stepSize: 1, gamma: 0.5 });
      expect(s.getLastLr()).toEqual([0.2, 0.5]);
      s.step();
      expect(s.getLastLr()).toEqual([0.1, 0.25]);
    });
  }

  it('OneCycleLR on an optimizer without momentum or betas changes neither initialLr nor lr', () => {
    const w = tensor([1], { requiresGrad: true });
    const opt = new Adagrad([w], { lr: 0.3 });
    expectRejected(() => new OneCycleLR(opt, { maxLr: 1, totalSteps: 5 }), /^OneCycleLR: optimizer Adagrad has neither momentum nor betas; pass cycleMomentum: false$/, opt, w);
  });

  it('LambdaLR.step() whose lambda fails keeps lastEpoch and every lr; the next good step continues', () => {
    const { p, q, opt } = setup();
    const sched = new LambdaLR(opt, { lrLambda: (e) => (e === 2 ? NaN : 1 / (e + 1)) });
    sched.step();
    expectRejected(() => sched.step(), /^LambdaLR: lrLambda\(2\) for param group 0 returned number NaN; expected a finite number$/, opt, sched, p, q);
    expect(sched.lastEpoch).toBe(1);
    expect(sched.getLastLr()).toEqual([0.05, 0.25]);
  });

  it('a lambda that throws leaves the scheduler where it was, and so does one giving Infinity', () => {
    const { opt } = setup();
    let mode: 'ok' | 'throw' | 'inf' = 'ok';
    const sched = new LambdaLR(opt, {
      lrLambda: (e) => {
        if (mode === 'throw') throw new ValueError(`lambda failed at ${e}`);
        return mode === 'inf' ? Infinity : 1;
      },
    });
    mode = 'throw';
    expectRejected(() => sched.step(), /^lambda failed at 1$/, opt, sched);
    mode = 'inf';
    expectRejected(() => sched.step(), /^LambdaLR: lrLambda\(1\) for param group 0 returned number Infinity/, opt, sched);
    mode = 'ok';
    sched.step();
    expect(sched.lastEpoch).toBe(1);
  });
});

describe('NaN cannot reach parameters around the gradient guard (issue 20 item 5)', () => {
  const stepped = () => {
    const p = tensor([1, -2], { dtype: 'float64', requiresGrad: true });
    const opt = new Adam([p], { lr: 0.1 });
    p.mul(p).sum().backward();
    opt.step();
    p.mul(p).sum().backward();
    return { p, opt };
  };

  it('loadStateDict with NaN or Infinity in a buffer or scalar is refused, naming it; nothing changes', () => {
    const { p, opt } = stepped();
    const sd = opt.stateDict();
    sd.state['0']!.buffers.expAvgSq!.data[1] = NaN;
    expectRejected(() => opt.loadStateDict(sd), /buffer 'expAvgSq' element 1 is number NaN, not a finite number/, opt, p);
    const sd2 = opt.stateDict();
    sd2.state['0']!.buffers.expAvg!.data[0] = -Infinity;
    expectRejected(() => opt.loadStateDict(sd2), /buffer 'expAvg' element 0 is number -Infinity, not a finite number/, opt, p);
  });

  it('an lr set to NaN (or a bad beta) after construction is a ValueError at step(), before any update', () => {
    const { p, opt } = stepped();
    opt.paramGroups[0]!.lr = NaN;
    expectRejected(() => opt.step(), /^Adam\.step \(param group 0\): invalid learning rate: NaN \(expected a finite number >= 0\)$/, opt, p);
    opt.paramGroups[0]!.lr = 0.1;
    opt.paramGroups[0]!.betas = [0.9, 1.5];
    expectRejected(() => opt.step(), /^Adam\.step \(param group 0\): invalid beta parameter at index 1: 1\.5/, opt, p);
    opt.paramGroups[0]!.betas = [0.9, 0.999];
    opt.step();
    expect(Array.from(p.data()).every(Number.isFinite)).toBe(true);
  });

  it("p.grad = 'abc' then step() is a ValueError naming the parameter (item 6)", () => {
    const { p, opt } = stepped();
    p.grad = 'abc' as never;
    expectRejected(() => opt.step(), /^Adam\.step: gradient of param 0 in group 0 is the string "abc"; it must be a Tensor of the parameter's shape \[2\] or null$/, opt, p);
  });

  it("clipGradNorm / clipGradValue with p.grad = 'abc' or undefined name the parameter (item 6)", () => {
    const p = tensor([1, 2], { requiresGrad: true });
    const q = tensor([3], { requiresGrad: true });
    q.grad = tensor([4]);
    p.grad = 'abc' as never;
    expectRejected(() => clipGradNorm([q, p], 1), /^clipGradNorm: gradient of params\[1\] is the string "abc"; it must be a Tensor of the parameter's shape \[2\] or null$/, p, q);
    p.grad = undefined as never;
    expectRejected(() => clipGradValue([q, p], 1), /^clipGradValue: gradient of params\[1\] is undefined/, p, q);
  });
});
