/**
 * The optimizers on a real task: a small MLP (64-32-10, ReLU) classifying the UCI digits, trained on
 * seeded minibatches of 64 with cross-entropy. Every optimizer starts from the same weights and sees the
 * same batches in the same order, so only the update rule differs.
 */
import { Generator, noGrad, tensor, type Tensor } from '@nabla/autograd';
import { Linear, ReLU, Sequential } from '@nabla/nn';
import { crossEntropy } from '@nabla/nn/functional';
import type { Optimizer } from '@nabla/optim';
import { DIGIT_CLASSES, DIGIT_FEATURES, type Digits } from '../lib/digits.js';
import type { StepReporter } from '../lib/progress.js';

/** A run's loss curve and where it ended. */
export interface DigitsRun {
  /** [step, mean training loss over the last `logEvery` batches]. */
  losses: [number, number][];
  /** Cross-entropy on the whole training set after the last step. */
  trainLoss: number;
  testAccuracy: number;
  /** Steps taken (fewer than asked after Ctrl-C). */
  steps: number;
}

/** Options of `runDigits`. */
export interface DigitsRunOptions {
  steps: number;
  seed?: number;
  batchSize?: number;
  logEvery?: number;
  progress?: StepReporter;
}

const asTensors = (d: Digits): { X: Tensor; Y: Tensor } => ({
  X: tensor(d.features, { shape: [d.count, DIGIT_FEATURES] }),
  Y: tensor(d.labels),
});

/**
 * Trains a fresh MLP with the optimizer `make` builds and reports its curve, final training loss and
 * test accuracy.
 * @example await runDigits((p) => new Adam(p, { lr: 3e-3 }), train, test, { steps: 100 });
 */
export async function runDigits(make: (params: Tensor[]) => Optimizer, train: Digits, test: Digits, opts: DigitsRunOptions): Promise<DigitsRun> {
  const { steps, seed = 0, batchSize = 64, logEvery = 10, progress } = opts;
  const g = new Generator(seed);
  const model = new Sequential(new Linear(DIGIT_FEATURES, 32, { generator: g }), new ReLU(), new Linear(32, DIGIT_CLASSES, { generator: g }));
  const opt = make(model.parameters());
  const tr = asTensors(train);
  const te = asTensors(test);
  const losses: [number, number][] = [];
  let order: number[] = [];
  let window = 0;
  let step = 0;
  while (step < steps && !progress?.stopRequested) {
    step++;
    if (order.length < batchSize) order = shuffled(train.count, g); // a new epoch
    const index = tensor(order.splice(0, batchSize), { dtype: 'int32' });
    const loss = crossEntropy(model.forward(tr.X.indexSelect(0, index)), tr.Y.indexSelect(0, index));
    opt.zeroGrad();
    loss.backward();
    opt.step();
    window += loss.item();
    if (step % logEvery === 0) {
      losses.push([step, window / logEvery]);
      window = 0;
    }
    await progress?.update(step, { loss: loss.item() });
  }
  return noGrad(() => {
    const trainLoss = crossEntropy(model.forward(tr.X), tr.Y).item();
    const predicted = model.forward(te.X).argmax(1).data();
    const right = test.labels.filter((y, i) => predicted[i] === y).length;
    return { losses, trainLoss, testAccuracy: right / test.count, steps: step };
  });
}

/** 0..n-1 in a seeded random order (Fisher-Yates). */
function shuffled(n: number, g: Generator): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = g.int(0, i + 1);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}
