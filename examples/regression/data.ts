/**
 * Synthetic regression data from a known polynomial plus Gaussian noise, and polynomial features
 * x, x^2, ..., x^d standardised to mean 0 and standard deviation 1.
 */
import { Generator, tensor, type Tensor } from '@nabla/autograd';

/** The true polynomial's coefficients c0 + c1 x + c2 x^2 + c3 x^3: only three of x..x^8 matter. */
export const TRUE_COEFFICIENTS = [0.5, 1, -2, 1.5] as const;

/** Evaluates c0 + c1 x + c2 x^2 + ... at x. */
export function polynomial(coefficients: readonly number[], x: number): number {
  return coefficients.reduceRight((acc, c) => acc * x + c, 0); // Horner's rule
}

/** Samples and targets: y = polynomial(x) + noise. */
export interface Dataset {
  x: number[];
  y: number[];
}

/**
 * `count` points with x uniform in [-1, 1] and y = p(x) + N(0, noise^2), from a seed.
 * @example makeData({ seed: 0 }).x.length; // 50
 */
export function makeData(opts: { seed?: number; count?: number; noise?: number; coefficients?: readonly number[] } = {}): Dataset {
  const { seed = 0, count = 50, noise = 0.1, coefficients = TRUE_COEFFICIENTS } = opts;
  const g = new Generator(seed);
  const x = Array.from({ length: count }, () => g.uniform(-1, 1));
  const y = x.map((v) => polynomial(coefficients, v) + g.normal(0, noise));
  return { x, y };
}

/** Standardised polynomial features as float64 tensors, with what is needed to undo the scaling. */
export interface Features {
  /** [count, degree]: column k - 1 is (x^k - mean[k - 1]) / std[k - 1]. */
  X: Tensor;
  /** [count, 1] targets. */
  Y: Tensor;
  mean: number[];
  std: number[];
}

/**
 * Builds the features x, x^2, ..., x^degree, each standardised over the data. Standardising puts every
 * column on the same scale, so one penalty strength means the same for every weight and one step size
 * suits them all.
 */
export function polynomialFeatures(data: Dataset, degree: number): Features {
  const n = data.x.length;
  const columns = Array.from({ length: degree }, (_, k) => data.x.map((v) => v ** (k + 1)));
  const mean = columns.map((c) => c.reduce((a, b) => a + b, 0) / n);
  const std = columns.map((c, k) => Math.sqrt(c.reduce((a, b) => a + (b - mean[k]!) ** 2, 0) / n));
  const rows = data.x.map((_, i) => columns.map((c, k) => (c[i]! - mean[k]!) / std[k]!));
  return { X: tensor(rows, { dtype: 'float64' }), Y: tensor(data.y.map((v) => [v]), { dtype: 'float64' }), mean, std };
}

/**
 * Turns weights w and bias b learned on standardised features back into polynomial coefficients:
 * b + sum_k w_k (x^k - m_k) / s_k = (b - sum_k w_k m_k / s_k) + sum_k (w_k / s_k) x^k.
 */
export function toCoefficients(weight: readonly number[], bias: number, f: Pick<Features, 'mean' | 'std'>): number[] {
  const scaled = weight.map((w, k) => w / f.std[k]!);
  return [bias - scaled.reduce((acc, w, k) => acc + w * f.mean[k]!, 0), ...scaled];
}
