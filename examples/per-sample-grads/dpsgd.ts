/**
 * DP-SGD (Abadi et al., 2016, "Deep Learning with Differential Privacy"): per-example gradients by
 * `vmap(grad(loss))`, each clipped to norm C, summed, Gaussian noise of standard deviation sigma * C added,
 * averaged over the batch, then a plain SGD step. Pure functions of tensors; ./main.ts only prints.
 */
import { Generator, grad, noGrad, randn, tensor, vmap, type DType, type Tensor } from '@nabla/autograd';
import * as F from '@nabla/nn/functional';
import { DIGIT_CLASSES, DIGIT_FEATURES, type Digits } from '../lib/digits.js';
import type { StepReporter } from '../lib/progress.js';
import { initParams, logits, loss } from './mlp.js';

/**
 * The gradient of the loss for every example of the batch, as the rows of a [N, parameters] matrix:
 * `grad(loss)` is written for one example, and `vmap` maps it over x and y while theta is shared (null).
 * @example perSampleGrads(theta, x, y).shape; // [x.shape[0], theta.size]
 */
export const perSampleGrads = (theta: Tensor, x: Tensor, y: Tensor): Tensor => vmap(grad(loss), { inAxes: [null, 0, 0] })(theta, x, y);

/**
 * Scales each row g_i of g to norm at most C: g_i / max(1, |g_i| / C). Rows already inside the ball are left
 * as they are, so C = Infinity clips nothing.
 * @example clipRows(tensor([[3, 4], [0.3, 0.4]]), 1); // [[0.6, 0.8], [0.3, 0.4]]
 */
export function clipRows(g: Tensor, maxNorm: number): Tensor {
  return g.div(g.norm(2, 1, true).div(maxNorm).clamp(1));
}

/** DP-SGD's knobs. */
export interface DpConfig {
  /** Step size. */
  lr: number;
  /** Clipping norm C of each example's gradient (Infinity: no clipping). */
  clip: number;
  /** Noise multiplier sigma: the summed gradient gets N(0, (sigma C)^2) noise per coordinate (0: none). */
  noiseMultiplier: number;
}

/** What one step returns: the new parameters and how hard the clipping bit. */
export interface DpStep {
  theta: Tensor;
  /** Mean norm of the per-example gradients before clipping. */
  meanNorm: number;
  /** Share of the examples whose gradient was clipped. */
  clippedFraction: number;
}

/**
 * One DP-SGD step on the batch (x, y): theta - lr * (sum_i clip(g_i) + sigma C z) / N with z ~ N(0, I) drawn
 * from `generator`.
 * @example dpsgdStep(theta, x, y, { lr: 0.5, clip: 1, noiseMultiplier: 1 }, new Generator(0)).theta
 */
export function dpsgdStep(theta: Tensor, x: Tensor, y: Tensor, cfg: DpConfig, generator: Generator): DpStep {
  const g = perSampleGrads(theta, x, y);
  const norms = Array.from(g.norm(2, 1).data());
  let sum = clipRows(g, cfg.clip).sum(0);
  // Skipped at sigma = 0 rather than scaled by 0: with C = Infinity, 0 * Infinity would be NaN.
  if (cfg.noiseMultiplier > 0) sum = sum.add(randn([theta.size], { generator, dtype: theta.dtype }).mul(cfg.noiseMultiplier * cfg.clip));
  const update = sum.div(x.shape[0]!);
  const total = norms.reduce((a, b) => a + b, 0);
  return {
    // The update is bookkeeping, not part of any loss: no graph links one step's theta to the next.
    theta: noGrad(() => theta.sub(update.mul(cfg.lr))),
    meanNorm: total / norms.length,
    clippedFraction: norms.filter((n) => n > cfg.clip).length / norms.length,
  };
}

/** A digits set as tensors: images [N, 64] and int32 class labels [N]. */
export interface DigitTensors {
  x: Tensor;
  y: Tensor;
  labels: Int32Array;
}

