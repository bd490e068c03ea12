/**
 * XOR with the scalar engine, as pure functions: each trains from a seed and returns its loss curve,
 * predictions and accuracy, so `main.ts` can print them and `xor.test.ts` can check them.
 */
import { Generator, Value } from '@nabla/autograd';
import { MLP } from '@nabla/nn/scalar';

/** The four XOR points and their targets: 1 exactly when the two inputs differ. */
export const XOR_INPUTS: readonly (readonly [number, number])[] = [
  [0, 0],
  [0, 1],
  [1, 0],
  [1, 1],
];
export const XOR_TARGETS: readonly number[] = [0, 1, 1, 0];

/** How to train; every field has a default that reproduces the README's numbers. */
export interface TrainOptions {
  /** Seeds the initial weights; default 0. */
  seed?: number;
  /** Gradient-descent steps over all four points (the article's `iterations`). */
  iterations?: number;
  /** Step size (the article's `learning_rate`). */
  learningRate?: number;
  /** Record the loss every this many steps (and at the last step); default 100. */
  logEvery?: number;
}

export interface TrainResult {
  /** [step, loss] pairs, every `logEvery` steps and at the end. */
  losses: [number, number][];
  /** Mean squared error over the four points after training. */
  finalLoss: number;
  /** The model's output for each XOR point after training, in (0, 1). */
  predictions: number[];
  /** Fraction of points whose prediction lands on the right side of 0.5. */
  accuracy: number;
}

/** Fraction of predictions that fall on the target's side of 0.5. */
export function accuracy(predictions: readonly number[], targets: readonly number[]): number {
  const right = predictions.filter((p, i) => (p > 0.5 ? 1 : 0) === targets[i]).length;
  return right / targets.length;
}

/** MSE over the XOR points of a model mapping an input pair to one Value. */
function mse(model: (x: readonly [number, number]) => Value): Value {
  let total = new Value(0);
  XOR_INPUTS.forEach((x, i) => {
    const d = model(x).sub(XOR_TARGETS[i] as number);
    total = total.add(d.mul(d));
  });
  return total.div(XOR_INPUTS.length);
}

/** Full-batch gradient descent on `params`; shared by both models so only the model differs. */
function train(
  params: readonly Value[],
  model: (x: readonly [number, number]) => Value,
  iterations: number,
  learningRate: number,
  logEvery: number,
): TrainResult {
  const losses: [number, number][] = [];
  for (let step = 1; step <= iterations; step++) {
    const loss = mse(model);
    for (const p of params) p.grad = 0; // backward accumulates, so clear last step's gradients first
    loss.backward();
    for (const p of params) p.data -= learningRate * p.grad;
    if (step % logEvery === 0 || step === iterations) losses.push([step, loss.data]);
  }
  const predictions = XOR_INPUTS.map((x) => model(x).data);
  return { losses, finalLoss: mse(model).data, predictions, accuracy: accuracy(predictions, XOR_TARGETS) };
}

/**
 * The seed article's model: one layer, y = sigmoid(w·X + b), trained by gradient descent on MSE. It cannot
 * learn XOR: a single sigmoid unit draws one straight line through the plane, and no line has (0,1) and
 * (1,0) on one side with (0,0) and (1,1) on the other, so at least one point is always misclassified.
 * Under MSE the best it can do is to give up: w -> 0, b -> 0, every prediction 0.5, loss 0.25. Defaults:
 * 1000 iterations at learning rate 0.1.
 *
 * @example
 * trainSingleLayer({ seed: 0 }).accuracy; // at most 0.75
 */
export function trainSingleLayer(opts: TrainOptions = {}): TrainResult {
  const { seed = 0, logEvery = 100 } = opts;
  const iterations = opts.iterations ?? 1000; // the article's `iterations`
  const learningRate = opts.learningRate ?? 0.1; // the article's `learning_rate`
  const g = new Generator(seed);
  const w = [new Value(g.uniform(-1, 1), { label: 'w0' }), new Value(g.uniform(-1, 1), { label: 'w1' })]; // the article's `w`
  const b = new Value(0, { label: 'b' }); // the article's `b`
  const model = ([x0, x1]: readonly [number, number]): Value => w[0]!.mul(x0).add(w[1]!.mul(x1)).add(b).sigmoid();
  return train([...w, b], model, iterations, learningRate, logEvery);
}

/**
 * A 2-4-1 MLP (tanh hidden layer, sigmoid output) trained the same way: the hidden layer bends the plane
 * so that one line can separate the two classes, and it reaches 100% accuracy. Defaults: 1000 iterations
 * at learning rate 1 (every seed from 0 to 19 reaches 100% with them).
 *
 * @example
 * trainMlp({ seed: 0 }).accuracy; // 1
 */
export function trainMlp(opts: TrainOptions = {}): TrainResult {
  const { seed = 0, iterations = 1000, learningRate = 1, logEvery = 100 } = opts;
  const mlp = new MLP(2, [4, 1], { nonlin: 'tanh', outNonlin: 'sigmoid', seed });
  const model = (x: readonly [number, number]): Value => mlp.forward(x)[0] as Value;
  return train(mlp.parameters(), model, iterations, learningRate, logEvery);
}
