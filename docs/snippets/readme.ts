/** The code sample on the repository's front page (README.md), kept runnable here. */
// #region taste
import { tensor } from '@nabla/autograd';

// #endregion taste
export function main(): void {
  // #region taste
  const w = tensor([[0.5, -0.3]], { requiresGrad: true }); // weights  [1, 2]
  const b = tensor([0.1], { requiresGrad: true }); // bias     [1]
  const X = tensor([[0, 0], [0, 1], [1, 0], [1, 1]]); // inputs   [4, 2]
  const y = tensor([[0], [1], [1], [0]]); // targets  [4, 1]

  const yHat = X.matmul(w.transpose()).add(b).sigmoid(); // forward: y = f(wX + b)
  const loss = yHat.sub(y).square().mean(); // mean squared error
  loss.backward(); // dE/dw by the chain rule
  console.log(loss.item(), w.grad?.toArray(), b.grad?.toArray());
  // #endregion taste
}
