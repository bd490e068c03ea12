/**
 * Runs every contender of zoo.ts on both tasks and draws the charts. Shared by main.ts and the test.
 */
import { zeros, type Tensor } from '@nabla/autograd';
import type { Optimizer } from '@nabla/optim';
import type { Digits } from '../lib/digits.js';
import { contourPlot, lineChart, sampleGrid, sideBySide, type Point, type Series } from '../lib/plot.js';
import { offsetSteps, type StepReporter } from '../lib/progress.js';
import { runDigits, type DigitsRun } from './digits.js';
import { MINIMUM, rosenbrock, runRosenbrock, type Trajectory } from './rosenbrock.js';
import { CONTENDERS } from './zoo.js';

/** One optimizer's outcome on one task, with the learning rate it used. */
export interface Entry<R> {
  name: string;
  lr: number;
  result: R;
}

/** The learning rate an optimizer factory sets, read from a throwaway instance. */
function lrOf(make: (params: Tensor[]) => Optimizer): number {
  return make([zeros([1], { requiresGrad: true })]).defaults.lr as number;
}

/** Every contender, `steps` steps each, on Rosenbrock from the standard start. */
export async function compareOnRosenbrock(steps: number, progress?: StepReporter): Promise<Entry<Trajectory>[]> {
  const out: Entry<Trajectory>[] = [];
  for (const [i, c] of CONTENDERS.entries()) {
    if (progress?.stopRequested) break;
    const result = await runRosenbrock(c.rosenbrock, steps, offsetSteps(progress, i * steps));
    out.push({ name: c.name, lr: lrOf(c.rosenbrock), result });
  }
  return out;
}

/** Every contender, `steps` minibatch steps each, on the digits MLP; same initial weights and batches. */
export async function compareOnDigits(steps: number, train: Digits, test: Digits, opts: { seed?: number; progress?: StepReporter } = {}): Promise<Entry<DigitsRun>[]> {
  const out: Entry<DigitsRun>[] = [];
  for (const [i, c] of CONTENDERS.entries()) {
    if (opts.progress?.stopRequested) break;
    const result = await runDigits(c.digits, train, test, { steps, seed: opts.seed, logEvery: Math.max(1, Math.floor(steps / 50)), progress: offsetSteps(opts.progress, i * steps) });
    out.push({ name: c.name, lr: lrOf(c.digits), result });
  }
  return out;
}

/** Keeps at most `max` points of a long path, evenly spaced, always with the first and last. */
export function thin(points: readonly Point[], max = 400): Point[] {
  if (points.length <= max) return [...points];
  const every = (points.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, k) => points[Math.round(k * every)]!);
}

/** Rosenbrock chart: the paths over the contour plot, and the loss curves on a log scale, side by side. */
export function rosenbrockChart(entries: readonly Entry<Trajectory>[]): string {
  const paths: Series[] = entries.map((e) => ({ name: e.name, points: thin(e.result.path) }));
  const grid = sampleGrid(rosenbrock, [-2, 2], [-1, 3], 150);
  const levels = [0.1, 0.5, 2, 5, 10, 25, 50, 100, 250, 500, 1000];
  const contour = contourPlot(grid, paths, { title: 'Rosenbrock: paths from (-1.5, 2)', levels, marks: [{ name: 'minimum (1, 1)', point: MINIMUM }], width: 620 });
  const curves: Series[] = entries.map((e) => ({ name: e.name, points: thin(e.result.losses.map((l, i): Point => [i, l])) }));
  return sideBySide([contour, lineChart(curves, { title: 'Rosenbrock: f per step', xLabel: 'step', yLabel: 'f(x, y)', logY: true, width: 620, height: 560 })]);
}

/** Digits chart: training loss (mean over a window of minibatches) per step, on a log scale. */
export function digitsChart(entries: readonly Entry<DigitsRun>[]): string {
  const curves: Series[] = entries.map((e) => ({ name: e.name, points: e.result.losses }));
  return lineChart(curves, { title: 'Digits MLP 64-32-10: training loss', xLabel: 'step (minibatch of 64)', yLabel: 'cross-entropy', logY: true });
}
