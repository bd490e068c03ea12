import { describe, expect, it } from 'vitest';
import { DTypeError, ValueError } from '../errors.js';
import { Generator, manualSeed } from '../random.js';
import { rand, randint, randn } from './random.js';

function moments(v: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]!;
  const mean = s / v.length;
  let q = 0;
  for (let i = 0; i < v.length; i++) q += (v[i]! - mean) ** 2;
  return { mean, variance: q / (v.length - 1) };
}

const N = 100_000;

describe('random creation', () => {
  it('is reproducible with a seeded generator and with manualSeed', () => {
    for (const f of [(o: object) => rand([4, 5], o), (o: object) => randn([4, 5], o), (o: object) => randint(-3, 9, [4, 5], o)]) {
      const a = f({ generator: new Generator(123) }).data();
      const b = f({ generator: new Generator(123) }).data();
      const c = f({ generator: new Generator(124) }).data();
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(Array.from(a)).not.toEqual(Array.from(c));
      manualSeed(7);
      const d = f({}).data();
      const e = f({}).data(); // the global generator advances
      manualSeed(7);
      expect(Array.from(f({}).data())).toEqual(Array.from(d));
      expect(Array.from(d)).not.toEqual(Array.from(e));
    }
  });

  it('draws one value per element from the generator, in row-major order', () => {
    const g = new Generator(5);
    const want = Array.from({ length: 6 }, () => g.uniform());
    expect(Array.from(rand([2, 3], { generator: new Generator(5), dtype: 'float64' }).data())).toEqual(want);
  });

  it('rand: uniform on [0, 1): mean 1/2, variance 1/12', () => {
    const v = rand([N], { generator: new Generator(1), dtype: 'float64' }).data();
    const { mean, variance } = moments(v);
    // Standard errors: sqrt(1/12 / N) ~ 9e-4 for the mean; 5 sigma bounds.
    expect(Math.abs(mean - 0.5)).toBeLessThan(5 * Math.sqrt(1 / 12 / N));
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(5 * Math.sqrt(1 / 180 / N));
    expect(Math.min(...v)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...v)).toBeLessThan(1);
    expect(rand([3, 2]).dtype).toBe('float32');
  });

  it('randn: mean 0, variance 1 and a normal tail over 1e5 samples', () => {
    const x = randn([N], { generator: new Generator(2) });
    expect(x.dtype).toBe('float32');
    const v = x.data();
    const { mean, variance } = moments(v);
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(5 * Math.sqrt(2 / N));
    // P(|z| > 2) = 0.0455 for a standard normal.
    const tail = Array.from(v).filter((z) => Math.abs(z) > 2).length / N;
    expect(Math.abs(tail - 0.0455)).toBeLessThan(0.004);
  });

  it('randint: int32 in [low, high), every value about equally often', () => {
    const x = randint(-2, 3, [N], { generator: new Generator(3) });
    expect(x.dtype).toBe('int32');
    const counts = new Map<number, number>();
    for (const v of x.data()) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2]);
    for (const c of counts.values()) expect(Math.abs(c / N - 0.2)).toBeLessThan(0.01);
    expect(randint(0, 4, [2], { dtype: 'float64' }).dtype).toBe('float64');
  });

  it('supports empty and 0-d shapes and requiresGrad on floats', () => {
    expect(randn([0, 3]).shape).toEqual([0, 3]);
    expect(rand([]).shape).toEqual([]);
    expect(randn([2], { dtype: 'float64', requiresGrad: true }).requiresGrad).toBe(true);
  });

  it('rejects bad shapes, bounds, dtypes and generators', () => {
    expect(() => randn([2, -3])).toThrow(ValueError);
    expect(() => randn([2, -3])).toThrow(/randn: dimension 1 of shape \[2,-3\] is -3; dimensions must be non-negative integers/);
    expect(() => rand([Number.NaN])).toThrow(/rand: dimension 0 of shape \[NaN\] is NaN/);
    expect(() => rand([1.5])).toThrow(/dimension 0/);
    expect(() => rand([Infinity])).toThrow(/dimension 0 of shape \[Infinity\]/);
    expect(() => randint(0, 10, [2, -1])).toThrow(/randint: dimension 1/);
    expect(() => randint(5, 5, [2])).toThrow(/randint: low \(5\) must be less than high \(5\)/);
    expect(() => randint(0.5, 5, [2])).toThrow(/randint: low must be an integer, got number 0.5/);
    expect(() => randn([2], { dtype: 'int32' })).toThrow(DTypeError);
    expect(() => randint(0, 2, [2], { requiresGrad: true })).toThrow(/int32 tensors cannot require grad/);
    expect(() => rand([2], { generator: 42 as unknown as Generator })).toThrow(/rand: generator must be a Generator, got number 42/);
  });
});
