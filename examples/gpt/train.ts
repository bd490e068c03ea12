/**
 * Training the GPT: AdamW with weight decay on the matrices only, a linear warmup then a cosine decay of the
 * learning rate, gradient clipping, and the validation loss in nats per character at regular intervals.
 */
import { Generator, noGrad, tensor, type Tensor } from '@nabla/autograd';
import { crossEntropy } from '@nabla/nn/functional';
import { AdamW, LambdaLR, clipGradNorm } from '@nabla/optim';
import type { StepReporter } from '../lib/progress.js';
import { randomBatch, windows, type Batch } from './data.js';
import type { Gpt } from './model.js';

/** Hyperparameters of a training run. */
export interface TrainConfig {
  /** Optimizer steps (one batch each). */
  steps: number;
  /** Windows per batch. */
  batchSize: number;
  /** Window length (at most the model's blockSize). */
  contextLength: number;
  /** Peak learning rate, reached after `warmup` steps, then cosine-decayed to lr / 10 at the last step. */
  lr: number;
  warmup: number;
  /** AdamW's decoupled weight decay on the weight matrices (not on biases, LayerNorm gains or positions). */
  weightDecay: number;
  /** Gradients are rescaled to at most this global L2 norm. */
  clip: number;
  /** Measure the validation loss every this many steps (and at the start and end). */
  evalEvery: number;
  /** Validation windows measured at each evaluation (a fixed, evenly spaced set). */
  evalWindows: number;
  /** Seeds the batch order. */
  seed: number;
}

/** One row of the loss history. */
export interface LossRecord {
  step: number;
  /** Mean training loss since the previous record (NaN at step 0). */
  trainLoss: number;
  /** Validation loss in nats per character. */
  valLoss: number;
  /** Training tokens per second since the previous record (NaN at step 0). */
  tokensPerSecond: number;
}

/** The learning-rate multiplier at `step`: linear warmup from lr/warmup, then cosine down to 0.1. */
// #region optimizer
export function lrFactor(step: number, warmup: number, steps: number): number {
  if (step < warmup) return (step + 1) / warmup;
  const progress = Math.min(1, (step - warmup) / Math.max(1, steps - warmup));
  return 0.1 + 0.45 * (1 + Math.cos(Math.PI * progress));
}
// #endregion optimizer

/**
 * AdamW over two parameter groups, as nanoGPT: weight decay on every parameter with 2 or more dimensions
 * (Linear weights and the token embedding, which is also the output layer), none on biases and LayerNorm.
 * @example const opt = makeOptimizer(gpt, { lr: 3e-3, weightDecay: 0.1 });
 */
// #region optimizer
export function makeOptimizer(model: Gpt, cfg: Pick<TrainConfig, 'lr' | 'weightDecay'>): AdamW {
  const named = model.namedParameters();
  const decay = named.filter(([name, p]) => p.ndim >= 2 && name !== 'posEmb.weight').map(([, p]) => p);
  const noDecay = named.filter(([name, p]) => p.ndim < 2 || name === 'posEmb.weight').map(([, p]) => p);
  return new AdamW([{ params: decay, weightDecay: cfg.weightDecay }, { params: noDecay, weightDecay: 0 }], { lr: cfg.lr, betas: [0.9, 0.99] });
}
// #endregion optimizer

/** Mean cross-entropy per predicted character of one batch. */
export function batchLoss(model: Gpt, b: Batch): Tensor {
  const logits = model.forward(tensor(b.inputs, { dtype: 'int32' }).reshape([b.batch, b.length]));
  return crossEntropy(logits.reshape([b.batch * b.length, model.config.vocabSize]), tensor(b.targets, { dtype: 'int32' }));
}

/**
 * Validation loss in nats per character on `count` windows of `length` spread evenly over `tokens`, in eval
 * mode (no dropout) and without recording a graph.
 */
export function evaluateLoss(model: Gpt, tokens: Int32Array, count: number, length: number, batchSize = 32): number {
  const span = tokens.length - length - 1;
  const starts = Array.from({ length: count }, (_, i) => Math.floor((i * span) / Math.max(1, count - 1)));
  let total = 0;
  model.eval();
  noGrad(() => {
    for (let i = 0; i < starts.length; i += batchSize) {
      const part = starts.slice(i, i + batchSize);
      total += batchLoss(model, windows(tokens, part, length)).item() * part.length;
    }
  });
  model.train();
  return total / starts.length;
}

/**
 * Trains `model` in place on random windows of `train` and returns the loss history, with the validation
 * loss on `val` every `cfg.evalEvery` steps (passed to `onEval` as it is measured). Stops after the current
 * step when `reporter.stopRequested`.
 * @example const history = await trainGpt(gpt, train, val, QUICK.train);
 */
export async function trainGpt(
  model: Gpt, train: Int32Array, val: Int32Array, cfg: TrainConfig, reporter?: StepReporter, onEval?: (record: LossRecord) => void,
): Promise<LossRecord[]> {
  const g = new Generator(cfg.seed);
  const params = model.parameters();
  const opt = makeOptimizer(model, cfg);
  // #region step
  const schedule = new LambdaLR(opt, { lrLambda: (step) => lrFactor(step, cfg.warmup, cfg.steps) });
  // #endregion step
  const evaluate = (): number => evaluateLoss(model, val, cfg.evalWindows, cfg.contextLength);
  const history: LossRecord[] = [{ step: 0, trainLoss: NaN, valLoss: evaluate(), tokensPerSecond: NaN }];
  const tokensPerStep = cfg.batchSize * cfg.contextLength;
  let sum = 0;
  let count = 0;
  let trainMs = 0;
  let recent: number[] = [];
  for (let step = 1; step <= cfg.steps; step++) {
    const t0 = performance.now();
    // #region step
    const loss = batchLoss(model, randomBatch(train, cfg.batchSize, cfg.contextLength, g));
    opt.zeroGrad();
    loss.backward();
    clipGradNorm(params, cfg.clip);
    opt.step();
    schedule.step();
    // #endregion step
    const value = loss.item();
    const ms = performance.now() - t0;
    trainMs += ms;
    sum += value;
    count++;
    recent = [...recent.slice(-19), ms];
    const tokPerS = (tokensPerStep * recent.length * 1000) / recent.reduce((a, b) => a + b, 0);
    await reporter?.update(step, { loss: value, val: history.at(-1)!.valLoss, 'tok/s': Math.round(tokPerS) });
    const stop = reporter?.stopRequested === true;
    if (step % cfg.evalEvery === 0 || step === cfg.steps || stop) {
      history.push({ step, trainLoss: sum / count, valLoss: evaluate(), tokensPerSecond: (tokensPerStep * count * 1000) / trainMs });
      onEval?.(history.at(-1)!);
      sum = count = trainMs = 0;
    }
    if (stop) break;
  }
  return history;
}