/** The pixels of `d` as a tensor of `dtype`, and its labels as int32. */
export function toTensors(d: Digits, dtype: DType = 'float32'): DigitTensors {
  const x = tensor(d.features, { shape: [d.count, DIGIT_FEATURES], dtype });
  const y = tensor(d.labels, { dtype: 'int32' });
  return { x, y, labels: d.labels };
}

/** Test accuracy and mean cross-entropy of theta on a set. */
export function evaluate(theta: Tensor, set: DigitTensors): { accuracy: number; loss: number } {
  return noGrad(() => {
    const predictions = logits(theta, set.x).argmax(1).data();
    const right = predictions.filter((p, i) => p === set.labels[i]).length;
    return { accuracy: right / set.labels.length, loss: loss(theta, set.x, set.y).item() };
  });
}

/** A training run: DP-SGD's knobs plus the schedule. */
export interface TrainConfig extends DpConfig {
  epochs: number;
  batchSize: number;
  seed: number;
}

/** One epoch's record. */
export interface EpochRecord {
  epoch: number;
  meanNorm: number;
  clippedFraction: number;
  testAccuracy: number;
}

/**
 * Trains the MLP from `initParams(seed)` by DP-SGD: every epoch shuffles the training set (seeded) and takes
 * floor(N / batchSize) steps on disjoint batches; the test set is evaluated after each epoch. Stops early,
 * after the current step, when `progress.stopRequested`.
 */
export async function train(trainSet: DigitTensors, testSet: DigitTensors, cfg: TrainConfig, progress?: StepReporter): Promise<{ theta: Tensor; curve: EpochRecord[] }> {
  let theta = initParams(cfg.seed, trainSet.x.dtype);
  const shuffle = new Generator(cfg.seed);
  const noise = new Generator(cfg.seed + 1);
  const n = trainSet.labels.length;
  const perEpoch = Math.floor(n / cfg.batchSize);
  const curve: EpochRecord[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= cfg.epochs && !progress?.stopRequested; epoch++) {
    const order = Array.from({ length: n }, (_, i) => i);
    for (let i = n - 1; i > 0; i--) {
      const j = shuffle.int(0, i + 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    let norm = 0;
    let clipped = 0;
    let steps = 0;
    for (let b = 0; b < perEpoch && !progress?.stopRequested; b++) {
      const idx = tensor(order.slice(b * cfg.batchSize, (b + 1) * cfg.batchSize), { dtype: 'int32' });
      const r = dpsgdStep(theta, trainSet.x.indexSelect(0, idx), trainSet.y.indexSelect(0, idx), cfg, noise);
      theta = r.theta;
      norm += r.meanNorm;
      clipped += r.clippedFraction;
      steps++;
      await progress?.update(++step, { norm: r.meanNorm });
    }
    if (steps === 0) break;
    curve.push({ epoch, meanNorm: norm / steps, clippedFraction: clipped / steps, testAccuracy: evaluate(theta, testSet).accuracy });
  }
  return { theta, curve };
}

/** Steps in a run (for the progress bar). */
export const totalSteps = (cfg: TrainConfig, n: number): number => cfg.epochs * Math.floor(n / cfg.batchSize);

/** The full run: batches of 128, C = 1, sigma = 1, 20 epochs (220 steps). */
export const FULL: TrainConfig = { epochs: 20, batchSize: 128, lr: 2, clip: 1, noiseMultiplier: 1, seed: 0 };
/** Quick mode (what the test runs): the same, 4 epochs. */
export const QUICK: TrainConfig = { ...FULL, epochs: 4 };
/** The non-private reference: no clipping, no noise, the step size that suits plain SGD here. */
export const NON_PRIVATE: Pick<TrainConfig, 'lr' | 'clip' | 'noiseMultiplier'> = { lr: 1, clip: Infinity, noiseMultiplier: 0 };
