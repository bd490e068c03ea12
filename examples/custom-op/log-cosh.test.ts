import { tensor } from '@nabla/autograd';
import { gradcheck, gradgradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { TRUE_INTERCEPT, TRUE_SLOPE, fitLine, logCosh, makeLineData, naiveLogCosh } from './log-cosh.js';

describe('logCosh custom op', () => {
  it('matches log(cosh x) where that is representable, and x - log 2 far out', () => {
    const xs = [-20, -3, -0.5, 0, 1e-8, 0.25, 2, 15];
    const y = logCosh(tensor(xs, { dtype: 'float64' })).data();
    xs.forEach((v, i) => expect(y[i]).toBeCloseTo(Math.log(Math.cosh(v)), 13));
    expect(Array.from(logCosh(tensor([-1e6, 1000], { dtype: 'float64' })).data())).toEqual([1e6 - Math.LN2, 1000 - Math.LN2]);
  });

  it('passes gradcheck and gradgradcheck through its own rule, including large |x|', () => {
    const x = tensor([-40, -2.5, -0.3, 0, 0.7, 4, 35], { dtype: 'float64' });
    expect(gradcheck(logCosh, [x])).toBe(true);
    expect(gradgradcheck(logCosh, [x])).toBe(true);
  });

  it('stays finite where the textbook formula overflows (float32), with gradient tanh x', () => {
    const x = tensor([-100, 100, 1000], { requiresGrad: true });
    const stable = logCosh(x);
    stable.sum().backward();
    expect(Array.from(stable.data()).every(Number.isFinite)).toBe(true);
    expect(Array.from(x.grad!.data())).toEqual([-1, 1, 1]);
    const z = tensor([100], { requiresGrad: true });
    const naive = naiveLogCosh(z);
    naive.sum().backward();
    expect(naive.item()).toBe(Infinity);
    expect(z.grad!.item()).toBeNaN();
  });

  it('fits the line through 10% gross outliers where MSE is dragged away and the naive form gives NaN (quick mode)', () => {
    const data = makeLineData({ seed: 0 });
    const robust = fitLine(data, 'logCosh', { steps: 200, learningRate: 0.5 });
    expect(Math.abs(robust.slope - TRUE_SLOPE)).toBeLessThan(0.05);
    expect(Math.abs(robust.intercept - TRUE_INTERCEPT)).toBeLessThan(0.2);
    const mse = fitLine(data, 'mse', { steps: 200, learningRate: 0.1 });
    expect(mse.intercept - TRUE_INTERCEPT).toBeGreaterThan(10);
    expect(fitLine(data, 'naiveLogCosh', { steps: 5 }).slope).toBeNaN();
  });
});
