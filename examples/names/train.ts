/**
 * Training of the character model: next-token cross-entropy on length-bucketed batches of words, Adam with a
 * cosine schedule and gradient clipping. Pure: it returns the loss history and prints nothing.
 */
import { Generator, noGrad, tensor, type Tensor } from '@nabla/autograd';
import { crossEntropy } from '@nabla/nn/functional';
import { Adam, CosineAnnealingLR, clipGradNorm } from '@nabla/optim';
import type { StepReporter } from '../lib/progress.js';
import { IGNORE, VOCAB_SIZE, lengthBuckets, makeBatch, type Batch } from './data.js';
import type { CharLstm } from './model.js';

/** Hyperparameters of a training run. */
export interface TrainConfig {
  /** Optimizer steps (one batch each). */
  steps: number;
  batchSize: number;
  /** Starting learning rate; a cosine schedule lowers it to lr / 20 by the last step. */
  lr: number;
  /** Gradients are rescaled to at most this global L2 norm (LSTMs occasionally spike). */
  clip: number;
  /** Measure the held-out loss every this many steps (and at the start and end). */
  evalEvery: number;
  /** Seeds the batch order. */
  seed: number;
}

/** One row of the loss history. */
export interface LossRecord {
  step: number;
  /** Mean loss per character of the training batches since the previous record (NaN at step 0). */
  trainLoss: number;
  /** Loss per character on the held-out words. */
  valLoss: number;
}

/** Mean cross-entropy per predicted character (the boundary included, padding not) of one batch. */
export function batchLoss(model: CharLstm, batch: Batch): Tensor {
  const tokens = tensor(batch.inputs, { dtype: 'int32' }).reshape([batch.count, batch.length]);
  const [logits] = model.forward(tokens);
  return crossEntropy(logits.reshape([batch.count * batch.length, VOCAB_SIZE]), tensor(batch.targets, { dtype: 'int32' }), { ignoreIndex: IGNORE });
}

/**
 * Loss per character (nats) of the model on `words`, in batches, without recording a graph. ln(27) = 3.30
 * is the loss of a uniform guess.
 */
export function evaluateLoss(model: CharLstm, words: readonly string[], batchSize = 512): number {
  const sorted = words.slice().sort((a, b) => a.length - b.length);
  let total = 0;
  let chars = 0;
  noGrad(() => {
    for (let i = 0; i < sorted.length; i += batchSize) {
      const batch = makeBatch(sorted.slice(i, i + batchSize));
      const n = batch.targets.reduce((a, t) => a + (t === IGNORE ? 0 : 1), 0);
      total += batchLoss(model, batch).item() * n;
      chars += n;
    }
  });
  return total / chars;
}

/**
 * Trains `model` in place on `train` and returns the loss history, with the held-out loss on `val` measured
 * every `cfg.evalEvery` steps. Stops early, after the current step, when `reporter.stopRequested` (Ctrl-C).
 * @example const history = await trainCharModel(model, train, val, { ...QUICK, steps: 50 });
 */
export async function trainCharModel(
  model: CharLstm, train: readonly string[], val: readonly string[], cfg: TrainConfig, reporter?: StepReporter,
): Promise<LossRecord[]> {
  const g = new Generator(cfg.seed);
  const params = model.parameters();
  const opt = new Adam(params, { lr: cfg.lr });
  const schedule = new CosineAnnealingLR(opt, { tMax: cfg.steps, etaMin: cfg.lr / 20 });
  const history: LossRecord[] = [{ step: 0, trainLoss: NaN, valLoss: evaluateLoss(model, val) }];
  let queue: string[][] = [];
  let sum = 0;
  let count = 0;
  for (let step = 1; step <= cfg.steps; step++) {
    if (queue.length === 0) queue = lengthBuckets(train, cfg.batchSize, g);
    const loss = batchLoss(model, makeBatch(queue.pop()!));
    opt.zeroGrad();
    loss.backward();
    clipGradNorm(params, cfg.clip);
    opt.step();
    schedule.step();
    sum += loss.item();
    count++;
    await reporter?.update(step, { loss: sum / count });
    const stop = reporter?.stopRequested === true;
    if (step % cfg.evalEvery === 0 || step === cfg.steps || stop) {
      history.push({ step, trainLoss: sum / count, valLoss: evaluateLoss(model, val) });
      sum = count = 0;
    }
    if (stop) break;
  }
  return history;
}
