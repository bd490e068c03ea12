import { grad, tensor, type Tensor } from '@nabla/autograd';
import { describe, expect, it } from 'vitest';
import { conjugateGradient, gdStep, lossCurve, lossFn, makeDataset, newtonStep, safeLearningRate, solve, stepsToReach } from './logistic.js';

const data = makeDataset();
const loss = lossFn(data);
const lr = safeLearningRate(data);

/** The optimum by Newton run to convergence, certified independently by a vanishing gradient. */
function optimum(): number {
  let theta = tensor([0, 0, 0], { dtype: 'float64' });
  for (let i = 0; i < 30; i++) theta = newtonStep(loss, theta);
  expect(grad(loss)(theta).abs().max().item()).toBeLessThan(1e-12);
  return loss(theta).item();
}

describe('Newton vs gradient descent on logistic regression', () => {
  const best = optimum();

  it('Newton (hessian and hvp + CG) gets within 1e-6 of the optimum in <= 10 steps; gradient descent does not', () => {
    for (const method of ['hessian', 'cg'] as const) {
      const curve = lossCurve(loss, (t) => newtonStep(loss, t, method), 10);
      const n = stepsToReach(curve, best);
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThanOrEqual(10);
    }
    const gd = lossCurve(loss, (t) => gdStep(loss, t, lr), 10);
    expect(stepsToReach(gd, best)).toBe(-1);
    expect(gd[10]! - best).toBeGreaterThan(1e-2);
  });

  it('gradient descent with its best fixed step needs hundreds of steps (quick mode: 400)', () => {
    const gd = lossCurve(loss, (t) => gdStep(loss, t, lr), 400);
    const n = stepsToReach(gd, best);
    expect(n).toBeGreaterThan(100);
    expect(n).toBeLessThanOrEqual(400);
    // Descent is monotone with the safe step.
    gd.slice(1).forEach((l, i) => expect(l).toBeLessThanOrEqual(gd[i]!));
  });

  it('the helpers are right: solve, conjugate gradient and the Hessian-based step agree', () => {
    const A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]];
    const x = solve(A, [1, 2, 3]);
    A.forEach((row, i) => expect(row.reduce((s, a, k) => s + a * x[k]!, 0)).toBeCloseTo([1, 2, 3][i]!, 12));
    const At = tensor(A, { dtype: 'float64' });
    const d = conjugateGradient((v: Tensor) => At.matmul(v), tensor([1, 2, 3], { dtype: 'float64' }));
    Array.from(d.data()).forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 12));
    const theta = tensor([0.3, -0.2, 0.1], { dtype: 'float64' });
    const a = newtonStep(loss, theta, 'hessian').data();
    newtonStep(loss, theta, 'cg').data().forEach((v, i) => expect(v).toBeCloseTo(a[i]!, 10));
  });

  it('is deterministic for a seed', () => {
    expect(Array.from(makeDataset({ seed: 3 }).y.data())).toEqual(Array.from(makeDataset({ seed: 3 }).y.data()));
  });
});
