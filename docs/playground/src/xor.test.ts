import { describe, expect, it } from 'vitest';
import { XOR_INPUTS, XorRun, grid } from './xor.js';

describe('XorRun (Tensor engine, @nabla/nn + @nabla/optim)', () => {
  it('the 2-4-1 MLP learns XOR: 100% accuracy and a falling loss', () => {
    const run = new XorRun({ kind: 'mlp', lr: 1, seed: 0 });
    run.train(1000);
    expect(run.accuracy()).toBe(1);
    expect(run.losses).toHaveLength(1000);
    expect(run.losses.at(-1) as number).toBeLessThan(0.01);
    expect(run.losses.at(-1) as number).toBeLessThan((run.losses[0] as number) / 10);
    const p = run.predict(XOR_INPUTS);
    expect([...p].map((v) => Math.round(v))).toEqual([0, 1, 1, 0]);
  });

  it('a single layer cannot: at most 75% (no line separates XOR), loss stuck near 0.25', () => {
    const run = new XorRun({ kind: 'single', lr: 0.5, seed: 0 });
    run.train(1000);
    expect(run.accuracy()).toBeLessThanOrEqual(0.75);
    expect(run.losses.at(-1) as number).toBeGreaterThan(0.24);
  });

  it('is deterministic for a seed', () => {
    const a = new XorRun({ kind: 'mlp', lr: 1, seed: 3 });
    const b = new XorRun({ kind: 'mlp', lr: 1, seed: 3 });
    a.train(20);
    b.train(20);
    expect(a.losses).toEqual(b.losses);
  });
});

describe('grid', () => {
  it('covers the square row by row from the top, at cell centres', () => {
    expect(grid(2, 0, 1)).toEqual([
      [0.25, 0.75],
      [0.75, 0.75],
      [0.25, 0.25],
      [0.75, 0.25],
    ]);
  });
});
