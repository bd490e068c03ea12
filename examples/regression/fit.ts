/**
 * Penalised least squares by proximal gradient descent (ISTA): a gradient step on the smooth part,
 * MSE + l2 * ||w||^2, computed by autodiff, then soft-thresholding for the l1 * ||w||_1 part.
 */
import { Generator, noGrad, type Tensor } from '@nabla/autograd';
import { Linear, elasticNet, l1Penalty, l2Penalty } from '@nabla/nn';
import { mseLoss } from '@nabla/nn/functional';
import { SGD } from '@nabla/optim';
import type { StepReporter } from '../lib/progress.js';
import type { Features } from './data.js';

/** Options of `fitPenalised`. */
export interface FitOptions {
  /** Strength of the L1 penalty l1 * sum |w_k| (default 0). */
  l1?: number;
  /** Strength of the L2 penalty l2 * sum w_k^2 (default 0). */
  l2?: number;
  /** Gradient steps (default 5000). */
  steps?: number;
  /**
   * How the L1 part is minimised: 'proximal' (default) soft-thresholds after each step and gives exact
   * zeros; 'subgradient' adds `l1Penalty` to the loss and lets gradient descent follow sign(w), which
   * only makes weights oscillate around zero.
   */
  l1Method?: 'proximal' | 'subgradient';
  progress?: StepReporter;
}

/** A fitted linear model on standardised features. The bias is never penalised. */
export interface Fit {
  weight: number[];
  bias: number;
  /** MSE on the training data. */
  mse: number;
  /** The whole objective: MSE + l1 * ||w||_1 + l2 * ||w||_2^2. */
  objective: number;
}

/**
 * Soft-thresholding, the proximal map of t * |w|: shrinks every entry towards 0 by t and sets those within
 * t of 0 to exactly 0. S_t(w) = sign(w) * max(|w| - t, 0).
 */
export function softThreshold(w: Float64Array, t: number): void {
  for (let i = 0; i < w.length; i++) {
    const a = Math.abs(w[i]!) - t;
    w[i] = a > 0 ? Math.sign(w[i]!) * a : 0;
  }
}

/**
 * Fits y ~ Xw + b minimising MSE + l1 ||w||_1 + l2 ||w||^2, starting from w = 0. Step size 1 / L, where
 * L = 2 * (number of features) + 2 * l2 bounds the gradient's Lipschitz constant: for standardised
 * columns the largest eigenvalue of X^T X / n is at most its trace, the number of columns.
 * @example fitPenalised(polynomialFeatures(makeData(), 8), { l1: 0.01 }).weight; // several exact zeros
 */
export async function fitPenalised(f: Pick<Features, 'X' | 'Y'>, opts: FitOptions = {}): Promise<Fit> {
  const { l1 = 0, l2 = 0, steps = 5000, l1Method = 'proximal', progress } = opts;
  const d = f.X.shape[1]!;
  const model = new Linear(d, 1, { dtype: 'float64', generator: new Generator(0) });
  noGrad(() => model.weight.mutate((w) => w.fill(0)));
  const lr = 1 / (2 * d + 2 * l2);
  const opt = new SGD(model.parameters(), { lr });
  const smooth = (): Tensor => {
    let loss = mseLoss(model.forward(f.X), f.Y).add(l2Penalty([model.weight], l2));
    if (l1Method === 'subgradient') loss = loss.add(l1Penalty([model.weight], l1));
    return loss;
  };
  for (let step = 1; step <= steps; step++) {
    const loss = smooth();
    opt.zeroGrad();
    loss.backward();
    opt.step();
    // The proximal step for lr * l1 * |w|: ISTA (Daubechies, Defrise and De Mol 2004; Beck and Teboulle 2009).
    if (l1Method === 'proximal' && l1 > 0) noGrad(() => model.weight.mutate((w) => softThreshold(w as Float64Array, lr * l1)));
    await progress?.update(step, { loss: loss.item() });
    if (progress?.stopRequested) break;
  }
  return noGrad(() => {
    const mse = mseLoss(model.forward(f.X), f.Y).item();
    const objective = mse + elasticNet([model.weight], l1, l2).item();
    return { weight: Array.from(model.weight.data()), bias: model.bias!.item(), mse, objective };
  });
}
