import { describe, expect, it } from 'vitest';
import { trainTensorMlp, trainTensorSingleLayer } from './tensor.js';

describe('XOR on the Tensor engine', () => {
  it.each([0, 1, 2])('the 2-4-1 MLP (Adam) reaches full accuracy with seed %i', (seed) => {
    const r = trainTensorMlp({ seed });
    expect(r.accuracy).toBe(1);
    expect(r.finalLoss).toBeLessThan(0.01);
    expect(r.losses.at(-1)![1]).toBeLessThan(r.losses[0]![1]);
  });

  it.each([0, 1, 2])('the single layer (SGD) stays at or below 75 percent with seed %i, stuck near loss 0.25', (seed) => {
    const r = trainTensorSingleLayer({ seed });
    expect(r.accuracy).toBeLessThanOrEqual(0.75);
    expect(r.finalLoss).toBeGreaterThan(0.24);
  });

  it('agrees with the scalar engine on the single layer: predictions all near 0.5', () => {
    const r = trainTensorSingleLayer({ seed: 0, iterations: 2000 });
    expect(r.predictions.every((p) => Math.abs(p - 0.5) < 0.05)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    expect(trainTensorMlp({ seed: 5, iterations: 50 })).toEqual(trainTensorMlp({ seed: 5, iterations: 50 }));
  });
});
