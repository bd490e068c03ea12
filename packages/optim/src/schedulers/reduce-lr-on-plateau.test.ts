import { describe, expect, it } from 'vitest';
import { ValueError, tensor } from '@nabla/autograd';
import { SGD } from '../sgd.js';
import { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';

const opt2 = () => new SGD([{ params: [tensor([1], { requiresGrad: true })], lr: 1 }, { params: [tensor([2], { requiresGrad: true })], lr: 0.5 }]);

/** The lr of group 0 after each metric. */
function run(metrics: number[], o: ReduceLROnPlateauOptions): number[] {
  const s = new ReduceLROnPlateau(opt2(), o);
  return metrics.map((m) => (s.step(m), s.getLastLr()[0]!));
}

describe('ReduceLROnPlateau', () => {
  it('reduces by factor after more than `patience` epochs without improvement (mode min)', () => {
    // bad epochs:         -   -   1   2   3→cut 0  1   2   3→cut
    const metrics = [10, 9, 9, 9, 9, 8.9, 8.9, 8.9, 8.9];
    expect(run(metrics, { patience: 2, factor: 0.5 })).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]);
  });

  it('waits `cooldown` epochs after a cut before counting again', () => {
    const flat = Array.from({ length: 12 }, () => 5);
    // patience 1: cut at epoch 3 (2 bad after the first); cooldown 2 swallows epochs 4-5; then 2 bad → cut at epoch 7...
    expect(run(flat, { patience: 1, cooldown: 2, factor: 0.5 })).toEqual([1, 1, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.125, 0.125]);
  });

  it('mode max and the relative and absolute thresholds', () => {
    // rel: 100 → 100.5 is a 0.5% gain, not above the 1% threshold.
    expect(run([100, 100.5, 100.9, 102], { mode: 'max', patience: 1, threshold: 0.01 })).toEqual([1, 1, 0.1, 0.1]);
    // abs: a gain of 0.5 is not above 1; 2 is.
    expect(run([100, 100.5, 102, 102.5, 102.9], { mode: 'max', patience: 1, threshold: 1, thresholdMode: 'abs' })).toEqual([1, 1, 1, 1, 0.1]);
    // min rel: 10 → 9.9999 is within 1e-4 relative, so not an improvement.
    expect(run([10, 9.9999, 9.9999], { patience: 1 })).toEqual([1, 1, 0.1]);
  });

  it('never goes below minLr (per group) and skips reductions smaller than eps', () => {
    const s = new ReduceLROnPlateau(opt2(), { patience: 0, minLr: [0.3, 0.01] });
    for (const m of [1, 1, 1, 1]) s.step(m);
    expect(s.getLastLr()).toEqual([0.3, 0.01]);
    const tiny = new SGD([tensor([1], { requiresGrad: true })], { lr: 1e-8 });
    const t = new ReduceLROnPlateau(tiny, { patience: 0 });
    t.step(1);
    t.step(1);
    expect(tiny.paramGroups[0]!.lr).toBe(1e-8); // 1e-8 − 1e-9 < eps = 1e-8
  });

  it('takes a one-element Tensor metric and treats NaN as no improvement', () => {
    expect(run([1, NaN, NaN], { patience: 1 })).toEqual([1, 1, 0.1]);
    const s = new ReduceLROnPlateau(opt2(), { patience: 0 });
    s.step(tensor(3));
    s.step(tensor([3]));
    expect(s.getLastLr()).toEqual([0.1, 0.05]);
  });

  it('rejects bad options', () => {
    const bad = (o: object, msg: string) => expect(() => new ReduceLROnPlateau(opt2(), o as never)).toThrow(expect.objectContaining({ constructor: ValueError, message: msg }));
    bad({ factor: 1 }, 'ReduceLROnPlateau: factor should be < 1.0 (and >= 0), got number 1');
    bad({ mode: 'avg' }, 'ReduceLROnPlateau: mode must be \'min\' or \'max\', got the string "avg"');
    bad({ thresholdMode: 'pct' }, 'ReduceLROnPlateau: thresholdMode must be \'rel\' or \'abs\', got the string "pct"');
    bad({ minLr: [0.1] }, 'ReduceLROnPlateau: expected 2 values of minLr (one per param group), got 1');
    bad({ patience: -1 }, 'ReduceLROnPlateau: invalid patience: -1 (expected a finite number >= 0)');
    expect(() => new ReduceLROnPlateau(opt2()).step('x' as never)).toThrow('ReduceLROnPlateau.step: metric must be a number or a one-element Tensor, got the string "x"');
  });
});
