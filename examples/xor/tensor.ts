/**
 * XOR again, on the Tensor engine with `@nabla/nn` and `@nabla/optim`: the same two models as ./scalar.ts,
 * but all four points go through the model at once as a [4, 2] batch, and an optimizer makes the update.
 */
import { Generator, noGrad, tensor, type Tensor } from '@nabla/autograd';
import { Linear, Sequential, Sigmoid, Tanh, type Module } from '@nabla/nn';
import { mseLoss } from '@nabla/nn/functional';
import { Adam, SGD, type Optimizer } from '@nabla/optim';
import { XOR_INPUTS, XOR_TARGETS, accuracy, type TrainOptions, type TrainResult } from './scalar.js';

/** The four XOR points as a [4, 2] batch. */
export const X = tensor(XOR_INPUTS.map((p) => [...p]));
/** Their targets as [4, 1]. */
export const Y = tensor(XOR_TARGETS.map((t) => [t]));

/** Full-batch training of `model` with `opt` on MSE; the loop every nabla training script follows. */
function train(model: Module, opt: Optimizer, iterations: number, logEvery: number): TrainResult {
  const forward = (): Tensor => model.forward(X) as Tensor;
  const losses: [number, number][] = [];
  for (let step = 1; step <= iterations; step++) {
    const loss = mseLoss(forward(), Y);
    opt.zeroGrad(); // gradients accumulate across backward calls, so clear them first
    loss.backward();
    opt.step();
    if (step % logEvery === 0 || step === iterations) losses.push([step, loss.item()]);
  }
  return noGrad(() => {
    const out = forward();
    const predictions = Array.from(out.data());
    return { losses, finalLoss: mseLoss(out, Y).item(), predictions, accuracy: accuracy(predictions, XOR_TARGETS) };
  });
}

/**
 * The seed's single layer y = sigmoid(Xw^T + b): `Linear(2, 1)` then `Sigmoid`, plain SGD on MSE. Like the
 * scalar version it cannot beat 75%, because one line cannot separate XOR. Defaults: 1000 iterations at lr 0.1.
 * @example trainTensorSingleLayer({ seed: 0 }).accuracy; // at most 0.75
 */
export function trainTensorSingleLayer(opts: TrainOptions = {}): TrainResult {
  const { seed = 0, iterations = 1000, learningRate = 0.1, logEvery = 100 } = opts;
  const model = new Sequential(new Linear(2, 1, { generator: new Generator(seed) }), new Sigmoid());
  return train(model, new SGD(model.parameters(), { lr: learningRate }), iterations, logEvery);
}

/**
 * A 2-4-1 MLP, `Linear(2, 4)`, `Tanh`, `Linear(4, 1)`, `Sigmoid`, trained by Adam on MSE: it reaches 100%.
 * Defaults: 300 iterations at lr 0.05.
 * @example trainTensorMlp({ seed: 0 }).accuracy; // 1
 */
export function trainTensorMlp(opts: TrainOptions = {}): TrainResult {
  const { seed = 0, iterations = 300, learningRate = 0.05, logEvery = 100 } = opts;
  const g = new Generator(seed);
  const model = new Sequential(new Linear(2, 4, { generator: g }), new Tanh(), new Linear(4, 1, { generator: g }), new Sigmoid());
  return train(model, new Adam(model.parameters(), { lr: learningRate }), iterations, logEvery);
}
