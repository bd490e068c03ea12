import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValueError, tensor } from '@nabla/autograd';
import { Adam } from '../adam.js';
import { Adagrad } from '../adagrad.js';
import { closeTo, parseFixture } from '../fixtures/torch.js';
import { SGD } from '../sgd.js';
import { ChainedScheduler } from './chained-scheduler.js';
import { ConstantLR } from './constant-lr.js';
import { CyclicLR } from './cyclic-lr.js';
import { ExponentialLR } from './exponential-lr.js';
import type { LRScheduler } from './lr-scheduler.js';
import { PolynomialLR } from './polynomial-lr.js';
import { ReduceLROnPlateau } from './reduce-lr-on-plateau.js';
import { StepLR } from './step-lr.js';
import { SWALR } from './swalr.js';

const TORCH = parseFixture(readFileSync(new URL('../fixtures/torch-wave2.json', import.meta.url), 'utf8'));
const w = () => tensor([0], { dtype: 'float64', requiresGrad: true });
/** SGD with two groups (lr 0.1 and 0.05, momentum 0.9), as in the fixture. */
const sgd2 = () => new SGD([{ params: [w()], lr: 0.1 }, { params: [w()], lr: 0.05 }], { lr: 0.1, momentum: 0.9 });
const sgd1 = () => new SGD([w()], { lr: 0.5 });

/** lrs (and momentums) after construction and after each of `n` steps. */
function trace(s: LRScheduler, n: number) {
  const lr = [s.getLastLr()];
  const momentum = [s.optimizer.paramGroups.map((g) => (g as { momentum?: number }).momentum)];
  for (let t = 0; t < n; t++) {
    s.step();
    lr.push(s.getLastLr());
    momentum.push(s.optimizer.paramGroups.map((g) => (g as { momentum?: number }).momentum));
  }
  expect(s.optimizer.paramGroups.map((g) => g.lr)).toEqual(lr[n]);
  return { lr, momentum };
}

describe('wave-2 schedulers against PyTorch 1.13 (float64 fixture)', () => {
  const rows: [string, () => LRScheduler, number, boolean][] = [
    ['cyclicTriangular', () => new CyclicLR(sgd2(), { baseLr: [0.01, 0.02], maxLr: [0.1, 0.3], stepSizeUp: 4, stepSizeDown: 6 }), 25, true],
    ['cyclicTriangular2', () => new CyclicLR(sgd2(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: 'triangular2', baseMomentum: 0.7, maxMomentum: 0.95 }), 25, true],
    ['cyclicExpRange', () => new CyclicLR(sgd2(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 5, mode: 'exp_range', gamma: 0.9, cycleMomentum: false }), 25, false],
    ['constant', () => new ConstantLR(sgd2(), { factor: 0.25, totalIters: 4 }), 8, false],
    ['polynomial', () => new PolynomialLR(sgd2(), { totalIters: 6, power: 2 }), 9, false],
    ['chained', () => {
      const o = sgd2();
      return new ChainedScheduler([new ConstantLR(o, { factor: 0.5, totalIters: 3 }), new ExponentialLR(o, { gamma: 0.9 })]);
    }, 8, false],
    ['swalrCos', () => new SWALR(sgd1(), { swaLr: 0.05, annealEpochs: 5 }), 8, false],
    ['swalrLinear', () => new SWALR(sgd1(), { swaLr: 0.05, annealEpochs: 3, annealStrategy: 'linear' }), 6, false],
    ['swalrZero', () => new SWALR(sgd1(), { swaLr: 0.05, annealEpochs: 0 }), 3, false],
  ];
  it.each(rows)('%s', (name, make, n, momentum) => {
    const got = trace(make(), n);
    const want = TORCH.schedulers[name]!;
    closeTo(got.lr, want.lr, 1e-12);
    if (momentum) closeTo(got.momentum, want.momentum, 1e-12);
  });
});

