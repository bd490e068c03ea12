import { describe, expect, it } from 'vitest';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { Generator, manualSeed } from '../random.js';
import { tensor } from './tensor.js';
import { full, zeros } from './fill.js';
import { bernoulli, emptyLike, fullLike, logspace, multinomial, normal, poisson, randLike, randnLike, randperm } from './sampling.js';

const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;
const variance = (v: ArrayLike<number>) => { const m = mean(v); return mean(Array.from(v, (x) => (x - m) ** 2)); };

describe('sampling', () => {
  it('bernoulli: frequency matches p; seeded runs repeat; bad p names the index and leaves p unchanged', () => {
    const p = full([20000], 0.3, { dtype: 'float64' });
    const a = bernoulli(p, { generator: new Generator(5) });
    expect(Math.abs(mean(a.data()) - 0.3)).toBeLessThan(4 * Math.sqrt(0.21 / 20000));
    expect(Array.from(bernoulli(p, { generator: new Generator(5) }).data())).toEqual(Array.from(a.data()));
    expect(Array.from(bernoulli(tensor([0, 1, 0, 1])).data())).toEqual([0, 1, 0, 1]);
    const bad = tensor([0.5, 1.5]);
    expect(() => bernoulli(bad)).toThrow(new ValueError('bernoulli: every probability must be in [0, 1], got 1.5 at flat index 1 (shape [2])'));
    expect(Array.from(bad.data())).toEqual([0.5, 1.5]);
  });

  it('multinomial without replacement is exact sequential sampling (first and second draws)', () => {
    const w = [1, 2, 3, 4];
    const rows = 20000;
    const probs = tensor(Array.from({ length: rows }, () => w), { dtype: 'float64' });
    const s = multinomial(probs, 2, { generator: new Generator(11) });
    expect(s.shape).toEqual([rows, 2]);
    const d = s.data();
    const first = [0, 0, 0, 0];
    const second = [0, 0, 0, 0];
    for (let r = 0; r < rows; r++) {
      expect(d[2 * r]).not.toBe(d[2 * r + 1]);
      first[d[2 * r]!]!++;
      second[d[2 * r + 1]!]!++;
    }
    // P(second = j) = sum_i w_i / 10 * w_j / (10 - w_i) over i != j
    const p2 = w.map((wj, j) => w.reduce((acc, wi, i) => acc + (i === j ? 0 : (wi / 10) * (wj / (10 - wi))), 0));
    first.forEach((c, i) => expect(Math.abs(c / rows - w[i]! / 10)).toBeLessThan(4 * Math.sqrt(0.25 / rows)));
    second.forEach((c, j) => expect(Math.abs(c / rows - p2[j]!)).toBeLessThan(4 * Math.sqrt(0.25 / rows)));
  });

  it('multinomial with replacement follows the weights; zero weights are never drawn', () => {
    manualSeed(3);
    const s = multinomial(tensor([0, 1, 3]), 20000, { replacement: true });
    const d = Array.from(s.data());
    expect(d.includes(0)).toBe(false);
    expect(Math.abs(d.filter((k) => k === 2).length / 20000 - 0.75)).toBeLessThan(0.015);
    manualSeed(3);
    expect(Array.from(multinomial(tensor([0, 1, 3]), 20000, { replacement: true }).data())).toEqual(d);
  });

  it('multinomial refuses impossible requests, naming the sizes', () => {
    expect(() => multinomial(tensor([1, 2]), 3)).toThrow(new ValueError('multinomial: cannot draw 3 samples without replacement from 2 categories (probs shape [2])'));
    expect(() => multinomial(tensor([1, 0, 0]), 2)).toThrow(/row 0 has only 1 nonzero weights; cannot draw 2 samples without replacement/);
    expect(() => multinomial(tensor([[0, 0]]), 1)).toThrow(/row 0 of probs \(shape \[1,2\]\) has no positive weight/);
    expect(() => multinomial(tensor([1, -1]), 1)).toThrow(/every weight must be finite and non-negative, got -1 at flat index 1/);
    expect(() => multinomial(zeros([2, 2, 2]), 1)).toThrow(ShapeError);
  });

  it('randperm is a seeded permutation with uniform positions', () => {
    const p = Array.from(randperm(10, { generator: new Generator(1) }).data());
    expect([...p].sort((a, b) => a - b)).toEqual([...Array(10).keys()]);
    expect(Array.from(randperm(10, { generator: new Generator(1) }).data())).toEqual(p);
    const g = new Generator(2);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) counts[randperm(4, { generator: g }).data()[0]!]!++;
    counts.forEach((c) => expect(Math.abs(c / 8000 - 0.25)).toBeLessThan(0.02));
    expect(() => randperm(-1)).toThrow(/randperm: n must be a non-negative integer, got number -1/);
  });

  it('normal: numbers with a shape, or broadcast tensors; std < 0 is an error', () => {
    const x = normal(3, 2, [20000], { generator: new Generator(4), dtype: 'float64' });
    expect(Math.abs(mean(x.data()) - 3)).toBeLessThan(0.06);
    expect(Math.abs(Math.sqrt(variance(x.data())) - 2)).toBeLessThan(0.05);
    const y = normal(tensor([[0], [100]], { dtype: 'float64' }), tensor([1, 1, 1]));
    expect([y.shape, y.dtype]).toEqual([[2, 3], 'float64']);
    expect(Math.min(...Array.from(y.data()).slice(3))).toBeGreaterThan(90);
    expect(() => normal(0, -1, [2])).toThrow(new ValueError('normal: std must be non-negative, got -1 at flat index 0 (shape [])'));
    expect(() => normal(tensor([0]), 1, [3])).toThrow(/shape may only be given with number mean and std/);
  });

  it('poisson: mean and variance equal the rate, below and above the algorithm switch', () => {
    for (const rate of [0.5, 3, 50]) {
      const x = poisson(full([20000], rate, { dtype: 'float64' }), { generator: new Generator(rate * 10) });
      expect(Array.from(x.data()).every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      expect(Math.abs(mean(x.data()) - rate)).toBeLessThan(5 * Math.sqrt(rate / 20000));
      expect(Math.abs(variance(x.data()) / rate - 1)).toBeLessThan(0.05);
    }
    expect(Array.from(poisson(tensor([0, 0])).data())).toEqual([0, 0]);
    expect(() => poisson(tensor([1, -2]))).toThrow(/poisson: every rate must be finite and non-negative, got -2 at flat index 1/);
    expect(() => poisson(tensor([1], { dtype: 'int32' }))).toThrow(DTypeError);
  });

  it('randLike / randnLike / fullLike / emptyLike follow the input; logspace matches base^linspace', () => {
    const x = zeros([2, 3], { dtype: 'float64' });
    for (const t of [randLike(x), randnLike(x), fullLike(x, 7), emptyLike(x)]) expect([t.shape, t.dtype]).toEqual([[2, 3], 'float64']);
    expect(Array.from(fullLike(x, 7).data())).toEqual([7, 7, 7, 7, 7, 7]);
    expect(Array.from(emptyLike(x).data())).toEqual([0, 0, 0, 0, 0, 0]);
    expect(Array.from(randLike(x, { generator: new Generator(9) }).data())).toEqual(Array.from(randLike(x, { generator: new Generator(9) }).data()));
    expect(() => randLike(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(Array.from(logspace(0, 3, 4, { dtype: 'float64' }).data())).toEqual([1, 10, 100, 1000]);
    expect(Array.from(logspace(1, 3, 3, { base: 2, dtype: 'float64' }).data())).toEqual([2, 4, 8]);
    expect(() => logspace(0, 1, -1)).toThrow(/logspace: the number of steps must be a non-negative integer/);
  });
});

describe('sampling methods', () => {
  it('x.bernoulli() and x.multinomial() match the functions for the same generator', () => {
    const p = tensor([0.2, 0.9, 0.5]);
    expect(Array.from(p.bernoulli({ generator: new Generator(3) }).data())).toEqual(Array.from(bernoulli(p, { generator: new Generator(3) }).data()));
    expect(Array.from(p.multinomial(2, { generator: new Generator(3) }).data())).toEqual(Array.from(multinomial(p, 2, { generator: new Generator(3) }).data()));
  });
});
