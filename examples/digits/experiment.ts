/**
 * One model's whole run, shared by main.ts and the test: train, evaluate on the held-out 20 %, write the
 * learning curves and the confusion matrix as SVG, save the weights as safetensors, load them into a
 * freshly initialised model and check that it predicts exactly the same classes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadFile, saveFile } from '@nabla/nn/node';
import type { Digits } from '../lib/digits.js';
import { confusionMatrix, lineChart, sideBySide } from '../lib/plot.js';
import type { StepReporter } from '../lib/progress.js';
import { makeModel, type ModelKind } from './models.js';
import { evaluate, trainClassifier, type EpochRecord, type Evaluation, type TrainConfig } from './train.js';

/** Hyperparameters of both models for one mode. */
export type DigitsConfig = Record<ModelKind, TrainConfig>;

/** Full mode (`pnpm example digits`); see the README for the accuracy it reaches. */
export const FULL: DigitsConfig = {
  mlp: { epochs: 40, batchSize: 64, lr: 1e-2, weightDecay: 0, augment: false, seed: 0 },
  cnn: { epochs: 30, batchSize: 64, lr: 1e-2, weightDecay: 5e-4, augment: false, seed: 0 },
};

/** Quick mode (`--quick`, CI): a few epochs, enough to show that both models learn. */
export const QUICK: DigitsConfig = {
  mlp: { epochs: 6, batchSize: 64, lr: 1e-2, weightDecay: 0, augment: false, seed: 0 },
  cnn: { epochs: 3, batchSize: 64, lr: 1e-2, weightDecay: 0, augment: false, seed: 0 },
};

/** What one model's run produced. */
export interface ModelResult {
  kind: ModelKind;
  curve: EpochRecord[];
  /** The trained model on the test set. */
  test: Evaluation;
  /** A fresh model loaded from the saved safetensors file, on the test set. */
  reloaded: Evaluation;
  /** Files written, by role. */
  files: { curves: string; confusion: string; weights: string };
  seconds: number;
}

/** Training steps (batches) of a run with `cfg` on `trainCount` images, for the progress bar. */
export const totalSteps = (cfg: TrainConfig, trainCount: number): number => cfg.epochs * Math.ceil(trainCount / cfg.batchSize);

/**
 * Trains the `kind` model with `cfg`, writes `KIND-curves.svg`, `KIND-confusion.svg` and `KIND.safetensors`
 * into `out` (which must exist), and re-evaluates the reloaded weights. Throws if the reloaded model's
 * predictions differ from the trained model's.
 * @example const r = await runModel('mlp', train, test, QUICK.mlp, '/tmp/out');
 */
export async function runModel(kind: ModelKind, train: Digits, test: Digits, cfg: TrainConfig, out: string, reporter?: StepReporter): Promise<ModelResult> {
  const t0 = performance.now();
  const model = makeModel(kind, cfg.seed);
  const curve = await trainClassifier(model, kind, train, test, cfg, reporter);
  const seconds = (performance.now() - t0) / 1000;
  const ev = evaluate(model, kind, test);
  const name = kind.toUpperCase();

  const files = { curves: join(out, `${kind}-curves.svg`), confusion: join(out, `${kind}-confusion.svg`), weights: join(out, `${kind}.safetensors`) };
  const points = (f: (r: EpochRecord) => number) => curve.map((r) => [r.epoch, f(r)] as const);
  const lossChart = lineChart(
    [{ name: 'train', points: points((r) => r.trainLoss) }, { name: 'test', points: points((r) => r.testLoss) }],
    { title: `${name}: cross-entropy`, xLabel: 'epoch', yLabel: 'loss (log scale)', logY: true },
  );
  const accChart = lineChart([{ name: 'test', points: points((r) => r.testAccuracy) }], { title: `${name}: test accuracy`, xLabel: 'epoch', yLabel: 'accuracy' });
  writeFileSync(files.curves, sideBySide([lossChart, accChart]));
  const pct = (ev.accuracy * 100).toFixed(1);
  writeFileSync(files.confusion, confusionMatrix(ev.confusion, { title: `${name} on ${test.count} test digits: ${pct} % correct` }));

  saveFile(files.weights, model, { example: 'digits', model: kind, testAccuracy: String(ev.accuracy) });
  // A different seed, so the reloaded model only matches if every weight really came from the file.
  const fresh = makeModel(kind, cfg.seed + 1);
  fresh.loadStateDict(loadFile(files.weights).tensors);
  const reloaded = evaluate(fresh, kind, test);
  const same = reloaded.predictions.every((p, i) => p === ev.predictions[i]);
  if (!same) throw new Error(`digits: the ${name} reloaded from ${files.weights} predicts differently (accuracy ${reloaded.accuracy} vs ${ev.accuracy})`);
  return { kind, curve, test: ev, reloaded, files, seconds };
}