describe('wave-2 schedulers against their closed forms', () => {
  const close = (got: number[][], want: (t: number, i: number) => number) =>
    got.forEach((lrs, t) => lrs.forEach((lr, i) => expect(Math.abs(lr - want(t, i))).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(want(t, i))))));
  it('CyclicLR: a triangle wave between baseLr and maxLr, halving per cycle for triangular2', () => {
    const tri = (t: number, up: number, down: number) => {
      const p = t % (up + down);
      return p <= up ? p / up : (up + down - p) / down;
    };
    close(trace(new CyclicLR(sgd2(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 4, stepSizeDown: 6 }), 40).lr, (t) => 0.01 + 0.09 * tri(t, 4, 6));
    close(trace(new CyclicLR(sgd2(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 3, mode: 'triangular2' }), 40).lr, (t) => 0.01 + (0.09 * tri(t, 3, 3)) / 2 ** Math.floor(t / 6));
    close(trace(new CyclicLR(sgd2(), { baseLr: 0.01, maxLr: 0.1, stepSizeUp: 5, mode: 'exp_range', gamma: 0.95 }), 40).lr, (t) => 0.01 + 0.09 * tri(t, 5, 5) * 0.95 ** t);
    const custom = trace(new CyclicLR(sgd2(), { baseLr: 0, maxLr: 1, stepSizeUp: 2, scaleFn: (x) => 1 / (1 + x), scaleMode: 'iterations' }), 10).lr;
    close(custom, (t) => tri(t, 2, 2) / (1 + t));
  });
  it('CyclicLR cycles betas[0] of Adam and momentum of SGD inversely to the lr', () => {
    const opt = new Adam([w()], { betas: [0.5, 0.99] });
    const s = new CyclicLR(opt, { baseLr: 0.1, maxLr: 0.2, stepSizeUp: 2 });
    expect(opt.paramGroups[0]!.betas).toEqual([0.9, 0.99]);
    s.step();
    s.step();
    expect(opt.paramGroups[0]!.betas[0]).toBeCloseTo(0.8, 15);
    expect(s.getLastLr()[0]).toBeCloseTo(0.2, 15);
    expect(opt.paramGroups[0]!.betas[1]).toBe(0.99);
  });
  it('ConstantLR, PolynomialLR and a chain of both', () => {
    close(trace(new ConstantLR(sgd2(), { factor: 0.5, totalIters: 3 }), 10).lr, (t, i) => [0.1, 0.05][i]! * (t < 3 ? 0.5 : 1));
    close(trace(new ConstantLR(sgd2(), { factor: 0, totalIters: 2 }), 5).lr, (t, i) => [0.1, 0.05][i]! * (t < 2 ? 0 : 1));
    close(trace(new PolynomialLR(sgd2(), { totalIters: 4, power: 1.5 }), 10).lr, (t, i) => [0.1, 0.05][i]! * (1 - Math.min(t, 4) / 4) ** 1.5);
    const o = sgd2();
    const chain = new ChainedScheduler([new ConstantLR(o, { factor: 0.5, totalIters: 3 }), new PolynomialLR(o, { totalIters: 8 })]);
    close(trace(chain, 10).lr, (t, i) => [0.1, 0.05][i]! * (t < 3 ? 0.5 : 1) * (1 - Math.min(t, 8) / 8));
  });
  it('SWALR anneals from the current lr to swaLr and holds it', () => {
    const cos = (t: number) => (1 - Math.cos(Math.PI * Math.min(1, t / 4))) / 2;
    close(trace(new SWALR(sgd2(), { swaLr: [0.01, 0.02], annealEpochs: 4 }), 8).lr, (t, i) => [0.01, 0.02][i]! * cos(t) + [0.1, 0.05][i]! * (1 - cos(t)));
  });
});

