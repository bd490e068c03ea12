import { DTypeError, Generator, GraphError, ValueError, manualSeed, tensor, zeros } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import * as init from './init.js';
import { Parameter } from './parameter.js';

const stats = (t: { data(): ArrayLike<number> }): { mean: number; variance: number; min: number; max: number } => {
  const d = Array.from(t.data());
  const mean = d.reduce((a, b) => a + b, 0) / d.length;
  const variance = d.reduce((a, b) => a + (b - mean) ** 2, 0) / d.length;
  return { mean, variance, min: Math.min(...d), max: Math.max(...d) };
};
const g = (seed: number) => ({ generator: new Generator(seed) });

describe('calculateGain and fans', () => {
  it.each([
    ['linear', undefined, 1],
    ['conv2d', undefined, 1],
    ['sigmoid', undefined, 1],
    ['tanh', undefined, 5 / 3],
    ['relu', undefined, Math.SQRT2],
    ['leakyRelu', undefined, Math.sqrt(2 / (1 + 0.01 ** 2))],
    ['leakyRelu', Math.sqrt(5), Math.sqrt(1 / 3)],
    ['selu', undefined, 0.75],
  ] as const)('gain(%s, %s) = %f', (nl, param, want) => {
    expect(init.calculateGain(nl, param)).toBeCloseTo(want, 12);
  });

  it('computes fan in/out with the receptive field, as PyTorch', () => {
    expect(init.calculateFanInAndFanOut(zeros([5, 3]))).toEqual([3, 5]);
    expect(init.calculateFanInAndFanOut(zeros([16, 8, 3, 3]))).toEqual([72, 144]);
    expect(() => init.calculateFanInAndFanOut(zeros([4]))).toThrow(/at least 2 dims, got shape \[4\]/);
    expect(() => init.calculateGain('swish' as 'relu')).toThrow(/unsupported nonlinearity the string "swish"/);
  });
});

describe('initialiser statistics over large samples match the formulas', () => {
  // A sample variance of n = 40000 draws has relative standard error sqrt(2/n) ~ 0.7% (normal) or less
  // (uniform); 5% tolerance is far outside chance yet catches any wrong factor (sqrt 2, sqrt 3, gain).
  const close = (got: number, want: number) => expect(Math.abs(got / want - 1)).toBeLessThan(0.05);

  it('uniform(a, b): mean (a+b)/2, variance (b-a)^2/12, bounds respected', () => {
    const s = stats(init.uniform(zeros([40000]), { a: -2, b: 6, ...g(1) }));
    expect(Math.abs(s.mean - 2)).toBeLessThan(0.05);
    close(s.variance, 64 / 12);
    expect(s.min).toBeGreaterThanOrEqual(-2);
    expect(s.max).toBeLessThan(6);
  });

  it('normal(mean, std)', () => {
    const s = stats(init.normal(zeros([40000], { dtype: 'float64' }), { mean: 3, std: 0.5, ...g(2) }));
    expect(Math.abs(s.mean - 3)).toBeLessThan(0.02);
    close(s.variance, 0.25);
  });

  it('xavierUniform and xavierNormal: variance gain^2 * 2 / (fanIn + fanOut)', () => {
    const w = zeros([200, 300]);
    close(stats(init.xavierUniform(w, { gain: 2, ...g(3) })).variance, (4 * 2) / 500);
    expect(stats(w).max).toBeLessThanOrEqual(2 * Math.sqrt(6 / 500));
    close(stats(init.xavierNormal(zeros([200, 300]), g(4))).variance, 2 / 500);
  });

  it('kaimingUniform (PyTorch Linear default a = sqrt 5) is U(-1/sqrt(fanIn), 1/sqrt(fanIn))', () => {
    const w = init.kaimingUniform(zeros([400, 100]), { a: Math.sqrt(5), ...g(5) });
    const s = stats(w);
    expect(s.max).toBeLessThanOrEqual(0.1);
    expect(s.min).toBeGreaterThanOrEqual(-0.1);
    close(s.variance, 0.01 / 3);
  });

  it('kaimingNormal: variance gain^2 / fan for fanIn and fanOut over conv weights', () => {
    close(stats(init.kaimingNormal(zeros([64, 32, 3, 3]), { nonlinearity: 'relu', ...g(6) })).variance, 2 / (32 * 9));
    close(stats(init.kaimingNormal(zeros([64, 32, 3, 3]), { nonlinearity: 'relu', mode: 'fanOut', ...g(7) })).variance, 2 / (64 * 9));
    close(stats(init.kaimingUniform(zeros([64, 32, 3, 3]), { nonlinearity: 'tanh', ...g(8) })).variance, (25 / 9) / (32 * 9));
  });

  it('constant, zeros and ones fill exactly (int32 too)', () => {
    expect(Array.from(init.constant(zeros([3]), 2.5).data())).toEqual([2.5, 2.5, 2.5]);
    expect(Array.from(init.ones(zeros([2], { dtype: 'int32' })).data())).toEqual([1, 1]);
    expect(Array.from(init.zeros(tensor([1, 2])).data())).toEqual([0, 0]);
  });
});

