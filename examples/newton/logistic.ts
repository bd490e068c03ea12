/**
 * Logistic regression fitted two ways, as pure functions: Newton's method with the exact Hessian from
 * `hessian` (or matrix-free, with `hvp` and conjugate gradient) and plain gradient descent. `main.ts`
 * prints them side by side; `newton.test.ts` checks the convergence claims.
 */
import { Generator, grad, hessian, hvp, tensor, type Tensor } from '@nabla/autograd';

/** A design matrix X ([n, 3]: two features and a column of ones for the bias) and 0/1 labels y ([n]). */
export interface Dataset {
  X: Tensor;
  y: Tensor;
}

/** The weights the labels are drawn from: w = (1.5, -2), bias 0.5. */
export const TRUE_THETA = [1.5, -2, 0.5];

/**
 * A seeded synthetic set: features x1 ~ N(0, 1) and x2 ~ N(0, 2^2) (unequal scales, as raw features often
 * are), labels drawn from sigmoid(w.x + b), so the classes overlap and the optimum is finite.
 */
export function makeDataset({ n = 400, seed = 0 } = {}): Dataset {
  const g = new Generator(seed);
  const rows: number[][] = [];
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const x1 = g.normal();
    const x2 = 2 * g.normal();
    const z = TRUE_THETA[0]! * x1 + TRUE_THETA[1]! * x2 + TRUE_THETA[2]!;
    rows.push([x1, x2, 1]);
    labels.push(g.uniform() < 1 / (1 + Math.exp(-z)) ? 1 : 0);
  }
  return { X: tensor(rows, { dtype: 'float64' }), y: tensor(labels, { dtype: 'float64' }) };
}

/** Mean binary cross-entropy of logits z = X theta: mean(softplus(z) - y z), stable for any z. */
export function lossFn(data: Dataset): (theta: Tensor) => Tensor {
  return (theta) => {
    const z = data.X.matmul(theta);
    return z.softplus().sub(data.y.mul(z)).mean();
  };
}

/** Solves A x = b (A small and non-singular) by Gaussian elimination with partial pivoting. */
export function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[p]![c]!)) p = r;
    [M[c], M[p]] = [M[p]!, M[c]!];
    for (let r = c + 1; r < n; r++) {
      const f = M[r]![c]! / M[c]![c]!;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = M[r]![n]!;
    for (let k = r + 1; k < n; k++) s -= M[r]![k]! * x[k]!;
    x[r] = s / M[r]![r]!;
  }
  return x;
}

/**
 * Conjugate gradient for H d = g given only products v -> H v (H symmetric positive definite): exact in
 * at most dim(g) iterations in exact arithmetic, and never forms H.
 */
export function conjugateGradient(hv: (v: Tensor) => Tensor, g: Tensor, { iterations = g.size, tol = 1e-14 } = {}): Tensor {
  let d = g.mul(0);
  let r = g;
  let p = r;
  let rr = r.dot(r).item();
  for (let i = 0; i < iterations && rr > tol * tol; i++) {
    const Hp = hv(p);
    const alpha = rr / p.dot(Hp).item();
    d = d.add(p.mul(alpha));
    r = r.sub(Hp.mul(alpha));
    const next = r.dot(r).item();
    p = r.add(p.mul(next / rr));
    rr = next;
  }
  return d;
}

export type NewtonMethod = 'hessian' | 'cg';

/** One Newton step theta - H^-1 g, with H from `hessian` (solved directly) or applied through `hvp` (CG). */
export function newtonStep(loss: (theta: Tensor) => Tensor, theta: Tensor, method: NewtonMethod = 'hessian'): Tensor {
  const g = grad(loss)(theta);
  if (method === 'cg') return theta.sub(conjugateGradient((v) => hvp(loss, theta, v), g));
  const H = hessian(loss)(theta).toArray() as number[][];
  return theta.sub(tensor(solve(H, Array.from(g.data())), { dtype: 'float64' }));
}

/** One gradient-descent step theta - lr g. */
export function gdStep(loss: (theta: Tensor) => Tensor, theta: Tensor, learningRate: number): Tensor {
  return theta.sub(grad(loss)(theta).mul(learningRate));
}

/**
 * The largest step size with guaranteed descent for this loss, 1 / L, where L = lambda_max(X^T X) / (4 n)
 * bounds the Hessian (sigmoid' <= 1/4). It is the Hessian at theta = 0, whose top eigenvalue we find by
 * power iteration: gradient descent gets its best fixed step, so the comparison is fair.
 */
export function safeLearningRate(data: Dataset): number {
  const H0 = hessian(lossFn(data))(tensor([0, 0, 0], { dtype: 'float64' }));
  let v = tensor([1, 1, 1], { dtype: 'float64' });
  let lambda = 0;
  for (let i = 0; i < 200; i++) {
    const Hv = H0.matmul(v);
    lambda = Hv.dot(v).item() / v.dot(v).item();
    v = Hv.div(Hv.square().sum().sqrt());
  }
  return 1 / lambda;
}

/** Losses after 0..steps steps of an iteration `step` from theta = 0. */
export function lossCurve(loss: (theta: Tensor) => Tensor, step: (theta: Tensor) => Tensor, steps: number): number[] {
  let theta = tensor([0, 0, 0], { dtype: 'float64' });
  const losses = [loss(theta).item()];
  for (let i = 0; i < steps; i++) {
    theta = step(theta);
    losses.push(loss(theta).item());
  }
  return losses;
}

/** The first step whose loss is within `tol` of `optimum`, or -1 if none is. */
export const stepsToReach = (losses: readonly number[], optimum: number, tol = 1e-6): number =>
  losses.findIndex((l) => l - optimum <= tol);