describe('wave-2 schedulers: bad inputs name the value and change nothing', () => {
  const bad = (fn: () => unknown, msg: string) => expect(fn).toThrow(expect.objectContaining({ constructor: ValueError, message: msg }));
  it.each([
    ['CyclicLR', (o: SGD) => new CyclicLR(o, { baseLr: 0.1, maxLr: -1 }), 'CyclicLR: invalid maxLr: -1 (expected a finite number >= 0)'],
    ['CyclicLR', (o: SGD) => new CyclicLR(o, { baseLr: [0.1], maxLr: 1 }), 'CyclicLR: expected 2 values of baseLr (one per param group), got 1'],
    ['CyclicLR', (o: SGD) => new CyclicLR(o, { baseLr: 0.1, maxLr: 1, mode: 'cosine' as never }), 'CyclicLR: mode must be one of triangular, triangular2, exp_range (or pass scaleFn), got the string "cosine"'],
    ['CyclicLR', (o: SGD) => new CyclicLR(o, { baseLr: 0.1, maxLr: 1, stepSizeUp: 0 }), 'CyclicLR: invalid stepSizeUp: 0 (expected a finite number > 0)'],
    ['ConstantLR', (o: SGD) => new ConstantLR(o, { factor: 1.5 }), 'ConstantLR: factor must be in [0, 1] (a constant multiplicative factor), got 1.5'],
    ['ConstantLR', (o: SGD) => new ConstantLR(o, { factor: '0.5' as never }), 'ConstantLR: factor must be in [0, 1] (a constant multiplicative factor), got the string "0.5"'],
    ['SWALR', (o: SGD) => new SWALR(o, { swaLr: 0.1, annealEpochs: '5' as never }), 'SWALR: annealEpochs must be an integer >= 0, got the string "5"'],
    ['CyclicLR', (o: SGD) => new CyclicLR(o, { baseLr: '0.1' as never, maxLr: 1 }), 'CyclicLR: invalid baseLr: the string "0.1" (expected a finite number >= 0)'],
    ['PolynomialLR', (o: SGD) => new PolynomialLR(o, { totalIters: 0 }), 'PolynomialLR: totalIters must be a positive integer, got 0'],
    ['PolynomialLR', (o: SGD) => new PolynomialLR(o, { power: -1 }), 'PolynomialLR: invalid power: -1 (expected a finite number >= 0)'],
    ['SWALR', (o: SGD) => new SWALR(o, { swaLr: 0.1, annealEpochs: -1 }), 'SWALR: annealEpochs must be an integer >= 0, got -1'],
    ['SWALR', (o: SGD) => new SWALR(o, { swaLr: 0.1, annealStrategy: 'exp' as never }), `SWALR: annealStrategy must be 'cos' or 'linear', got the string "exp"`],
    ['SWALR', (o: SGD) => new SWALR(o, {} as never), 'SWALR: invalid swaLr: undefined (expected a finite number >= 0)'],
  ])('%s: %s', (_name, make, msg) => {
    const o = sgd2();
    const before = JSON.stringify(o.paramGroups.map(({ params: _p, ...h }) => h));
    bad(() => make(o), msg);
    expect(JSON.stringify(o.paramGroups.map(({ params: _p, ...h }) => h))).toBe(before);
  });
  it('CyclicLR needs momentum to cycle; ChainedScheduler needs schedulers of one optimizer', () => {
    bad(() => new CyclicLR(new Adagrad([w()]), { baseLr: 0.1, maxLr: 1 }), 'CyclicLR: optimizer Adagrad has neither momentum nor betas; pass cycleMomentum: false');
    const o = sgd2();
    bad(() => new ChainedScheduler([]), 'ChainedScheduler: expected a non-empty array of schedulers, got an array of length 0');
    bad(() => new ChainedScheduler([new StepLR(o, { stepSize: 2 }), new StepLR(sgd2(), { stepSize: 2 })]), 'ChainedScheduler: schedulers[1] was built on a different optimizer than schedulers[0]');
    bad(() => new ChainedScheduler([new ReduceLROnPlateau(o) as never]), 'ChainedScheduler: schedulers[0] is not an LRScheduler (ReduceLROnPlateau cannot be chained): got an object (ReduceLROnPlateau)');
  });
});
