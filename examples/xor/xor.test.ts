import { describe, expect, it } from 'vitest';
import { XOR_TARGETS, accuracy, trainMlp, trainSingleLayer } from './scalar.js';

describe('XOR on the scalar engine', () => {
  it('the 2-4-1 MLP reaches 100% accuracy with seed 0 and a low loss', () => {
    const r = trainMlp({ seed: 0 });
    expect(r.accuracy).toBe(1);
    expect(r.finalLoss).toBeLessThan(0.01);
    expect(r.losses.at(-1)![1]).toBeLessThan(r.losses[0]![1]); // it learned: the loss fell
  });

  it.each([1, 2, 3])('the MLP also reaches full accuracy with seed %i', (seed) => {
    expect(trainMlp({ seed }).accuracy).toBe(1);
  });

  it.each([
    [0, 0.1],
    [1, 0.1],
    [0, 1],
    [2, 1],
  ])('the single layer (seed %i, learning rate %s) gets at least one point wrong and stays near loss 0.25', (seed, learningRate) => {
    const r = trainSingleLayer({ seed, learningRate });
    expect(r.accuracy).toBeLessThanOrEqual(0.75);
    expect(r.finalLoss).toBeGreaterThan(0.24);
    expect(r.predictions.every((p) => Math.abs(p - 0.5) < 0.05)).toBe(true);
  });

  it('is deterministic for a seed and logs the loss every logEvery steps and at the end', () => {
    const a = trainMlp({ seed: 4, iterations: 250, logEvery: 100 });
    expect(trainMlp({ seed: 4, iterations: 250, logEvery: 100 })).toEqual(a);
    expect(a.losses.map(([step]) => step)).toEqual([100, 200, 250]);
  });

  it('scores accuracy by the side of 0.5 each prediction falls on', () => {
    expect(accuracy([0.1, 0.9, 0.6, 0.4], XOR_TARGETS)).toBe(1);
    expect(accuracy([0.5, 0.5, 0.5, 0.5], XOR_TARGETS)).toBe(0.5);
    expect(accuracy([0.9, 0.1, 0.1, 0.9], XOR_TARGETS)).toBe(0);
  });
});
