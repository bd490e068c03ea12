/**
 * Pure training and evaluation of a digit classifier: minibatch Adam on cross-entropy with int32 labels, an
 * optional random 1-pixel shift of every training image, and a cosine learning-rate schedule. Nothing here
 * prints or touches files; main.ts and experiment.ts do.
 */
import { Generator, noGrad, tensor, type Tensor } from '@nabla/autograd';
import { DataLoader, TensorDataset, type Module } from '@nabla/nn';
import { crossEntropy } from '@nabla/nn/functional';
import { Adam, CosineAnnealingLR } from '@nabla/optim';
import { DIGIT_CLASSES, DIGIT_FEATURES, type Digits } from '../lib/digits.js';
import type { StepReporter } from '../lib/progress.js';
import { toInput, type ModelKind } from './models.js';

/** Hyperparameters of one training run. */
export interface TrainConfig {
  epochs: number;
  batchSize: number;
  /** Peak learning rate; a cosine schedule takes it to 0 over the run. */
  lr: number;
  /** Adam's L2 penalty λ (added to the gradient). */
  weightDecay: number;
  /** Shift each training image by a random -1, 0 or +1 pixel in x and y every time it is seen. */
  augment: boolean;
  /** Seeds the batch order and the shifts. */
  seed: number;
}

/** A model that maps one input Tensor to logits. */
export type Classifier = Pick<Module, 'parameters' | 'train' | 'eval'> & { forward(x: Tensor): Tensor };

/** One row of the learning curve, recorded after each epoch. */
export interface EpochRecord {
  epoch: number;
  /** Mean cross-entropy over the epoch's training batches. */
  trainLoss: number;
  testLoss: number;
  testAccuracy: number;
}

/** Accuracy, mean loss, predicted classes and the confusion matrix (row = true class, column = predicted). */
export interface Evaluation {
  accuracy: number;
  loss: number;
  predictions: Int32Array;
  confusion: number[][];
}

/**
 * Moves every 8 x 8 image by its own random (dx, dy) in {-1, 0, 1}^2, filling the uncovered edge with 0
 * (the background). Digits in the data set are centred only roughly, so shifted copies are plausible digits.
 * @example shiftImages(batch.features, batch.count, new Generator(0));
 */
export function shiftImages(features: Float32Array, count: number, generator: Generator): Float32Array {
  const out = new Float32Array(features.length);
  for (let n = 0; n < count; n++) {
    const dx = generator.int(-1, 2);
    const dy = generator.int(-1, 2);
    const base = n * DIGIT_FEATURES;
    for (let y = 0; y < 8; y++) {
      const sy = y - dy;
      if (sy < 0 || sy > 7) continue;
      for (let x = 0; x < 8; x++) {
        const sx = x - dx;
        if (sx >= 0 && sx <= 7) out[base + y * 8 + x] = features[base + sy * 8 + sx]!;
      }
    }
  }
  return out;
}

/** The model's predictions, mean cross-entropy, accuracy and confusion matrix on `data`, without recording a graph. */
export function evaluate(model: Classifier, kind: ModelKind, data: Digits): Evaluation {
  return noGrad(() => {
    model.eval();
    const logits = model.forward(toInput(kind, data.features, data.count));
    const loss = crossEntropy(logits, tensor(data.labels, { dtype: 'int32' })).item();
    const predictions = logits.argmax(1).data() as Int32Array;
    model.train();
    const confusion = Array.from({ length: DIGIT_CLASSES }, () => new Array<number>(DIGIT_CLASSES).fill(0));
    let correct = 0;
    data.labels.forEach((y, i) => {
      const p = predictions[i]!;
      confusion[y]![p]! += 1;
      if (p === y) correct++;
    });
    return { accuracy: correct / data.count, loss, predictions: Int32Array.from(predictions), confusion };
  });
}

/**
 * Trains `model` in place and returns the learning curve. Each epoch visits the training set once in a
 * fresh seeded order: a shuffling DataLoader over the pixels and labels, drawing from the same generator as
 * the shifts. `reporter` (optional) gets the step count and loss after every batch; when it reports
 * `stopRequested` (Ctrl-C) training ends after the current batch and the curve so far is returned.
 * @example const curve = await trainClassifier(makeMlp(), 'mlp', train, test, { ...MLP_CONFIG, epochs: 5 });
 */
export async function trainClassifier(
  model: Classifier, kind: ModelKind, train: Digits, test: Digits, cfg: TrainConfig, reporter?: StepReporter,
): Promise<EpochRecord[]> {
  const g = new Generator(cfg.seed);
  const pixelsAndLabels = new TensorDataset(tensor(train.features, { shape: [train.count, DIGIT_FEATURES] }), tensor(train.labels, { dtype: 'int32' }));
  const loader = new DataLoader(pixelsAndLabels, { batchSize: cfg.batchSize, shuffle: true, generator: g });
  const batches = loader.length;
  const opt = new Adam(model.parameters(), { lr: cfg.lr, weightDecay: cfg.weightDecay });
  const schedule = new CosineAnnealingLR(opt, { tMax: cfg.epochs * batches });
  const curve: EpochRecord[] = [];
  let step = 0;
  for (let epoch = 1; epoch <= cfg.epochs; epoch++) {
    let lossSum = 0;
    let seen = 0;
    for (const [x, labels] of loader) {
      const count = labels.size;
      const pixels = cfg.augment ? shiftImages(x.data() as Float32Array, count, g) : (x.data() as Float32Array);
      const loss = crossEntropy(model.forward(toInput(kind, pixels, count)), labels);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      schedule.step();
      const value = loss.item();
      lossSum += value * count;
      seen += count;
      step++;
      await reporter?.update(step, { loss: value });
      if (reporter?.stopRequested) break;
    }
    const ev = evaluate(model, kind, test);
    curve.push({ epoch, trainLoss: lossSum / seen, testLoss: ev.loss, testAccuracy: ev.accuracy });
    if (reporter?.stopRequested) break;
  }
  return curve;
}

