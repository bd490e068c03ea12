/**
 * An MLP classifier for the two moons: 2-16-16-1 with ReLU, trained full-batch by Adam on binary
 * cross-entropy of the logits. Pure functions; main.ts prints and plots.
 */
import { Generator, noGrad, tensor, type Tensor } from '@nabla/autograd';
import { Linear, ReLU, Sequential } from '@nabla/nn';
import { bceWithLogits } from '@nabla/nn/functional';
import { Adam } from '@nabla/optim';
import type { Grid } from '../lib/plot.js';
import type { StepReporter } from '../lib/progress.js';
import type { Moons } from './data.js';

/** Options of `trainMoons`. */
export interface MoonsOptions {
  seed?: number;
  /** Full-batch Adam steps (default 2000). */
  steps?: number;
  /** Adam's learning rate (default 0.01). */
  lr?: number;
  /** Record the loss every this many steps (default 50). */
  logEvery?: number;
  progress?: StepReporter;
}

/** A trained classifier and how it got there. */
export interface MoonsResult {
  model: Sequential;
  /** [step, loss] pairs. */
  losses: [number, number][];
  /** Steps actually taken (fewer than asked after Ctrl-C). */
  steps: number;
  trainAccuracy: number;
}

/** The 2-16-16-1 MLP; its output is a logit, sigmoid(logit) the probability of class 1. */
export function makeModel(seed: number): Sequential {
  const g = new Generator(seed);
  return new Sequential(new Linear(2, 16, { generator: g }), new ReLU(), new Linear(16, 16, { generator: g }), new ReLU(), new Linear(16, 1, { generator: g }));
}

/** Fraction of points whose logit has the sign of their label (logit > 0 means class 1). */
export function accuracy(model: Sequential, data: Moons): number {
  const logits = noGrad(() => model.forward(tensor(data.points)).data());
  return data.labels.filter((y, i) => (logits[i]! > 0 ? 1 : 0) === y).length / data.labels.length;
}

/**
 * Trains a fresh model on `data`.
 * @example (await trainMoons(makeMoons(), { steps: 300 })).trainAccuracy; // >= 0.95
 */
export async function trainMoons(data: Moons, opts: MoonsOptions = {}): Promise<MoonsResult> {
  const { seed = 0, steps = 2000, lr = 0.01, logEvery = 50, progress } = opts;
  const model = makeModel(seed);
  const X = tensor(data.points);
  const Y = tensor(data.labels.map((y) => [y]));
  const opt = new Adam(model.parameters(), { lr });
  const losses: [number, number][] = [];
  let step = 0;
  while (step < steps && !progress?.stopRequested) {
    step++;
    const loss = bceWithLogits(model.forward(X), Y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
    const value = loss.item();
    if (step % logEvery === 0 || step === steps || step === 1) losses.push([step, value]);
    await progress?.update(step, { loss: value });
  }
  return { model, losses, steps: step, trainAccuracy: accuracy(model, data) };
}

/** The model's class-1 probability on a size x size grid over the given ranges, for the decision-boundary plot. */
export function probabilityGrid(model: Sequential, xRange: [number, number], yRange: [number, number], size = 80): Grid {
  const at = (r: [number, number], k: number): number => r[0] + ((r[1] - r[0]) * k) / (size - 1);
  const points = Array.from({ length: size * size }, (_, n) => [at(xRange, n % size), at(yRange, Math.floor(n / size))]);
  const p = noGrad(() => model.forward(tensor(points)).sigmoid().data());
  const values = Array.from({ length: size }, (_, i) => Array.from(p.subarray(i * size, (i + 1) * size)));
  return { xRange, yRange, values };
}
