import { DTypeError, Generator, ValueError, manualSeed, ones, randn, tensor, zeros, type Tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { dropout } from '../functional/dropout.js';
import { Flatten, GELU, LeakyReLU, ReLU, SiLU, Sigmoid, Softmax, Tanh } from './activation.js';
import { Dropout } from './dropout.js';

const close = (t: Tensor, want: number[]) => Array.from(t.data()).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 6));

describe('activation modules', () => {
  const x = tensor([-2, -0.5, 0, 1.5], { dtype: 'float64' });
  it.each([
    ['ReLU', new ReLU(), [0, 0, 0, 1.5]],
    ['LeakyReLU(0.1)', new LeakyReLU(0.1), [-0.2, -0.05, 0, 1.5]],
    ['LeakyReLU default', new LeakyReLU(), [-0.02, -0.005, 0, 1.5]],
    ['Sigmoid', new Sigmoid(), [-2, -0.5, 0, 1.5].map((v) => 1 / (1 + Math.exp(-v)))],
    ['Tanh', new Tanh(), [-2, -0.5, 0, 1.5].map(Math.tanh)],
    ['SiLU', new SiLU(), [-2, -0.5, 0, 1.5].map((v) => v / (1 + Math.exp(-v)))],
    // x * Phi(x) with Phi(-2) = 0.0227501319, Phi(-0.5) = 0.3085375387, Phi(1.5) = 0.9331927987
    ['GELU', new GELU(), [-2 * 0.0227501319, -0.5 * 0.3085375387, 0, 1.5 * 0.9331927987]],
  ] as const)('%s matches the closed form', (_, m, want) => {
    close(m.forward(x), [...want]);
  });

  it('GELU tanh approximation, Softmax along an axis, Flatten ranges', () => {
    const v = 1.5;
    const approx = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v ** 3)));
    close(new GELU({ approximate: 'tanh' }).forward(tensor([v], { dtype: 'float64' })), [approx]);
    const s = new Softmax({ axis: 0 }).forward(tensor([[0, 1], [0, 1]]));
    close(s, [0.5, 0.5, 0.5, 0.5]);
    expect(new Softmax(1).axis).toBe(1);
    expect(new Flatten().forward(zeros([2, 3, 4, 5])).shape).toEqual([2, 60]);
    expect(new Flatten(0, 1).forward(zeros([2, 3, 4])).shape).toEqual([6, 4]);
    expect(new Flatten({ startDim: 2 }).forward(zeros([2, 3, 4, 5])).shape).toEqual([2, 3, 20]);
  });

  it('pass gradcheck away from the kinks', () => {
    const x = randn([3, 4], { dtype: 'float64', generator: new Generator(1) });
    for (const m of [new LeakyReLU(0.2), new GELU(), new SiLU(), new Softmax(), new Tanh(), new Sigmoid()]) {
      expect(gradcheck((t) => m.forward(t!), [x])).toBe(true);
    }
  });

  it('reject bad options', () => {
    expect(() => new GELU({ approximate: 'fast' as 'tanh' })).toThrow(/GELU: approximate must be one of 'none', 'tanh'/);
    expect(() => new LeakyReLU(Number.NaN)).toThrow(/negativeSlope must be a finite number/);
    expect(() => new Flatten('1' as unknown as number)).toThrow(/Flatten: startDim must be an integer/);
    expect(() => new Softmax().forward(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});

describe('Dropout', () => {
  const x = ones([1000], { dtype: 'float64' });

  it('zeroes about p of the elements and scales the rest by 1 / (1 - p)', () => {
    const y = Array.from(new Dropout({ p: 0.3, generator: new Generator(0) }).forward(x).data());
    const kept = y.filter((v) => v !== 0);
    expect(kept.every((v) => Math.abs(v - 1 / 0.7) < 1e-12)).toBe(true);
    // 1000 Bernoulli(0.3) draws: the zero count has standard deviation ~14.5; 60 is four of them.
    expect(Math.abs(y.length - kept.length - 300)).toBeLessThan(60);
  });

  it('is reproducible with a seed (own generator or manualSeed) and the identity in eval mode', () => {
    const a = dropout(x, { p: 0.5, generator: new Generator(7) }).data();
    expect(dropout(x, { p: 0.5, generator: new Generator(7) }).data()).toEqual(a);
    manualSeed(11);
    const b = new Dropout(0.5).forward(x).data();
    manualSeed(11);
    expect(new Dropout(0.5).forward(x).data()).toEqual(b);
    const d = new Dropout(0.9);
    d.eval();
    expect(d.forward(x)).toBe(x);
    expect(dropout(x, { p: 0.5, training: false })).toBe(x);
    expect(new Dropout(0).forward(x)).toBe(x);
  });

  it('passes the gradient through the kept elements only, scaled', () => {
    const xs = randn([20], { dtype: 'float64', generator: new Generator(2) });
    expect(gradcheck((t) => dropout(t!, { p: 0.4, generator: new Generator(5) }), [xs])).toBe(true);
  });

  it('rejects p outside [0, 1) and non-float input', () => {
    for (const p of [-0.1, 1, 1.5, Number.NaN]) {
      expect(() => new Dropout(p)).toThrow(ValueError);
      expect(() => dropout(x, { p })).toThrow(/dropout: dropout probability p must be a number in \[0, 1\)/);
    }
    expect(() => new Dropout('0.5' as unknown as number)).toThrow(/Dropout: .*got the string "0.5"/);
    expect(() => dropout(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
  });
});
