import { execFileSync } from 'node:child_process';
import { Generator, grad, randn, stack, tensor } from '@nabla/autograd';
import { gradcheck } from '@nabla/autograd/testing';
import { describe, expect, it } from 'vitest';
import { loadDigits, splitDigits } from '../lib/digits.js';
import { NON_PRIVATE, QUICK, clipRows, dpsgdStep, perSampleGrads, toTensors, train } from './dpsgd.js';
import { PARAMETER_COUNT, initParams, logits, loss } from './mlp.js';

const split = splitDigits(loadDigits());
const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

describe('per-example gradients by vmap(grad(loss))', () => {
  const data = toTensors(split.train, 'float64');
  const x = data.x.narrow(0, 0, 12);
  const y = data.y.narrow(0, 0, 12);
  const theta = initParams(3, 'float64');

  it('equal a loop of grad over the examples to 1e-10 (float64), and their mean is the batched gradient', () => {
    const rows = perSampleGrads(theta, x, y);
    expect(rows.shape).toEqual([12, PARAMETER_COUNT]);
    const loop = stack(Array.from({ length: 12 }, (_, i) => grad(loss)(theta, x.select(0, i), y.select(0, i))));
    expect(maxAbsDiff(rows.data(), loop.data())).toBeLessThan(1e-10);
    // The batch loss is the mean of the per-example losses, so its gradient is the mean of the rows.
    expect(maxAbsDiff(rows.mean(0).data(), grad(loss)(theta, x, y).data())).toBeLessThan(1e-10);
    // Different examples really do give different gradients (the rows are not one broadcast vector).
    expect(maxAbsDiff(rows.select(0, 0).data(), rows.select(0, 1).data())).toBeGreaterThan(1e-3);
  });

  it("one example's gradient passes gradcheck (float64 central differences)", () => {
    expect(gradcheck((t) => loss(t, x.select(0, 5), y.select(0, 5)), [theta])).toBe(true);
  });

  it('the MLP maps one image to 10 logits and a batch to [N, 10]', () => {
    expect(logits(theta, x.select(0, 0)).shape).toEqual([10]);
    expect(logits(theta, x).shape).toEqual([12, 10]);
  });
});

describe('DP-SGD step', () => {
  const data = toTensors(split.train, 'float64');
  const x = data.x.narrow(0, 100, 16);
  const y = data.y.narrow(0, 100, 16);
  const theta = initParams(0, 'float64');

  it('clipRows scales rows longer than C onto the sphere of radius C and leaves shorter ones alone', () => {
    const g = tensor([[3, 4], [0.3, 0.4], [0, 0]], { dtype: 'float64' });
    expect(clipRows(g, 1).toArray()).toEqual([[0.6, 0.8], [0.3, 0.4], [0, 0]]);
    expect(clipRows(g, Infinity).toArray()).toEqual(g.toArray());
  });

  it('without clipping or noise it is the plain SGD step on the batch gradient', () => {
    const r = dpsgdStep(theta, x, y, { ...NON_PRIVATE, lr: 0.3 }, new Generator(0));
    const expected = theta.sub(grad(loss)(theta, x, y).mul(0.3));
    expect(maxAbsDiff(r.theta.data(), expected.data())).toBeLessThan(1e-12);
    expect(r.clippedFraction).toBe(0);
    expect(r.theta.requiresGrad).toBe(false); // no graph chains one step to the next
  });

  it('adds exactly sigma C z / N to the mean clipped gradient, z drawn from the seeded generator', () => {
    const cfg = { lr: 1, clip: 0.5, noiseMultiplier: 1.3 };
    const r = dpsgdStep(theta, x, y, cfg, new Generator(7));
    const clipped = clipRows(perSampleGrads(theta, x, y), cfg.clip);
    const z = randn([PARAMETER_COUNT], { generator: new Generator(7), dtype: 'float64' });
    const expected = theta.sub(clipped.sum(0).add(z.mul(1.3 * 0.5)).div(16));
    expect(maxAbsDiff(r.theta.data(), expected.data())).toBeLessThan(1e-12);
    // At initialisation every example's gradient is longer than 0.5, so every one is clipped.
    expect(r.clippedFraction).toBe(1);
    expect(r.meanNorm).toBeGreaterThan(0.5);
  });
});

describe('per-sample-grads example, quick mode', () => {
  it('DP-SGD learns the digits: >= 80 % test accuracy after 4 epochs (guessing gives 10 %)', async () => {
    const { curve } = await train(toTensors(split.train), toTensors(split.test), QUICK);
    expect(curve).toHaveLength(QUICK.epochs);
    expect(curve.at(-1)!.testAccuracy).toBeGreaterThanOrEqual(0.8);
    expect(curve[0]!.clippedFraction).toBeGreaterThan(0.5); // the clipping is doing work
  });

  it('main.ts --quick --steps 1 trains both models one epoch and prints both accuracies', () => {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', '--conditions=@nabla/source', 'main.ts', '--quick', '--steps', '1'], { cwd: import.meta.dirname, encoding: 'utf8' });
    const [, dp, plain] = /Test accuracy: DP-SGD ([\d.]+) %, non-private ([\d.]+) %/.exec(stdout) ?? [];
    expect(Number(dp)).toBeGreaterThan(30);
    expect(Number(plain)).toBeGreaterThan(30);
    expect(stdout).toMatch(/per-example gradients of a batch of 128: [\d.]+ ms/);
  });
});