describe('orthogonal', () => {
  const gram = (rows: number, cols: number, d: ArrayLike<number>, byRows: boolean): number[][] => {
    const n = byRows ? rows : cols;
    const m = byRows ? cols : rows;
    const at = (i: number, k: number) => (byRows ? d[i * cols + k]! : d[k * cols + i]!);
    return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => {
      let s = 0;
      for (let k = 0; k < m; k++) s += at(i, k) * at(j, k);
      return s;
    }));
  };
  const expectIdentity = (a: number[][], scale: number) =>
    a.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? scale : 0, 10)));

  it('gives orthonormal rows for wide and orthonormal columns for tall matrices, times gain^2', () => {
    const wide = init.orthogonal(zeros([4, 7], { dtype: 'float64' }), { gain: 2, ...g(9) });
    expectIdentity(gram(4, 7, wide.data(), true), 4);
    const tall = init.orthogonal(zeros([6, 3], { dtype: 'float64' }), g(10));
    expectIdentity(gram(6, 3, tall.data(), false), 1);
    const conv = init.orthogonal(zeros([3, 2, 2, 2], { dtype: 'float64' }), g(11)); // viewed as [3, 8]
    expectIdentity(gram(3, 8, conv.data(), true), 1);
  });

  it('entries of a 64x64 orthogonal matrix have mean ~0 and mean square exactly 1/64', () => {
    const w = init.orthogonal(zeros([64, 64], { dtype: 'float64' }), g(12));
    expect(Math.abs(stats(w).mean)).toBeLessThan(0.01);
    const meanSquare = Array.from(w.data()).reduce((a, v) => a + v * v, 0) / 4096;
    expect(Math.abs(meanSquare * 64 - 1)).toBeLessThan(1e-9); // every row has norm 1
  });
});

describe('seeding and in-place writes', () => {
  it('the same generator seed gives the same weights; the global generator is used by default', () => {
    const a = init.kaimingUniform(zeros([5, 4]), g(42)).data();
    const b = init.kaimingUniform(zeros([5, 4]), g(42)).data();
    expect(a).toEqual(b);
    expect(init.kaimingUniform(zeros([5, 4]), g(43)).data()).not.toEqual(a);
    manualSeed(7);
    const c = init.normal(zeros([6])).data();
    manualSeed(7);
    expect(init.normal(zeros([6])).data()).toEqual(c);
  });

  it('writes into a Parameter in place (same object, storage version bumped) outside noGrad', () => {
    const p = new Parameter(zeros([3, 3]));
    const v = p._storage.version;
    expect(init.normal(p, g(1))).toBe(p);
    expect(p._storage.version).toBe(v + 1);
    expect(p.requiresGrad).toBe(true);
  });

  it('rejects bad inputs with the op and argument named', () => {
    expect(() => init.uniform([1, 2] as never)).toThrow(/init.uniform: tensor must be a Tensor, got an array of length 2/);
    expect(() => init.normal(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => init.uniform(zeros([2]), { a: 3, b: 1 })).toThrow(/need a <= b, got a=3, b=1/);
    expect(() => init.normal(zeros([2]), { std: -1 })).toThrow(/std must be >= 0/);
    expect(() => init.kaimingNormal(zeros([2, 2]), { mode: 'fan_in' as 'fanIn' })).toThrow(/mode must be 'fanIn' or 'fanOut'/);
    expect(() => init.xavierUniform(zeros([3]))).toThrow(/at least 2 dims/);
    expect(() => init.orthogonal(zeros([3]))).toThrow(/init.orthogonal: needs a tensor with at least 2 dims/);
    expect(() => init.normal(zeros([2]), { generator: 1 as never })).toThrow(/generator must be a Generator/);
    expect(() => init.constant(zeros([2]), Number.NaN)).toThrow(ValueError);
    const y = zeros([2], { requiresGrad: true }).mul(2);
    expect(() => init.zeros(y)).toThrow(GraphError); // non-leaf
  });
});
