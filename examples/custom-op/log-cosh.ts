/**
 * A numerically stable log-cosh as a custom op (`defineOp`) with its own derivative rule, and a robust
 * line fit that uses it as a loss, as pure functions: `main.ts` prints them, `log-cosh.test.ts` checks them.
 */
import { Generator, defineOp, randn, tensor, valueAndGrad, type Tensor } from '@nabla/autograd';

/**
 * log cosh x, computed as |x| + log1p(exp(-2|x|)) - log 2: exp only ever sees a non-positive argument, so
 * nothing overflows, and log1p keeps the small term exact. The textbook form log((e^x + e^-x) / 2)
 * overflows once |x| passes ~89 in float32 (~710 in float64).
 */
export const logCosh = defineOp({
  name: 'logCosh',
  forward: (x) => {
    const a = x.abs();
    return a.add(a.mul(-2).exp().log1p()).sub(Math.LN2);
  },
  // d log cosh x = tanh x dx: smooth everywhere (no kink at 0, unlike |x|), and written in Tensor ops,
  // so second derivatives (1 - tanh^2 x) come from autodiff.
  vjp: (g, { inputs: [x] }) => [g.mul(x!.tanh())],
});

/** The textbook formula, for comparison: overflows to Infinity for large |x| and its gradient becomes NaN. */
export const naiveLogCosh = (x: Tensor): Tensor => x.exp().add(x.neg().exp()).div(2).log();

/** Points on the line y = 2x + 1 with small noise, plus a fraction of gross outliers lifted by +150. */
export interface LineData {
  x: Tensor;
  y: Tensor;
}

export const TRUE_SLOPE = 2;
export const TRUE_INTERCEPT = 1;

export function makeLineData({ n = 200, outlierFraction = 0.1, seed = 0 } = {}): LineData {
  const g = new Generator(seed);
  const xs = Array.from({ length: n }, () => g.uniform() * 4 - 2);
  const noise = randn([n], { generator: g }).mul(0.1).data();
  const ys = xs.map((x, i) => TRUE_SLOPE * x + TRUE_INTERCEPT + noise[i]! + (i < n * outlierFraction ? 150 : 0));
  return { x: tensor(xs), y: tensor(ys) };
}

export type LossName = 'mse' | 'logCosh' | 'naiveLogCosh';

const residualLoss: Record<LossName, (r: Tensor) => Tensor> = {
  mse: (r) => r.square().mean(),
  logCosh: (r) => logCosh(r).mean(),
  naiveLogCosh: (r) => naiveLogCosh(r).mean(),
};

export interface FitResult {
  slope: number;
  intercept: number;
  finalLoss: number;
}

/**
 * Fits y = slope * x + intercept by full-batch gradient descent on the chosen loss, with gradients from
 * `valueAndGrad` (so the custom rule is what drives the fit for logCosh).
 */
export function fitLine(data: LineData, loss: LossName, { steps = 2000, learningRate = 0.5 } = {}): FitResult {
  const objective = (w: Tensor, b: Tensor) => residualLoss[loss](data.x.mul(w).add(b).sub(data.y));
  const step = valueAndGrad(objective, { argnums: [0, 1] });
  let w = tensor(0);
  let b = tensor(0);
  let value = NaN;
  for (let i = 0; i < steps; i++) {
    const [v, [gw, gb]] = step(w, b);
    value = v.item();
    w = w.sub(gw!.mul(learningRate));
    b = b.sub(gb!.mul(learningRate));
  }
  return { slope: w.item(), intercept: b.item(), finalLoss: value };
}
