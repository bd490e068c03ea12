/** vmap, forward-mode jvp, jacrev/jacfwd/hessian, and per-sample gradients with DP-SGD clipping. */
// #region vmapIntro
import { grad, hessian, jacfwd, jacrev, jvp, stack, tensor, vmap, type Tensor } from '@nabla/autograd';
// #endregion vmapIntro

export function vmapIntro(): void {
  // #region vmapIntro
  // Written for ONE example: a vector x [3] against shared weights w [3].
  const score = (w: Tensor, x: Tensor) => w.mul(x).sum().tanh();
  const w = tensor([1, -1, 0.5], { dtype: 'float64' });
  const xs = tensor([[1, 0, 0], [0, 1, 0], [2, 2, 2]], { dtype: 'float64' }); // a batch of 3 examples

  const batched = vmap(score, { inAxes: [null, 0] }); // w shared (null), x mapped over its axis 0
  const looped = stack([0, 1, 2].map((i) => score(w, xs.select(0, i))));
  console.log(batched(w, xs).toArray()); // tanh(1), tanh(-1), tanh(1)
  console.log(looped.toArray());
  // #endregion vmapIntro
}

export function batchingRules(): void {
  // #region batchingRules
  const xs = tensor([[1, 2, 3], [4, 5, 6]]); // two examples of shape [3]
  // Elementwise: the batch axis rides along.
  console.log(vmap((x: Tensor) => x.mul(10))(xs).toArray());
  // A reduction over the example's axis 0 becomes a reduction over axis 1 of the batch.
  console.log(vmap((x: Tensor) => x.sum(0))(xs).toArray());
  // Matrix times one example's vector: ONE matmul for the batch, W @ xs^T (here next to its transpose xs @ W^T).
  const W = tensor([[1, 0, 0], [1, 1, 1]]);
  console.log(vmap((x: Tensor) => W.matmul(x))(xs).toArray(), xs.matmul(W.T).toArray());
  // #endregion batchingRules
}

export function forwardMode(): void {
  // #region forwardMode
  // f(x) = sin(x^2) at x = 3 along v = 1: the tangent goes 1 -> 2 x v = 6 -> cos(9) * 6
  const f = (x: Tensor) => x.square().sin();
  const [y, dy] = jvp(f, [tensor(3, { dtype: 'float64' })], [tensor(1, { dtype: 'float64' })]);
  console.log(y.item().toFixed(6), dy.item().toFixed(6), (Math.cos(9) * 6).toFixed(6));
  // #endregion forwardMode
}

// #region jacobians
// f: R^2 -> R^3, f(x) = [x0 x1, sin x0, x1^2]; J = [[x1, x0], [cos x0, 0], [0, 2 x1]]
const f = (x: Tensor) => {
  const [x0, x1] = x.split(1);
  return x0!.mul(x1!).concat([x0!.sin(), x1!.square()]);
};
// #endregion jacobians

export function jacobians(): void {
  // #region jacobians
  const x = tensor([0, 3], { dtype: 'float64' });
  console.log(jacrev(f)(x).toArray()); // 3 rows: one batched backward pass (vmap over the pullback)
  console.log(jacfwd(f)(x).toArray()); // 2 columns: one batched forward pass (vmap over jvp)
  // #endregion jacobians
}

export function hessianFwdRev(): void {
  // #region hessianFwdRev
  // g(x) = x0^2 x1 + x1^3: H = [[2 x1, 2 x0], [2 x0, 6 x1]]
  const g = (x: Tensor) => {
    const [x0, x1] = x.split(1);
    return x0!.square().mul(x1!).add(x1!.pow(3)).sum();
  };
  const x = tensor([1, 2], { dtype: 'float64' });
  console.log(hessian(g)(x).toArray()); // [[4, 2], [2, 12]]
  console.log(jacfwd(jacrev(g))(x).toArray()); // the same thing, spelled out
  // #endregion hessianFwdRev
}

export function perSample(): void {
  // #region perSample
  // Squared error of a linear model on ONE example (x [2], y a scalar).
  const loss = (w: Tensor, x: Tensor, y: Tensor) => w.dot(x).sub(y).square();
  const w = tensor([1, 1], { dtype: 'float64' });
  const X = tensor([[1, 0], [0, 2], [3, 4]], { dtype: 'float64' });
  const Y = tensor([0, 0, 0], { dtype: 'float64' });

  const G = vmap(grad(loss), { inAxes: [null, 0, 0] })(w, X, Y); // row i = 2 (w.x_i - y_i) x_i
  console.log(G.toArray());
  const batchLoss = (w: Tensor) => X.matmul(w).sub(Y).square().mean();
  const round = (t: Tensor) => Array.from(t.data(), (v) => +v.toFixed(6));
  console.log(round(G.mean(0)), round(grad(batchLoss)(w))); // the mean of the rows is the usual gradient

  // DP-SGD: clip each row to norm C = 5, g_i / max(1, |g_i| / C), then sum (noise would be added here).
  const C = 5;
  const clipped = G.div(G.norm(2, 1, true).div(C).clamp(1));
  console.log(clipped.toArray(), clipped.norm(2, 1).toArray());
  // #endregion perSample
}

export function main(): void {
  for (const part of [vmapIntro, batchingRules, forwardMode, jacobians, hessianFwdRev, perSample]) part();
}
